"""The widget's and end users' API.

Who calls: a visitor, by the bearer token of their widget session, resolved against the site
each request names (auth.visitor), after its input is checked, so bad input answers 400 before
a missing session answers 401; or the host app's backend, by a token signed with the site's
identity secret. No cookie is read, so no call can be forged from another site: no CSRF check.
"""
from flask import Blueprint

from helpwidget.auth import csrf

bp = csrf.exempt(Blueprint("visitor", __name__))

from helpwidget.api.visitor import (  # noqa: E402,F401
    articles,
    host_sessions,
    posts,
    search,
    search_events,
    session,
    speedtest,
    tickets,
    uploads,
)

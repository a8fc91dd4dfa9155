"""The support console's API: advisors and the admins of sites.

Who calls: a signed-in advisor, by a bearer token or the console's session cookie, checked
before every view but sign-in (auth.advisor.require_advisor, which leaves `g.advisor`). A
change sent with the cookie needs the console page's CSRF token in a header; bearer calls
carry no cookie, so the form check is off for the blueprint.
"""
from flask import Blueprint

from helpwidget.auth import csrf
from helpwidget.auth.advisor import require_advisor

bp = csrf.exempt(Blueprint("advisor", __name__))
bp.before_request(require_advisor)

from helpwidget.api.advisor import (  # noqa: E402,F401
    account,
    article_archive,
    articles,
    audit_log,
    categories,
    conversations,
    inbound_mail,
    inbox,
    insights,
    labels,
    members,
    posts,
    reports,
    revisions,
    saved_replies,
    session,
    site_settings,
    status,
    synonyms,
    team,
    ticket_actions,
    uploads,
)

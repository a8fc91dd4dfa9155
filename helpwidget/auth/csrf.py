"""CSRF rules: which calls a browser could forge, and the token that proves they were not."""
from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError as CSRFInvalid

from helpwidget.errors import Forbidden
from helpwidget.extensions import csrf

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def exempt(blueprint):
    """Keep the form check off a blueprint whose callers prove who they are without cookies.

    A bearer token or a signed body is never sent by the browser on its own, so another site
    cannot forge such a call; a blueprint that also takes a cookie checks it itself.
    """
    csrf.exempt(blueprint)
    return blueprint


def check_cookie_change():
    """Refuse a cookie-authenticated change without the console page's CSRF token."""
    if request.method not in UNSAFE_METHODS:
        return
    # A cookie goes with any request the browser makes; only the console page knows the token.
    header = request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token")
    if not header:
        raise Forbidden(_l("This page has expired. Reload it and try again."), code="csrf")
    try:
        validate_csrf(header)
    except CSRFInvalid:
        raise Forbidden(_l("This page has expired. Reload it and try again."), code="csrf")

"""The advisor behind an API request: bearer token or console cookie in, Advisor out."""
from flask import current_app, g, request, session
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError as CSRFInvalid

from helpwidget.api.auth import bearer_token
from helpwidget.errors import Forbidden, NotFound, Unauthorized
from helpwidget.extensions import db, limiter
from helpwidget.models import Site
from helpwidget.services import advisors
from helpwidget.services.identity import hash_token

# Where the console's session cookie keeps the advisor's token.
SESSION_TOKEN_KEY = "advisor_token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def session_token():
    """Return the advisor token of the console's session cookie, or None."""
    token = session.get(SESSION_TOKEN_KEY)
    return token if isinstance(token, str) and token else None


def request_token():
    """Return (token, from_cookie): the bearer token, else the console cookie's token."""
    token = bearer_token()
    if token is not None or request.headers.get("Authorization"):
        return token, False
    return session_token(), True


def current_advisor():
    """Return the signed-in advisor of the request, or raise Unauthorized (or Forbidden)."""
    token, from_cookie = request_token()
    if token is None:
        raise Unauthorized(_l("Sign in to the support console."))
    advisor = advisors.advisor_for_token(token)
    if advisor is None:
        raise Unauthorized(_l("Your console session has ended. Sign in again."))
    if from_cookie and request.method in UNSAFE_METHODS:
        _check_csrf()
    if not (request.args.get("locale") or request.headers.get("X-HelpWidget-Locale")):
        # The advisor's saved language wins over the browser's unless the request names one.
        g.locale = advisor.locale
    g.advisor = advisor
    return advisor


def _check_csrf():
    """Refuse a cookie-authenticated change without the console page's CSRF token."""
    # A cookie goes with any request the browser makes; only the console page knows the token.
    header = request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token")
    if not header:
        raise Forbidden(_l("This page has expired. Reload it and try again."), code="csrf")
    try:
        validate_csrf(header)
    except CSRFInvalid:
        raise Forbidden(_l("This page has expired. Reload it and try again."), code="csrf")


def site_for_advisor(advisor, site_key):
    """Return the site `site_key` if the advisor is on its team, else raise NotFound."""
    site = db.session.execute(db.select(Site).filter_by(key=site_key)).scalar_one_or_none() \
        if isinstance(site_key, str) else None
    if site is None or site.id not in advisors.site_ids_of(advisor):
        # Same answer whether the site exists or not: membership is not for outsiders to probe.
        raise NotFound(_l("No help center is configured for this site."))
    return site


def login_email_key():
    """Key the sign-in rate limit by the email tried, hashed so the store holds no addresses."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        data = request.form  # the console's sign-in form
    email = data.get("email")
    return "advisor-email:" + hash_token(email.strip().lower() if isinstance(email, str) else "")


def _failed(response):
    """Count only failed sign-ins, so a busy office behind one address is not locked out."""
    return response.status_code >= 400


def limit_sign_in(view):
    """Limit failed sign-ins per address and per email, the API and the console counted together."""
    value = lambda: current_app.config["RATELIMIT_ADVISOR_LOGIN"]  # noqa: E731
    view = limiter.shared_limit(value, "advisor-sign-in-email", key_func=login_email_key,
                                deduct_when=_failed)(view)
    return limiter.shared_limit(value, "advisor-sign-in-ip", key_func=get_remote_address,
                                deduct_when=_failed)(view)

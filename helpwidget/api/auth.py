"""The caller of an API request: site from the request, visitor from the bearer token."""
from flask import current_app, g, request
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Unauthorized
from helpwidget.extensions import limiter
from helpwidget.i18n import content_locale
from helpwidget.services import identity, sites


def bearer_token():
    """Return the bearer token of the request, or None (tokens never travel in URLs)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def load_site(key):
    """Resolve the site a request is about and remember it for locale selection."""
    g.site = sites.get_site(key)
    return g.site


def current_visitor(site, required=False):
    """Return the visitor of the bearer token; 401 if the token is bad or required and absent."""
    token = bearer_token()
    if token is None:
        if required:
            raise Unauthorized(_l("Open the help widget again to start a session."))
        return None
    visitor = identity.visitor_for_token(site, token)
    if visitor is None:
        raise Unauthorized(_l("Your help session has expired. Open the help widget again."))
    return visitor


def reader(site, requested_locale=None, required=False):
    """Return (visitor or None, account type, content locale) of the caller."""
    visitor = current_visitor(site, required=required)
    account_type = visitor.account_type if visitor else ""
    return visitor, account_type, content_locale(site, requested_locale)


def rate_key():
    """Key rate limits by visitor token when there is one, else by IP address."""
    token = bearer_token()
    # Its own prefix: endpoints that also stack ip_key must not count one request twice.
    return "t:" + identity.hash_token(token) if token else "anon:" + (request.remote_addr or "")


def ip_key():
    """Key a rate limit by IP address alone, so fresh tokens do not reset it."""
    return "ip:" + (request.remote_addr or "")


def limit_per_visitor_and_ip(setting):
    """Limit a write per visitor token and, separately, per IP address, to config[setting]."""
    def wrap(view):
        value = lambda: current_app.config[setting]  # noqa: E731
        return limiter.limit(value, key_func=rate_key)(
            limiter.limit(value, key_func=ip_key)(view))
    return wrap

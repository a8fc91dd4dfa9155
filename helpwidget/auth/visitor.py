"""The visitor behind a widget request: the site from the request, the visitor from its token."""
from flask import g
from flask_babel import lazy_gettext as _l

from helpwidget.auth.bearer import bearer_token
from helpwidget.errors import Unauthorized
from helpwidget.i18n import content_locale
from helpwidget.services import identity, sites


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


def visitor_input(schema, source):
    """Load the input, resolve its site and the visitor (required); return all three.

    In this order, so bad input answers 400 and an unknown site 404 before a missing session 401.
    """
    data = schema.load(source)
    site = load_site(data["site"])
    return data, site, current_visitor(site, required=True)

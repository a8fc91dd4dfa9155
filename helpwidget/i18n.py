"""Choosing the language of a request: explicit choice, then the browser, then the site."""
from flask import current_app, g, has_request_context, request
from sqlalchemy.exc import SQLAlchemyError


def select_locale():
    """Return the locale for messages of the current request."""
    if not has_request_context():
        return current_app.config["DEFAULT_LOCALE"]
    supported = current_app.config["LOCALES"]
    chosen = getattr(g, "locale", None) or request.args.get("locale") or request.headers.get(
        "X-HelpWidget-Locale")
    if chosen in supported:
        return chosen
    best = request.accept_languages.best_match(supported)
    if best:
        return best
    site = getattr(g, "site", None)
    if site is not None:
        try:
            return site.default_locale
        except SQLAlchemyError:  # the database went away mid-request: the error still answers
            pass
    return current_app.config["DEFAULT_LOCALE"]


def content_locale(site, requested):
    """Return the help center locale to serve: the requested one if the site has it."""
    return requested if requested and site.speaks(requested) else site.default_locale

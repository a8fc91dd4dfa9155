"""Who reads the help center: the signed-in user of this site's session cookie, if any."""
import functools
from datetime import UTC, datetime, timedelta

from flask import current_app, g, redirect, request, url_for

from helpwidget.services import identity
from helpwidget.services.timeutil import aware

COOKIE = "hw_help"


def current_visitor():
    """Return the signed-in help center session (a Visitor with a user) of this site, or None."""
    if "hc_visitor" not in g:
        raw = request.cookies.get(COOKIE)
        visitor = identity.visitor_for_token(g.site, raw) if raw and "site" in g else None
        # Only a signed-in help center session counts; widget tokens never arrive as cookies.
        if visitor is not None and (visitor.channel != "helpcenter" or visitor.user is None):
            visitor = None
        # The cookie's lifetime is the session's: a copied cookie does not outlive it.
        ttl = timedelta(seconds=current_app.config["HELPCENTER_SESSION_TTL"])
        if visitor is not None and aware(visitor.created_at) + ttl < datetime.now(UTC):
            visitor = None
        g.hc_visitor = visitor
    return g.hc_visitor


def current_user():
    """Return the signed-in EndUser, or None."""
    visitor = current_visitor()
    return visitor.user if visitor else None


def account_type():
    """Return the account type that decides which articles the reader may see."""
    visitor = current_visitor()
    return visitor.account_type if visitor else ""


def remember(response, site, raw_token):
    """Keep a help center session token in a cookie scoped to this site's pages."""
    response.set_cookie(COOKIE, raw_token, max_age=current_app.config["HELPCENTER_SESSION_TTL"],
                        path=f"/help/{site.key}/", httponly=True, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def forget(response, site):
    """Drop this site's help center session cookie."""
    response.delete_cookie(COOKIE, path=f"/help/{site.key}/", httponly=True, samesite="Lax",
                           secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def sign_in_required(view):
    """Send readers who are not signed in to the sign-in page, then back here."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        if current_visitor() is None:
            return redirect(url_for("helpcenter.sign_in", site_key=g.site.key,
                                    locale=g.locale, next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)
    return wrapped

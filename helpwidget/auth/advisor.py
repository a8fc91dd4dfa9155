"""The advisor behind an API request: bearer token or console cookie in, Advisor out."""
from flask import current_app, g, request
from flask_babel import lazy_gettext as _l

from helpwidget.auth.bearer import bearer_token
from helpwidget.auth.console import session_token
from helpwidget.auth.csrf import check_cookie_change
from helpwidget.errors import Forbidden, NotFound, Unauthorized
from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.services import advisors


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
    if from_cookie:
        check_cookie_change()
    if not (request.args.get("locale") or request.headers.get("X-HelpWidget-Locale")):
        # The advisor's saved language wins over the browser's unless the request names one.
        g.locale = advisor.locale
    g.advisor = advisor
    return advisor


def without_advisor(view):
    """Mark a view that needs no signed-in advisor (signing in)."""
    view.without_advisor = True
    return view


def require_advisor():
    """Before a view of the advisor API: sign the advisor in, unless the view is marked."""
    if request.method == "OPTIONS" and request.url_rule.provide_automatic_options:
        return  # Flask answers it with the allowed methods, as it never reaches a view
    view = current_app.view_functions.get(request.endpoint)
    if not getattr(view, "without_advisor", False):
        current_advisor()


def site_for_advisor(advisor, site_key):
    """Return the site `site_key` if the advisor is on its team, else raise NotFound."""
    site = db.session.execute(db.select(Site).filter_by(key=site_key)).scalar_one_or_none() \
        if isinstance(site_key, str) else None
    if site is None or site.id not in advisors.site_ids_of(advisor):
        # Same answer whether the site exists or not: membership is not for outsiders to probe.
        raise NotFound(_l("No help center is configured for this site."))
    return site


def site_for_admin(advisor, site_key, message=None):
    """Return the site if the advisor is its admin: 404 off its team, 403 on it but no admin."""
    site = site_for_advisor(advisor, site_key)
    if not advisors.is_admin(advisor, site):
        raise Forbidden(message or _l("Only the site's admins can do this."),
                        code="admin_required")
    return site

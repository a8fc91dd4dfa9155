"""The advisor behind an API request: bearer token in, Advisor out, and the sites they serve."""
from flask import g, request
from flask_babel import lazy_gettext as _l

from helpwidget.api.auth import bearer_token
from helpwidget.errors import NotFound, Unauthorized
from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.services import advisors
from helpwidget.services.identity import hash_token


def current_advisor():
    """Return the signed-in advisor of the request, or raise Unauthorized."""
    token = bearer_token()
    if token is None:
        raise Unauthorized(_l("Sign in to the support console."))
    advisor = advisors.advisor_for_token(token)
    if advisor is None:
        raise Unauthorized(_l("Your console session has ended. Sign in again."))
    if not (request.args.get("locale") or request.headers.get("X-HelpWidget-Locale")):
        # The advisor's saved language wins over the browser's unless the request names one.
        g.locale = advisor.locale
    g.advisor = advisor
    return advisor


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
    email = data.get("email") if isinstance(data, dict) else None
    return "advisor-email:" + hash_token(email.strip().lower() if isinstance(email, str) else "")

"""Advisor sign-in and sign-out of the support console, and who is signed in."""
from flask import current_app, request
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from helpwidget.api import bp
from helpwidget.api.advisor_auth import current_advisor, login_email_key
from helpwidget.api.auth import bearer_token
from helpwidget.errors import Unauthorized
from helpwidget.extensions import limiter
from helpwidget.schemas.advisor import LoginSchema, dump_advisor
from helpwidget.services import advisors


def _failed(response):
    """Count only failed sign-ins, so a busy office behind one address is not locked out."""
    return response.status_code != 201


@bp.post("/advisor/session")
@limiter.limit(lambda: current_app.config["RATELIMIT_ADVISOR_LOGIN"], key_func=get_remote_address,
               deduct_when=_failed)
@limiter.limit(lambda: current_app.config["RATELIMIT_ADVISOR_LOGIN"],
               key_func=login_email_key, deduct_when=_failed)
def advisor_sign_in():
    """Exchange an advisor's email and password for a console bearer token."""
    data = LoginSchema().load(request.get_json(silent=True) or {})
    advisor = advisors.authenticate(data["email"], data["password"])
    if advisor is None:
        # One message for unknown email, wrong password and disabled account alike.
        raise Unauthorized(_l("The email or password is not right."))
    token = advisors.issue_token(advisor)
    return {"token": token, "advisor": dump_advisor(advisor, advisors.sites_of(advisor))}, 201


@bp.delete("/advisor/session")
def advisor_sign_out():
    """End the console session of the bearer token."""
    current_advisor()
    advisors.revoke_token(bearer_token())
    return "", 204


@bp.get("/advisor/me")
def advisor_me():
    """Return the signed-in advisor and their teams."""
    advisor = current_advisor()
    return dump_advisor(advisor, advisors.sites_of(advisor))

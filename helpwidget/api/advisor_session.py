"""Advisor sign-in and sign-out of the support console, and who is signed in."""
from flask import request, session
from flask_babel import lazy_gettext as _l

from helpwidget.api import bp
from helpwidget.api.advisor_auth import current_advisor, limit_sign_in, request_token
from helpwidget.errors import Unauthorized
from helpwidget.schemas.advisor import LoginSchema, dump_advisor
from helpwidget.services import advisors


@bp.post("/advisor/session")
@limit_sign_in
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
    """End the console session of the bearer token (or of the console's cookie)."""
    current_advisor()
    token, from_cookie = request_token()
    advisors.revoke_token(token)
    if from_cookie:
        session.clear()
    return "", 204


@bp.get("/advisor/me")
def advisor_me():
    """Return the signed-in advisor and their teams."""
    advisor = current_advisor()
    return dump_advisor(advisor, advisors.sites_of(advisor))

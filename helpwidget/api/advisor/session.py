"""Advisor sign-in and sign-out of the support console, and who is signed in."""
from flask import g, request, session
from flask_babel import lazy_gettext as _l

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import request_token, without_advisor
from helpwidget.auth.limits import limit_sign_in
from helpwidget.errors import Unauthorized
from helpwidget.schemas.advisor import AdvisorSchema, LoginSchema, dump_advisor
from helpwidget.services import advisors


@bp.post("/advisor/session")
@operation("Sign an advisor in; answers with a console bearer token.", body=LoginSchema,
           status=201, response=shapes.OBJECT, auth=False)
@without_advisor
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
@operation("Sign the advisor out: the bearer token stops working.", status=204)
def advisor_sign_out():
    """End the console session of the bearer token (or of the console's cookie)."""
    token, from_cookie = request_token()
    advisors.revoke_token(token)
    if from_cookie:
        session.clear()
    return "", 204


@bp.get("/advisor/me")
@operation("The signed-in advisor and the sites of their teams.", response=AdvisorSchema)
def advisor_me():
    """Return the signed-in advisor and their teams."""
    return dump_advisor(g.advisor, advisors.sites_of(g.advisor))

"""The signed-in advisor's own account: name, language and password."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import request_token
from helpwidget.schemas.advisor import AdvisorSchema, dump_advisor
from helpwidget.schemas.team import AccountUpdateSchema, PasswordChangeSchema
from helpwidget.services import account, advisors


@bp.patch("/advisor/me")
@operation("Change the signed-in advisor's name, console language or reply emails.",
           body=AccountUpdateSchema, response=AdvisorSchema)
def advisor_me_update():
    """Save the advisor's own name and/or language; fields not sent are kept."""
    data = AccountUpdateSchema().load(request.get_json(silent=True) or {})
    account.update(g.advisor, name=data.get("name"), locale=data.get("locale"),
                   email_on_reply=data.get("email_on_reply"))
    return dump_advisor(g.advisor, advisors.sites_of(g.advisor))


@bp.post("/advisor/me/password")
@operation("Change the signed-in advisor's password; their other sessions end.",
           body=PasswordChangeSchema, status=204, refuses=True)
def advisor_me_password():
    """Check the current password and set the new one; this session stays signed in."""
    data = PasswordChangeSchema().load(request.get_json(silent=True) or {})
    token, _from_cookie = request_token()
    current = advisors.live_token(token)
    account.change_password(g.advisor, data["current_password"], data["new_password"],
                            keep_token_id=current.id if current is not None else None)
    return "", 204

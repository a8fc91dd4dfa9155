"""A site's team for its admins: invitations, roles, disabling and forced password resets."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_admin
from helpwidget.schemas.team import (
    MemberInputSchema,
    MemberSchema,
    MembersSchema,
    MemberUpdateSchema,
)
from helpwidget.services import team


def _address():
    """Return the caller's address for the audit trail."""
    return request.remote_addr or ""


@bp.get("/advisor/sites/<site_key>/members")
@operation("The whole team of a site, disabled members included (site admins).",
           response=MembersSchema)
def member_list(site_key):
    """List the site's team for its admins."""
    site = site_for_admin(g.advisor, site_key)
    return MembersSchema().dump({"members": team.members(site)})


@bp.post("/advisor/sites/<site_key>/members")
@operation("Put someone on the team: a new advisor is emailed an invitation (site admins).",
           body=MemberInputSchema, status=201, response=MemberSchema)
def member_add(site_key):
    """Invite a new advisor, or add an existing one, to the site's team."""
    site = site_for_admin(g.advisor, site_key)
    data = MemberInputSchema().load(request.get_json(silent=True) or {})
    found = team.invite(site, data["email"], data["name"], data["role"], data.get("locale"),
                        g.advisor, _address())
    return MemberSchema().dump(found), 201


@bp.patch("/advisor/sites/<site_key>/members/<id:advisor_id>")
@operation("Change a member's role or chat capacity, or disable / enable them (site admins).",
           body=MemberUpdateSchema, response=MemberSchema)
def member_update(site_key, advisor_id):
    """Change a member's role or whether they may sign in; the last admin is kept."""
    site = site_for_admin(g.advisor, site_key)
    data = MemberUpdateSchema().load(request.get_json(silent=True) or {})
    found = team.update(site, advisor_id, g.advisor, role=data.get("role"),
                        active=data.get("active"), chat_capacity=data.get("chat_capacity"),
                        address=_address())
    return MemberSchema().dump(found)


@bp.delete("/advisor/sites/<site_key>/members/<id:advisor_id>")
@operation("Take a member off the team (site admins).", status=204)
def member_remove(site_key, advisor_id):
    """Take a member off the site's team; their account stays."""
    site = site_for_admin(g.advisor, site_key)
    team.remove(site, advisor_id, g.advisor, _address())
    return "", 204


@bp.post("/advisor/sites/<site_key>/members/<id:advisor_id>/password-reset")
@operation("Force a new password: sessions end, a link is emailed (site admins).", status=202)
def member_password_reset(site_key, advisor_id):
    """End the member's sessions and email them a link to set a new password."""
    site = site_for_admin(g.advisor, site_key)
    team.force_reset(site, advisor_id, g.advisor, _address())
    return "", 202


@bp.post("/advisor/sites/<site_key>/members/<id:advisor_id>/invitation")
@operation("Email a member a new invitation link (site admins).", status=202)
def member_invitation(site_key, advisor_id):
    """Send the member a new link; the earlier one stops working."""
    site = site_for_admin(g.advisor, site_key)
    team.resend(site, advisor_id, g.advisor, _address())
    return "", 202

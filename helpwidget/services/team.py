"""A site's team as its admins manage it: invitations, roles, disabling, removal, forced resets.

Every action adds its audit entry (kind "team") before the change is committed, so the entry
and the change are stored by the same commit (or neither is).
"""
import secrets

from flask_babel import lazy_gettext as _l

from helpwidget.errors import Conflict, Forbidden, Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Advisor, SiteMembership
from helpwidget.services import advisors, audit, invitations


def members(site):
    """Return the site's team, active or not, as dicts the console lists (by name)."""
    rows = db.session.execute(db.select(Advisor, SiteMembership.role).join(SiteMembership).where(
        SiteMembership.site_id == site.id).order_by(Advisor.name, Advisor.id)).all()
    pending = invitations.pending_ids([advisor.id for advisor, _role in rows])
    return [_member(advisor, role, advisor.id in pending) for advisor, role in rows]


def member(site, advisor_id):
    """Return one member of the site's team as the console lists it, or raise NotFound."""
    advisor, membership = _on_team(site, advisor_id)
    return _member(advisor, membership.role, advisor.id in invitations.pending_ids([advisor.id]))


def invite(site, email, name, role, locale, actor, address=""):
    """Put someone on the team: a new advisor gets an invitation, an existing one is added."""
    existing = advisors.get_by_email(email)
    if existing is not None:
        if _membership(existing, site) is not None:
            raise Invalid(_l("Check the advisor's details."), fields={
                "email": [_l("This advisor is already on the team.")]})
        _record(actor, "team.add", site, existing, {"role": [None, role]}, address)
        advisors.add_membership(existing, site, role)  # commits the entry with it
        return member(site, existing.id)
    entry = _record(actor, "team.invite", site, None,
                    {"role": [None, role], "name": [None, name]}, address, target=email)
    try:
        # A random password nobody knows, until the invitation's link sets a real one.
        advisor = advisors.create_advisor(email, name, secrets.token_urlsafe(48), locale=locale)
    except Exception:
        db.session.rollback()
        raise
    entry.target, entry.target_id = advisor.email, advisor.id
    db.session.add(SiteMembership(advisor_id=advisor.id, site_id=site.id, role=role))
    db.session.flush()
    db.session.refresh(advisor)
    invitations.issue(advisor, "invite", actor)
    db.session.commit()
    return member(site, advisor.id)


def update(site, advisor_id, actor, *, role=None, active=None, chat_capacity=None,
           address=""):
    """Change a member's role on the site, whether they may sign in, or their chat capacity."""
    advisor, membership = _on_team(site, advisor_id)
    before = {"role": membership.role, "active": advisor.active,
              "chat_capacity": advisor.chat_capacity}
    after = {"role": role if role is not None else membership.role,
             "active": active if active is not None else advisor.active,
             "chat_capacity": chat_capacity if chat_capacity is not None
             else advisor.chat_capacity}
    if after == before:
        return member(site, advisor.id)
    if before["active"] and not after["active"]:
        _may_act_everywhere(actor, advisor)
        _keep_an_admin(advisor, advisor.memberships)
    elif before["role"] == "admin" and after["role"] != "admin":
        _keep_an_admin(advisor, [membership])
    if after["active"] and not before["active"]:
        _may_act_everywhere(actor, advisor)
    _record(actor, "team.update", site, advisor, audit.diff(before, after), address)
    membership.role = after["role"]
    advisor.chat_capacity = after["chat_capacity"]
    if not after["active"]:
        advisors.deactivate(advisor)  # ends every session; commits
    else:
        advisor.active = True
        db.session.commit()
    return member(site, advisor.id)


def remove(site, advisor_id, actor, address=""):
    """Take a member off the site's team (the account and its other teams stay)."""
    advisor, membership = _on_team(site, advisor_id)
    if membership.role == "admin":
        _keep_an_admin(advisor, [membership])
    _record(actor, "team.remove", site, advisor, {"role": [membership.role, None]}, address)
    advisor.memberships.remove(membership)
    db.session.commit()


def force_reset(site, advisor_id, actor, address=""):
    """Refuse the member's sign-in until they set a new password from the emailed link."""
    advisor, _membership_ = _on_team(site, advisor_id)
    _may_act_everywhere(actor, advisor)
    if not advisor.active:
        raise Conflict(_l("This advisor is disabled. Enable them first."), code="disabled")
    _record(actor, "team.password_reset", site, advisor,
            {"password_reset_required": [advisor.password_reset_required, True]}, address)
    advisor.password_reset_required = True
    invitations.issue(advisor, "reset", actor)
    advisors.end_sessions(advisor)  # commits the flag, the link, its email and the entry


def resend(site, advisor_id, actor, address=""):
    """Send a member a new link (the old one stops working): invitation or pending reset."""
    advisor, _membership_ = _on_team(site, advisor_id)
    if not advisor.active:
        raise Conflict(_l("This advisor is disabled. Enable them first."), code="disabled")
    if advisor.id in invitations.pending_ids([advisor.id]):
        purpose = "invite"
    elif advisor.password_reset_required:
        purpose = "reset"
    else:
        raise Conflict(_l("This advisor has already set a password."), code="not_pending")
    _record(actor, "team.resend", site, advisor, {"link": [None, purpose]}, address)
    invitations.issue(advisor, purpose, actor)
    db.session.commit()


def _member(advisor, role, pending):
    """Return a member as the console lists them."""
    return {"id": advisor.id, "name": advisor.name, "email": advisor.email, "role": role,
            "active": bool(advisor.active),
            "password_reset_required": bool(advisor.password_reset_required),
            "invitation_pending": bool(pending), "chat_capacity": advisor.chat_capacity}


def _on_team(site, advisor_id):
    """Return (advisor, membership) of a member of the site's team, or raise NotFound."""
    advisor = db.session.get(Advisor, advisor_id) if isinstance(advisor_id, int) else None
    membership = _membership(advisor, site) if advisor is not None else None
    if membership is None:
        raise NotFound(_l("This advisor is not on the site's team."))
    return advisor, membership


def _membership(advisor, site):
    """Return the advisor's membership of the site's team, or None."""
    return next((m for m in advisor.memberships if m.site_id == site.id), None)


def _keep_an_admin(advisor, memberships):
    """Refuse when taking `advisor` out of these admin places leaves a site with no admin."""
    for membership in memberships:
        if membership.role != "admin" or not advisor.active:
            continue
        others = db.session.execute(db.select(db.func.count()).select_from(
            SiteMembership).join(Advisor).where(
            SiteMembership.site_id == membership.site_id, SiteMembership.role == "admin",
            Advisor.active.is_(True), Advisor.id != advisor.id)).scalar_one()
        if not others:
            raise Conflict(_l("A site needs at least one active admin. Make someone else an "
                              "admin first."), code="last_admin")


def _may_act_everywhere(actor, advisor):
    """Refuse account-wide changes (sign-in, password) unless the actor admins all its teams."""
    if actor.is_owner:
        return
    if advisor.is_owner or any(not advisors.is_admin(actor, m.site_id)
                               for m in advisor.memberships):
        raise Forbidden(_l("This advisor is also on teams you do not administer. Ask the "
                           "server's owner."), code="admin_required")


def _record(actor, action, site, advisor, changes, address, target=None):
    """Add the audit entry of a team action to the session (the change's commit stores it)."""
    return audit.record(actor, "team", action, site=site,
                        target=target if target is not None else advisor.email,
                        target_id=advisor.id if advisor is not None else None,
                        changes=changes, address=address)

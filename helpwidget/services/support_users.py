"""Designated support users: on sites that require them, only they may open requests."""
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Forbidden
from helpwidget.extensions import db
from helpwidget.models import EndUser

# Menu items that help without a ticket, offered to those who may not open one.
SELF_SERVICE = ("search", "page_help", "chat", "trainings", "contact")


def may_open(site, visitor):
    """Tell whether this visitor may open a ticket on the site."""
    if not site.support_users_only:
        return True
    return bool(visitor.user and visitor.user.support_user)


def check_may_open(site, visitor):
    """Raise Forbidden, saying who can open requests and what else helps, unless allowed."""
    if may_open(site, visitor):
        return
    names = designated_for(site, visitor.user)
    if names:
        message = _l("Only your company's designated support users can open requests: "
                     "{names}. Ask one of them, or find the answer yourself below.").format(
                         names=", ".join(names))
    else:
        message = _l("Only your company's designated support users can open requests. "
                     "Ask your administrator who they are, or find the answer yourself below.")
    raise Forbidden(message, code="support_user_required",
                    details={"support_users": names, "alternatives": alternatives(site)})


def designated_for(site, user, limit=10):
    """Return the names of the designated support users of the user's account."""
    if user is None or not user.account_id:
        return []
    rows = db.session.execute(db.select(EndUser.name).filter(
        EndUser.site_id == site.id, EndUser.account_id == user.account_id,
        EndUser.support_user.is_(True), EndUser.name != "").order_by(EndUser.name)
        .limit(limit)).scalars().all()
    return list(rows)


def alternatives(site):
    """Return the self-service menu items the site offers, in menu order."""
    enabled = [entry.get("item") for entry in (site.menu or []) if entry.get("enabled", True)]
    return [item for item in enabled if item in SELF_SERVICE]

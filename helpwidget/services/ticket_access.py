"""Who may see a ticket: its requester, and their account when the ticket is shared."""
from sqlalchemy import and_, false, or_

from helpwidget.models import Ticket


def reader_filter(visitor):
    """Return the SQL condition selecting the tickets this visitor may see."""
    if visitor is None:
        return false()
    same_site = Ticket.site_id == visitor.site_id
    user = visitor.user
    if user is None:
        # Anonymous: only what this very session opened and nobody has claimed since.
        return and_(same_site, Ticket.requester_visitor_id == visitor.id,
                    Ticket.requester_user_id.is_(None))
    mine = Ticket.requester_user_id == user.id
    if not user.account_id:
        return and_(same_site, mine)
    shared = and_(Ticket.shared.is_(True), Ticket.account_id == user.account_id)
    return and_(same_site, or_(mine, shared))


def can_read(visitor, ticket):
    """Tell whether this visitor may see, comment on, rate or download from the ticket."""
    if visitor is None or ticket is None or ticket.site_id != visitor.site_id:
        return False
    user = visitor.user
    if user is None:
        return ticket.requester_user_id is None and ticket.requester_visitor_id == visitor.id
    if ticket.requester_user_id == user.id:
        return True
    return bool(ticket.shared and user.account_id and ticket.account_id == user.account_id)


def advisor_can_read(advisor, site_id):
    """Tell whether an active advisor belongs to the team of this site."""
    return bool(advisor and advisor.active and any(
        m.site_id == site_id for m in advisor.memberships))

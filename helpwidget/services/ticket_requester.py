"""A ticket from its requester's side: finding theirs, replying, escalating, rating, adopting."""
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from helpwidget.errors import Conflict, NotFound
from helpwidget.extensions import db
from helpwidget.models import Ticket, TicketComment
from helpwidget.services import advisor_reply_mail, attachments
from helpwidget.services.ticket_access import can_read, reader_filter
from helpwidget.services.tickets import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    after_commit,
    set_status,
)
from helpwidget.services.timeutil import utcnow


def for_reader(site, visitor, number):
    """Return ticket `number` if this visitor may see it; otherwise NotFound, whatever the cause."""
    ticket = db.session.execute(db.select(Ticket).filter_by(
        site_id=site.id, number=number)).scalar_one_or_none()
    if not can_read(visitor, ticket):
        raise NotFound(_l("We could not find this request."))
    return ticket


def mine(visitor, state, page=1, per_page=20):
    """Return (total, tickets) of the visitor's open or closed requests, latest update first."""
    statuses = OPEN_STATUSES if state == "open" else FINISHED_STATUSES
    query = db.select(Ticket).where(reader_filter(visitor), Ticket.status.in_(statuses))
    total = db.session.execute(query.with_only_columns(db.func.count(Ticket.id))).scalar()
    rows = db.session.execute(query.order_by(Ticket.updated_at.desc(), Ticket.id.desc())
                              .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    return total, rows


def requester_comment(ticket, visitor, body, attachment_ids=(), escalation=False,
                      client_id=None):
    """Add the requester's reply; a reply to an awaiting or resolved ticket reopens it.

    A reply sent again with the same `client_id` returns the comment stored the first time.
    """
    stored = _replied(ticket, client_id)
    if stored is not None:
        return stored
    if ticket.status == "closed":
        raise Conflict(_l("This request is closed. Open a new request and mention #{number}.")
                       .format(number=ticket.number))
    user = visitor.user
    comment = TicketComment(ticket=ticket, author_kind="requester",
                            author_user_id=user.id if user else None,
                            author_name=(user.name if user else ticket.requester_name),
                            body=body, escalation=escalation, client_id=client_id or None)
    db.session.add(comment)
    try:
        db.session.flush()
    except IntegrityError:
        # The same reply, sent twice at once: the other request stored it.
        db.session.rollback()
        stored = _replied(ticket, client_id)
        if stored is None:
            raise
        return stored
    attachments.claim(ticket.site, attachment_ids, ticket=ticket, comment=comment,
                      visitor=visitor)
    old = ticket.status
    if ticket.status in ("awaiting_reply", "resolved"):
        set_status(ticket, "open")
    if escalation:
        ticket.escalated_at = utcnow()
    ticket.updated_at = utcnow()
    advisor_reply_mail.requester_replied(ticket, comment)
    db.session.commit()
    after_commit("comment", ticket, comment=comment, old_status=old)
    return comment


def _replied(ticket, client_id):
    """Return the reply stored in this ticket's thread under `client_id`, or None."""
    if not client_id:
        return None
    return db.session.execute(db.select(TicketComment).filter_by(
        ticket_id=ticket.id, client_id=client_id)).scalar_one_or_none()


def escalate(ticket, visitor, body, client_id=None):
    """Ask for escalation: a comment plus a flag advisors see in their inbox."""
    stored = _replied(ticket, client_id)
    if stored is not None:
        return stored
    if ticket.status in FINISHED_STATUSES:
        raise Conflict(_l("Only requests still in progress can be escalated."))
    return requester_comment(ticket, visitor, body, escalation=True, client_id=client_id)


def rate(ticket, score, comment=""):
    """Rate a resolved or closed ticket, once."""
    if ticket.status not in FINISHED_STATUSES:
        raise Conflict(_l("You can rate a request once it is resolved or closed."))
    if ticket.rating is not None:
        raise Conflict(_l("You have already rated this request. Thank you!"))
    ticket.rating, ticket.rating_comment, ticket.rated_at = score, comment, utcnow()
    db.session.commit()
    after_commit("rated", ticket)
    return ticket


def adopt(visitor, user):
    """Give a user the tickets they opened anonymously in this session (on identify)."""
    tickets = db.session.execute(db.select(Ticket).filter_by(
        requester_visitor_id=visitor.id, requester_user_id=None)).scalars().all()
    for ticket in tickets:
        ticket.requester_user_id = user.id
        ticket.account_id = user.account_id or ""
        ticket.requester_name = user.name or ticket.requester_name
        ticket.requester_email = user.email or ticket.requester_email
    return tickets

"""The advisors' ticket inbox: the tickets of their sites, filtered, sorted and a page at a time."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_
from sqlalchemy.orm import selectinload

from helpwidget.errors import NotFound
from helpwidget.extensions import db
from helpwidget.models import Attachment, Ticket, TicketComment, ticket_labels
from helpwidget.models.ticket import INBOX_SORTS
from helpwidget.services import advisors, labels
from helpwidget.services.ticket_access import advisor_can_read
from helpwidget.services.timeutil import utcnow

SORTS = {
    "due": (Ticket.due_at.asc(), Ticket.id.asc()),
    "-updated": (Ticket.updated_at.desc(), Ticket.id.desc()),
    "-created": (Ticket.created_at.desc(), Ticket.id.desc()),
}
assert tuple(SORTS) == INBOX_SORTS
NOT_CLOSED = ("open", "pending", "awaiting_reply", "resolved")


def breached_condition(now):
    """Return the SQL condition of tickets.is_breached: the first response missed its deadline."""
    late_answer = and_(Ticket.first_response_at.is_not(None),
                       Ticket.first_response_at > Ticket.due_at)
    unanswered = and_(Ticket.first_response_at.is_(None), Ticket.due_at < now,
                      Ticket.status != "closed")
    return or_(late_answer, unanswered)


def search(advisor, *, site=None, statuses=None, priorities=None, categories=None,
           assignee=None, breached=None, escalated=None, label=None, q="", sort="due", page=1,
           per_page=25):
    """Return (total, tickets) of the advisor's sites (or `site`) matching every filter given.

    `assignee` is "me", "none" or an advisor id; `label` a label's name (as typed: it is
    normalised); without `statuses`, closed tickets are left out.
    """
    site_ids = [site.id] if site is not None else advisors.site_ids_of(advisor)
    conditions = [Ticket.site_id.in_(site_ids),
                  Ticket.status.in_(statuses or NOT_CLOSED)]
    if priorities:
        conditions.append(Ticket.priority.in_(priorities))
    if categories:
        conditions.append(Ticket.category.in_(categories))
    if assignee == "me":
        conditions.append(Ticket.assignee_id == advisor.id)
    elif assignee == "none":
        conditions.append(Ticket.assignee_id.is_(None))
    elif assignee is not None:
        conditions.append(Ticket.assignee_id == assignee)
    if breached is not None:
        condition = breached_condition(utcnow())
        conditions.append(condition if breached else ~condition)
    if escalated is not None:
        conditions.append(Ticket.escalated_at.is_not(None) if escalated
                          else Ticket.escalated_at.is_(None))
    if label:
        conditions.append(Ticket.id.in_(labels.carrying(ticket_labels.c.ticket_id, label)))
    if q:
        conditions.append(_text_condition(q))
    total = db.session.execute(db.select(db.func.count(Ticket.id)).where(*conditions)).scalar()
    query = (db.select(Ticket).where(*conditions).order_by(*SORTS[sort])
             .options(selectinload(Ticket.assignee), selectinload(Ticket.site),
                      selectinload(Ticket.labels))
             .offset((page - 1) * per_page).limit(per_page))
    return total, db.session.execute(query).scalars().all()


def get_ticket(advisor, ticket_id):
    """Return the ticket with its thread if it is of one of the advisor's sites, else NotFound."""
    ticket = db.session.execute(db.select(Ticket).where(Ticket.id == ticket_id).options(
        selectinload(Ticket.comments).selectinload(TicketComment.attachments),
        selectinload(Ticket.attachments), selectinload(Ticket.requester_user),
        selectinload(Ticket.assignee), selectinload(Ticket.labels))).scalar_one_or_none()
    # Another site's ticket and a missing one get the same answer: ids reveal nothing.
    if ticket is None or not advisor_can_read(advisor, ticket.site_id):
        raise NotFound(_l("We could not find this request."))
    return ticket


def get_attachment(advisor, attachment_id):
    """Return a file of one of the advisor's sites, else NotFound."""
    attachment = db.session.get(Attachment, attachment_id) if len(attachment_id) <= 32 else None
    if attachment is None or not advisor_can_read(advisor, attachment.site_id):
        raise NotFound(_l("This file is not available."))
    return attachment


def _text_condition(q):
    """Match the words in subject, requester name or email, or the ticket number."""
    number = q.lstrip("#").strip()
    matches = [Ticket.subject.icontains(q, autoescape=True),
               Ticket.requester_name.icontains(q, autoescape=True),
               Ticket.requester_email.icontains(q, autoescape=True)]
    if number.isdecimal() and len(number) <= 9:
        matches.append(Ticket.number == int(number))
    return or_(*matches)

"""Conversations: every ticket and chat of the advisor's sites, searched and a page at a time."""
from datetime import timedelta

from sqlalchemy import String, literal, or_, union_all
from sqlalchemy.orm import selectinload

from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, EndUser, Ticket, TicketComment
from helpwidget.models.chat import STATUSES as CHAT_STATUSES
from helpwidget.models.label import chat_labels, ticket_labels
from helpwidget.models.ticket import STATUSES as TICKET_STATUSES
from helpwidget.services import advisors, chat_queries, labels

KINDS = ("ticket", "chat")
STATUSES = tuple(dict.fromkeys(TICKET_STATUSES + CHAT_STATUSES))


class Row:
    """One line of the list: a ticket or a chat, with what its line shows besides columns."""

    def __init__(self, kind, item, preview=""):
        self.kind = kind
        self.item = item
        self.preview = preview


def search(advisor, *, site=None, kind=None, q="", requester="", account="", statuses=None,
           categories=None, assignee=None, label="", since=None, until=None, page=1,
           per_page=25):
    """Return (total, rows) of the advisor's sites (or `site`), newest first.

    `assignee` is "me", "none" or an advisor id; `label` a label's id or name; `since` and
    `until` are dates (UTC), both included. Text matches with LIKE, its wildcards taken literally.
    """
    site_ids = [site.id] if site is not None else advisors.site_ids_of(advisor)
    if not site_ids:
        return 0, []
    chosen = {}
    if kind in (None, "ticket"):
        conditions = _ticket_conditions(advisor, site_ids, q, requester, account, statuses,
                                        categories, assignee, label, since, until)
        if conditions is not None:
            chosen["ticket"] = db.select(literal("ticket", String).label("kind"),
                                         Ticket.id.label("id"),
                                         Ticket.created_at.label("at")).where(*conditions)
    if kind in (None, "chat"):
        conditions = _chat_conditions(advisor, site_ids, q, requester, account, statuses,
                                      categories, assignee, label, since, until)
        if conditions is not None:
            chosen["chat"] = db.select(literal("chat", String).label("kind"),
                                       Chat.id.label("id"),
                                       Chat.created_at.label("at")).where(*conditions)
    if not chosen:
        return 0, []
    both = union_all(*chosen.values()).subquery()
    total = db.session.execute(db.select(db.func.count()).select_from(both)).scalar()
    found = db.session.execute(
        db.select(both.c.kind, both.c.id).order_by(both.c.at.desc(), both.c.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).all()
    return total, _rows(found)


def _rows(found):
    """Load the tickets and chats of (kind, id) pairs, in that order."""
    ticket_ids = [id_ for kind, id_ in found if kind == "ticket"]
    chat_ids = [id_ for kind, id_ in found if kind == "chat"]
    tickets = {t.id: t for t in db.session.execute(
        db.select(Ticket).where(Ticket.id.in_(ticket_ids)).options(
            selectinload(Ticket.labels), selectinload(Ticket.assignee),
            selectinload(Ticket.site))).scalars()} if ticket_ids else {}
    chats = {c.id: c for c in db.session.execute(
        db.select(Chat).where(Chat.id.in_(chat_ids)).options(
            selectinload(Chat.labels), selectinload(Chat.advisor), selectinload(Chat.user),
            selectinload(Chat.site))).scalars()} if chat_ids else {}
    previews = chat_queries.previews(list(chats.values()))
    return [Row("ticket", tickets[id_]) if kind == "ticket"
            else Row("chat", chats[id_], previews.get(id_, "")) for kind, id_ in found]


def _users_matching(*columns_and_text):
    """Return the ids of end users where any (column, text) pair matches."""
    return db.select(EndUser.id).where(or_(*[
        column.icontains(text, autoescape=True) for column, text in columns_and_text]))


def _requester_users(text):
    return _users_matching((EndUser.name, text), (EndUser.email, text),
                           (EndUser.external_id, text))


def _account_users(text):
    return db.select(EndUser.id).where(or_(EndUser.account_id == text,
                                           EndUser.account_name.icontains(text, autoescape=True)))


def _assigned(column, advisor, assignee):
    if assignee == "me":
        return column == advisor.id
    if assignee == "none":
        return column.is_(None)
    return column == assignee


def _dated(column, since, until):
    conditions = []
    if since is not None:
        conditions.append(column >= since)
    if until is not None:
        conditions.append(column < until + timedelta(days=1))
    return conditions


def _ticket_conditions(advisor, site_ids, q, requester, account, statuses, categories,
                       assignee, label, since, until):
    """Return the WHERE of tickets for these filters, or None when no ticket can match."""
    conditions = [Ticket.site_id.in_(site_ids)]
    if statuses:
        mine = [s for s in statuses if s in TICKET_STATUSES]
        if not mine:
            return None
        conditions.append(Ticket.status.in_(mine))
    if q:
        number = q.lstrip("#").strip()
        matches = [Ticket.subject.icontains(q, autoescape=True),
                   Ticket.description.icontains(q, autoescape=True),
                   Ticket.requester_name.icontains(q, autoescape=True),
                   Ticket.requester_email.icontains(q, autoescape=True),
                   Ticket.id.in_(db.select(TicketComment.ticket_id).where(
                       TicketComment.body.icontains(q, autoescape=True)))]
        if number.isdecimal() and len(number) <= 9:
            matches.append(Ticket.number == int(number))
        conditions.append(or_(*matches))
    if requester:
        conditions.append(or_(Ticket.requester_name.icontains(requester, autoescape=True),
                              Ticket.requester_email.icontains(requester, autoescape=True),
                              Ticket.requester_user_id.in_(_requester_users(requester))))
    if account:
        conditions.append(or_(Ticket.account_id == account,
                              Ticket.requester_user_id.in_(_account_users(account))))
    if categories:
        conditions.append(Ticket.category.in_(categories))
    if assignee is not None:
        conditions.append(_assigned(Ticket.assignee_id, advisor, assignee))
    if label:
        conditions.append(Ticket.id.in_(labels.carrying(ticket_labels.c.ticket_id, label,
                                                          by_id=True)))
    return conditions + _dated(Ticket.created_at, since, until)


def _chat_conditions(advisor, site_ids, q, requester, account, statuses, categories,
                     assignee, label, since, until):
    """Return the WHERE of chats for these filters, or None when no chat can match."""
    conditions = [Chat.site_id.in_(site_ids)]
    if statuses:
        mine = [s for s in statuses if s in CHAT_STATUSES]
        if not mine:
            return None
        conditions.append(Chat.status.in_(mine))
    if q:
        conditions.append(or_(Chat.visitor_name.icontains(q, autoescape=True),
                              Chat.visitor_email.icontains(q, autoescape=True),
                              Chat.id.in_(db.select(ChatMessage.chat_id).where(
                                  ChatMessage.body.icontains(q, autoescape=True)))))
    if requester:
        conditions.append(or_(Chat.visitor_name.icontains(requester, autoescape=True),
                              Chat.visitor_email.icontains(requester, autoescape=True),
                              Chat.user_id.in_(_requester_users(requester))))
    if account:
        conditions.append(Chat.user_id.in_(_account_users(account)))
    if categories:
        conditions.append(Chat.topic.in_(categories))
    if assignee is not None:
        conditions.append(_assigned(Chat.advisor_id, advisor, assignee))
    if label:
        conditions.append(Chat.id.in_(labels.carrying(chat_labels.c.chat_id, label, by_id=True)))
    return conditions + _dated(Chat.created_at, since, until)

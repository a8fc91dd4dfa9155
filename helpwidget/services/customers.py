"""The customer view: an end user's or a visitor's tickets, chats, pages and ratings over time."""
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from helpwidget.errors import NotFound
from helpwidget.extensions import db
from helpwidget.models import Chat, EndUser, Site, Ticket, Visitor
from helpwidget.services import advisors, chat_queries, visitor_pages
from helpwidget.services.conversations import Row

# How many of each a customer view lists; the Conversations search finds the rest.
LIMIT = 100


def _readable(advisor, item, message):
    if item is None or item.site_id not in advisors.site_ids_of(advisor):
        # Another site's customer and a missing one get the same answer.
        raise NotFound(message)
    return item


def user_view(advisor, user_id):
    """Return what an advisor sees of the identified user `user_id` of one of their sites."""
    user = _readable(advisor, db.session.get(EndUser, user_id),
                     _l("We could not find this customer."))
    tickets = _tickets(Ticket.site_id == user.site_id, Ticket.requester_user_id == user.id)
    chats = _chats(Chat.site_id == user.site_id, Chat.user_id == user.id)
    sessions = db.session.execute(visitor_pages.visitor_ids_of_user(user)).scalars().all()
    last_seen = db.session.execute(db.select(db.func.max(Visitor.last_seen_at)).where(
        Visitor.user_id == user.id)).scalar()
    return _view("user", db.session.get(Site, user.site_id), user=user, visitor=None,
                 tickets=tickets, chats=chats, pages=visitor_pages.recent(list(sessions)),
                 last_seen=last_seen)


def visitor_view(advisor, visitor_id):
    """Return what an advisor sees of one widget session (anonymous or not) of their sites."""
    visitor = _readable(advisor, db.session.get(Visitor, visitor_id),
                        _l("We could not find this visitor."))
    tickets = _tickets(Ticket.site_id == visitor.site_id,
                       Ticket.requester_visitor_id == visitor.id)
    chats = _chats(Chat.site_id == visitor.site_id, Chat.visitor_id == visitor.id)
    return _view("visitor", visitor.site, user=visitor.user, visitor=visitor, tickets=tickets,
                 chats=chats, pages=visitor_pages.recent([visitor.id]),
                 last_seen=visitor.last_seen_at)


def account_view(site, account_id):
    """Return an account's people and the tickets its members share with it."""
    users = db.session.execute(
        db.select(EndUser).where(EndUser.site_id == site.id, EndUser.account_id == account_id)
        .order_by(EndUser.name, EndUser.id).limit(LIMIT)).scalars().all()
    tickets = _tickets(Ticket.site_id == site.id, Ticket.account_id == account_id,
                       Ticket.shared.is_(True))
    named = next((u for u in users if u.account_name), None)
    return {"site": site.key, "account_id": account_id,
            "account_name": named.account_name if named else "",
            "account_type": named.account_type if named else "",
            "users": users, "tickets": [Row("ticket", t) for t in tickets]}


def _tickets(*conditions):
    return db.session.execute(
        db.select(Ticket).where(*conditions).order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .options(selectinload(Ticket.labels), selectinload(Ticket.assignee),
                 selectinload(Ticket.site)).limit(LIMIT)).scalars().all()


def _chats(*conditions):
    return db.session.execute(
        db.select(Chat).where(*conditions).order_by(Chat.created_at.desc(), Chat.id.desc())
        .options(selectinload(Chat.labels), selectinload(Chat.advisor), selectinload(Chat.user),
                 selectinload(Chat.site)).limit(LIMIT)).scalars().all()


def _ratings(tickets, chats):
    """Return the ratings given, newest first, each with what was rated."""
    rated = [Row("ticket", t) for t in tickets if t.rating] + \
            [Row("chat", c) for c in chats if c.rating]
    return sorted(rated, key=lambda row: row.item.created_at, reverse=True)


def _view(kind, site, *, user, visitor, tickets, chats, pages, last_seen):
    previews = chat_queries.previews(chats)
    return {"kind": kind, "site": site.key, "user": user, "visitor": visitor,
            "account_id": user.account_id if user else "",
            "account_name": user.account_name if user else "",
            "account_type": user.account_type if user else "",
            "last_seen": last_seen,
            "tickets": [Row("ticket", t) for t in tickets],
            "chats": [Row("chat", c, previews.get(c.id, "")) for c in chats],
            "pages": pages, "ratings": _ratings(tickets, chats)}

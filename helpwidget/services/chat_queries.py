"""Finding chats: a visitor's open, recent and past ones; an advisor's, and the queue."""
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from helpwidget.errors import Conflict, Forbidden, NotFound
from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, Visitor
from helpwidget.services import advisors
from helpwidget.services.timeutil import utcnow

OPEN = ("queued", "active")
# A chat closed this recently is still shown to its visitor, who may rate it.
RECENT_SECONDS = 3600
# How much of a waiting chat's first message the team sees in its queue.
PREVIEW_LENGTH = 200


def open_chat_of(visitor):
    """Return the visitor's (or their user's) open chat on its site, or None."""
    return db.session.execute(
        db.select(Chat).where(Chat.site_id == visitor.site_id, Chat.status.in_(OPEN),
                              _belongs_to(visitor)).order_by(Chat.id.desc()).limit(1)
    ).scalar_one_or_none()


def current(visitor):
    """Return the visitor's open chat, or the one closed within the last hour, or None."""
    chat = open_chat_of(visitor)
    if chat is not None:
        return chat
    since = utcnow().timestamp() - RECENT_SECONDS
    last = db.session.execute(
        db.select(Chat).where(Chat.site_id == visitor.site_id, _belongs_to(visitor))
        .order_by(Chat.id.desc()).limit(1)).scalar_one_or_none()
    if last is not None and last.closed_at is not None and last.closed_at.timestamp() >= since:
        return last
    return None


def history(visitor, limit=50):
    """Return the visitor's (or their user's) chats on its site, open and closed, newest first."""
    return db.session.execute(
        db.select(Chat).where(Chat.site_id == visitor.site_id, _belongs_to(visitor))
        .order_by(Chat.id.desc()).limit(limit)).scalars().all()


def _belongs_to(visitor):
    """Return the condition matching chats of this browser session or of its identified user."""
    if visitor.user_id:
        return (Chat.visitor_id == visitor.id) | (Chat.user_id == visitor.user_id)
    return Chat.visitor_id == visitor.id


def for_visitor(visitor, chat_id):
    """Return the visitor's chat `chat_id`; someone else's and a missing one are both NotFound.

    `visitor` needs only id, user_id and site_id; a session revoked since is refused here too,
    in the same query.
    """
    chat = db.session.execute(
        db.select(Chat).join(Visitor, Visitor.id == visitor.id)
        .where(Chat.id == chat_id, Chat.site_id == visitor.site_id, Visitor.revoked_at.is_(None),
               _belongs_to(visitor))).scalar_one_or_none()
    if chat is None:
        raise NotFound(_l("We could not find this chat."), code="not_found")
    return chat


def for_advisor(advisor, chat_id):
    """Return chat `chat_id` if it is of one of the advisor's sites, else NotFound."""
    chat = db.session.get(Chat, chat_id)
    if chat is None or chat.site_id not in advisors.site_ids_of(advisor):
        raise NotFound(_l("We could not find this chat."), code="not_found")
    return chat


def own_chat(advisor, chat_id):
    """Return the advisor's active chat `chat_id`; refuse chats they have not claimed."""
    chat = for_advisor(advisor, chat_id)
    if chat.status == "closed":
        raise Conflict(_l("This chat has ended."), code="closed")
    if chat.advisor_id != advisor.id:
        raise Forbidden(_l("Claim this chat before you answer it."), code="not_yours")
    return chat


def queue_for(advisor):
    """Return (queued chats of the advisor's sites, oldest first; the advisor's active chats)."""
    site_ids = advisors.site_ids_of(advisor)
    # Their dumps carry their labels: one query for all of them, not one per chat.
    queued = db.session.execute(
        db.select(Chat).where(Chat.site_id.in_(site_ids), Chat.status == "queued")
        .order_by(Chat.created_at).options(selectinload(Chat.labels))
    ).scalars().all() if site_ids else []
    mine = db.session.execute(
        db.select(Chat).where(Chat.advisor_id == advisor.id, Chat.status == "active")
        .order_by(Chat.claimed_at).options(selectinload(Chat.labels))).scalars().all()
    return queued, mine


def previews(chat_list):
    """Return {chat id: the start of its first message} for these chats, in one query."""
    ids = [chat.id for chat in chat_list]
    rows = db.session.execute(db.select(ChatMessage.chat_id, ChatMessage.body).where(
        ChatMessage.chat_id.in_(ids), ChatMessage.seq == 1)).all() if ids else []
    return {chat_id: body[:PREVIEW_LENGTH] for chat_id, body in rows}


def first_message(chat):
    """Return the chat's first message, or None."""
    return db.session.execute(db.select(ChatMessage).filter_by(chat_id=chat.id, seq=1)
                              ).scalar_one_or_none()

"""Chat messages: stored before anyone hears of them, numbered in commit order, read in order."""
from collections import namedtuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, exists, literal, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from helpwidget.errors import Conflict, Invalid
from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, Visitor
from helpwidget.services import attachments, response_figures
from helpwidget.services.chat_queries import for_visitor
from helpwidget.services.timeutil import utcnow

SYNC_LIMIT = 1000

# What delivering a message needs to know of its chat (an ORM Chat has the same attributes).
ChatRef = namedtuple("ChatRef", "id visitor_id user_id advisor_id site_id")
_chats, _messages, _visitors = Chat.__table__, ChatMessage.__table__, Visitor.__table__
# Built once: a visitor's text message is the hot path of a busy chat server.
_NUMBER_VISITOR_MESSAGE = (
    _chats.update()
    .where(_chats.c.id == bindparam("b_chat"), _chats.c.site_id == bindparam("b_site"),
           _chats.c.status != "closed",
           or_(_chats.c.visitor_id == bindparam("b_visitor"),
               _chats.c.user_id == bindparam("b_user")),
           exists().where(_visitors.c.id == bindparam("b_visitor"),
                          _visitors.c.revoked_at.is_(None)))
    .values(last_seq=_chats.c.last_seq + 1, last_message_at=bindparam("b_now"))
    .returning(_chats.c.id, _chats.c.visitor_id, _chats.c.user_id, _chats.c.advisor_id,
               _chats.c.site_id, _chats.c.last_seq))
_INSERT_MESSAGE = _messages.insert().returning(_messages.c.id)
# On PostgreSQL both in one statement, one round trip: the INSERT takes the number the UPDATE
# returned (no row numbered, nothing inserted; a taken client id fails the whole statement).
_numbered = _NUMBER_VISITOR_MESSAGE.cte("numbered")
_inserted = _messages.insert().from_select(
    ["chat_id", "seq", "client_id", "author_kind", "body", "created_at"],
    select(_numbered.c.id, _numbered.c.last_seq,
           bindparam("client_id", type_=_messages.c.client_id.type), literal("visitor"),
           bindparam("body", type_=_messages.c.body.type), bindparam("b_now"))
).returning(_messages.c.id, _messages.c.chat_id).cte("inserted")
_NUMBER_AND_INSERT = select(*_numbered.c, _inserted.c.id.label("message_id")).join_from(
    _numbered, _inserted, _inserted.c.chat_id == _numbered.c.id)


def post(chat, author_kind, client_id, body, attachment_ids=None, *, visitor=None, advisor=None):
    """Store a message once per client id; return (message, created)."""
    if chat.status == "closed":
        existing = _by_client_id(chat.id, author_kind, client_id)
        if existing is not None:
            return existing, False
        raise Conflict(_l("This chat has ended. Start a new one to write again."), code="closed")
    if not body and not attachment_ids:
        raise Invalid(_l("Write a message."), fields={"body": [_l("Write a message.")]})
    now = utcnow()
    # Bumping the counter locks the chat's row, so numbers follow commit order with no gaps.
    seq = db.session.execute(
        db.update(Chat).where(Chat.id == chat.id).values(last_seq=Chat.last_seq + 1,
                                                          last_message_at=now)
        .returning(Chat.last_seq)).scalar_one()
    message = ChatMessage(chat_id=chat.id, seq=seq, client_id=client_id, author_kind=author_kind,
                          advisor_id=advisor.id if advisor else None, body=body, created_at=now,
                          attachments=[])
    db.session.add(message)
    session = db.session()
    try:
        db.session.flush()
        if attachment_ids:
            message.attachments = attachments.claim(
                chat.site, attachment_ids, chat_message=message, visitor=visitor, advisor=advisor)
        if advisor is not None and chat.first_reply_at is None:
            chat.first_reply_at = now
            response_figures.chat_answered(chat, now)
        # The message and chat are sent as just written: no need to read them back.
        session.expire_on_commit = False
        db.session.commit()
    except IntegrityError:
        # A retried send: its client id is taken, the bumped number rolls back with it.
        db.session.rollback()
        existing = _by_client_id(chat.id, author_kind, client_id)
        if existing is None:
            raise
        return existing, False
    except Exception:
        db.session.rollback()
        raise
    finally:
        session.expire_on_commit = True
    chat.last_seq = seq
    return message, True


def post_from_visitor(visitor, chat_id, client_id, body, attachment_ids=None):
    """Store a visitor's message in their open chat; return (chat, message, created).

    A text message, the common case, costs one UPDATE that checks ownership, the open state and
    the live session in its WHERE while it numbers the message, and one INSERT (one statement
    on PostgreSQL). Anything else (files, a closed or foreign chat, a retried send) takes the
    general path for its answer.
    """
    if attachment_ids or not body:
        return _post_checked(visitor, chat_id, client_id, body, attachment_ids)
    now = utcnow()
    try:
        row, message_id = _number_and_insert(visitor, chat_id, client_id, body, now)
        if row is not None:
            db.session.commit()
    except IntegrityError:  # a retried send: the general path finds what it stored
        row = None
    except Exception:
        db.session.rollback()
        raise
    if row is None:
        db.session.rollback()
        return _post_checked(visitor, chat_id, client_id, body, attachment_ids)
    message = ChatMessage(id=message_id, chat_id=chat_id, seq=row.last_seq, client_id=client_id,
                          author_kind="visitor", body=body, created_at=now, attachments=[])
    return ChatRef(*row[:5]), message, True


def _number_and_insert(visitor, chat_id, client_id, body, now):
    """Number and insert a visitor's text message; return (chat row, message id) or (None, None)
    when the chat is not theirs, not open or their session is revoked."""
    connection = db.session.connection()
    chat_row = {"b_chat": chat_id, "b_site": visitor.site_id, "b_visitor": visitor.id,
                "b_user": visitor.user_id, "b_now": now}
    if connection.dialect.name == "postgresql":
        row = connection.execute(_NUMBER_AND_INSERT, {
            **chat_row, "client_id": client_id, "body": body}).one_or_none()
        return (row, row.message_id) if row is not None else (None, None)
    row = connection.execute(_NUMBER_VISITOR_MESSAGE, chat_row).one_or_none()
    if row is None:
        return None, None
    return row, connection.execute(_INSERT_MESSAGE, {
        "chat_id": chat_id, "seq": row.last_seq, "client_id": client_id,
        "author_kind": "visitor", "advisor_id": None, "body": body,
        "created_at": now}).scalar_one()


def _post_checked(visitor, chat_id, client_id, body, attachment_ids):
    """Post through the ORM once the chat is known to be the visitor's; return the triple."""
    chat = for_visitor(visitor, chat_id)
    return (chat, *post(chat, "visitor", client_id, body, attachment_ids, visitor=visitor))


def _by_client_id(chat_id, author_kind, client_id):
    """Return the message a client already sent under this id, or None."""
    return db.session.execute(db.select(ChatMessage).filter_by(
        chat_id=chat_id, author_kind=author_kind, client_id=client_id)).scalar_one_or_none()


def messages_after(chat, after_seq=0, limit=SYNC_LIMIT):
    """Return the chat's messages numbered after `after_seq`, in order."""
    return db.session.execute(
        db.select(ChatMessage).where(ChatMessage.chat_id == chat.id, ChatMessage.seq > after_seq)
        .options(selectinload(ChatMessage.attachments), selectinload(ChatMessage.advisor))
        .order_by(ChatMessage.seq).limit(limit)).scalars().all()


def mark_read(chat, side, seq):
    """Record that `side` (visitor or advisor) read up to `seq`; return it, or None if not newer."""
    column = Chat.visitor_read_seq if side == "visitor" else Chat.advisor_read_seq
    seq = min(seq, chat.last_seq)
    done = db.session.execute(db.update(Chat).where(Chat.id == chat.id, column < seq)
                              .values({column: seq})).rowcount
    db.session.commit()
    return seq if done else None

"""Live chats: starting one, messages (stored before anyone hears of them), claims, closing."""
from collections import namedtuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, exists, or_
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from helpwidget.errors import AppError, Conflict, Forbidden, Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Advisor, Chat, ChatMessage, Visitor
from helpwidget.services import advisors, attachments, presence
from helpwidget.services.timeutil import utcnow

OPEN = ("queued", "active")
# A chat closed this recently is still shown to its visitor, who may rate it.
RECENT_SECONDS = 3600
SYNC_LIMIT = 1000
# How much of a waiting chat's first message the team sees in its queue.
PREVIEW_LENGTH = 200

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


class Unavailable(AppError):
    """No advisor can take a chat now; the widget offers a ticket instead."""

    status = 409


def start(site, visitor, data, locale):
    """Open a chat for the visitor (or return their open one); post the first message if given."""
    chat = open_chat_of(visitor)
    if chat is None:
        if not presence.availability(site)["can_chat"]:
            raise Unavailable(_l("No advisor is available right now. Leave us a request and "
                                 "we will answer you as soon as we can."), code="unavailable")
        user = visitor.user
        chat = Chat(site_id=site.id, visitor_id=visitor.id, user_id=user.id if user else None,
                    visitor_name=data.get("name", ""), visitor_email=data.get("email", ""),
                    topic=_topic(site, data.get("topic", "")),
                    page_route=data.get("page_route", ""),
                    locale=locale, status="queued", created_at=utcnow(), last_message_at=utcnow())
        db.session.add(chat)
        db.session.commit()
        created = True
    else:
        created = False
    message = None
    if data.get("client_id") and (data.get("body") or data.get("attachments")):
        message, _ = post(chat, "visitor", data["client_id"], data.get("body", ""),
                          data.get("attachments"), visitor=visitor)
    return chat, created, message


def _topic(site, topic):
    """Return the topic if the site offers it (or offers none), else raise Invalid."""
    keys = [t.get("key") for t in site.chat_topics or [] if isinstance(t, dict)]
    if topic and keys and topic not in keys:
        message = _l("Choose one of the topics.")
        raise Invalid(message, fields={"topic": [message]})
    return topic


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
    the live session in its WHERE while it numbers the message, and one INSERT. Anything else
    (files, a closed or foreign chat, a retried send) takes the general path for its answer.
    """
    if attachment_ids or not body:
        return _post_checked(visitor, chat_id, client_id, body, attachment_ids)
    now = utcnow()
    connection = db.session.connection()
    row = connection.execute(_NUMBER_VISITOR_MESSAGE, {
        "b_chat": chat_id, "b_site": visitor.site_id, "b_visitor": visitor.id,
        "b_user": visitor.user_id, "b_now": now}).one_or_none()
    if row is None:
        db.session.rollback()
        return _post_checked(visitor, chat_id, client_id, body, attachment_ids)
    try:
        message_id = connection.execute(_INSERT_MESSAGE, {
            "chat_id": chat_id, "seq": row.last_seq, "client_id": client_id,
            "author_kind": "visitor", "advisor_id": None, "body": body,
            "created_at": now}).scalar_one()
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _post_checked(visitor, chat_id, client_id, body, attachment_ids)
    except Exception:
        db.session.rollback()
        raise
    message = ChatMessage(id=message_id, chat_id=chat_id, seq=row.last_seq, client_id=client_id,
                          author_kind="visitor", body=body, created_at=now, attachments=[])
    return ChatRef(*row[:5]), message, True


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


def claim(advisor, chat_id):
    """Take a queued chat; only one advisor wins, the others get Conflict("taken")."""
    chat = for_advisor(advisor, chat_id)
    taken = db.session.execute(
        db.update(Chat).where(Chat.id == chat.id, Chat.status == "queued")
        .values(status="active", advisor_id=advisor.id, claimed_at=utcnow())).rowcount
    db.session.commit()
    db.session.refresh(chat)
    if not taken and chat.advisor_id != advisor.id:
        if chat.status == "closed":
            raise Conflict(_l("This chat has ended."), code="closed")
        raise Conflict(_l("Another advisor has already taken this chat."), code="taken")
    return chat


def transfer(advisor, chat_id, target_id):
    """Hand the advisor's chat to another active advisor of the site's team."""
    chat = for_advisor(advisor, chat_id)
    if chat.status == "closed":
        raise Conflict(_l("This chat has ended."), code="closed")
    if chat.advisor_id != advisor.id and not advisors.is_admin(advisor, chat.site):
        raise Forbidden(_l("Only the advisor answering this chat can transfer it."),
                        code="not_yours")
    target = advisors.team_member(chat.site, target_id)
    if target is None or not target.active:
        raise Invalid(_l("Choose an advisor of this team."),
                      fields={"advisor_id": [_l("Choose an advisor of this team.")]})
    chat.advisor_id = target.id
    chat.status = "active"
    chat.claimed_at = chat.claimed_at or utcnow()
    db.session.commit()
    return chat


def team(advisor, chat_id):
    """Return the advisors a chat can go to, with whether each is online."""
    chat = for_advisor(advisor, chat_id)
    online = presence.online_advisor_ids(chat.site)
    members = [a for a in advisors.team(chat.site) if a.active]
    return [{"id": a.id, "name": a.name, "status": a.presence, "online": a.id in online}
            for a in members]


def close(chat, reason):
    """End a chat; closing an ended chat changes nothing."""
    if chat.status != "closed":
        chat.status = "closed"
        chat.closed_at = utcnow()
        chat.closed_reason = reason
        db.session.commit()
    return chat


def rate(chat, rating, comment=""):
    """Record the visitor's one rating of an ended chat."""
    if chat.status != "closed":
        raise Conflict(_l("You can rate the chat once it has ended."), code="open")
    if chat.rating is not None:
        raise Conflict(_l("You have already rated this chat."), code="rated")
    chat.rating = rating
    chat.rating_comment = comment
    db.session.commit()
    return chat


def queue_for(advisor):
    """Return (queued chats of the advisor's sites, oldest first; the advisor's active chats)."""
    site_ids = advisors.site_ids_of(advisor)
    queued = db.session.execute(
        db.select(Chat).where(Chat.site_id.in_(site_ids), Chat.status == "queued")
        .order_by(Chat.created_at)).scalars().all() if site_ids else []
    mine = db.session.execute(
        db.select(Chat).where(Chat.advisor_id == advisor.id, Chat.status == "active")
        .order_by(Chat.claimed_at)).scalars().all()
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


def advisor_named(advisor_id):
    """Return the advisor with this id, or None."""
    return db.session.get(Advisor, advisor_id) if advisor_id else None

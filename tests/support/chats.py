"""Chats inserted as they would be stored, for tests of what is built on them."""
from datetime import timedelta

from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, Visitor
from helpwidget.services.timeutil import utcnow


def latest_visitor():
    """Return the widget session opened last."""
    return db.session.execute(db.select(Visitor).order_by(Visitor.id.desc())).scalars().first()


def make_chat(site, visitor, messages, *, status="closed", days_ago=0, **fields):
    """Insert a chat with its messages (author, body) pairs."""
    when = utcnow() - timedelta(days=days_ago)
    chat = Chat(site_id=site.id, visitor_id=visitor.id, user_id=visitor.user_id, status=status,
                created_at=when, last_message_at=when, last_seq=len(messages),
                closed_at=when if status == "closed" else None, **fields)
    db.session.add(chat)
    db.session.flush()
    for seq, (kind, body) in enumerate(messages, start=1):
        db.session.add(ChatMessage(chat_id=chat.id, seq=seq, client_id=f"c{seq}",
                                   author_kind=kind, body=body, created_at=when,
                                   advisor_id=fields.get("advisor_id") if kind == "advisor"
                                   else None))
    db.session.commit()
    return chat

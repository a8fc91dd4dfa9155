"""Chats whose advisor left (signed out, or their last console died) go back to the queue."""
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.extensions import db
from helpwidget.models import AdvisorConnection, Chat
from helpwidget.services import assignment, chat_messages, emails, signals
from helpwidget.services.timeutil import utcnow


def requeue_chats_of(advisor_id):
    """Put the advisor's active chats back in their queues (they left); return the chats.

    Each gets a system message for the visitor; on an auto-assigning site it goes on to the
    next eligible advisor, never back to this one.
    """
    chats = db.session.execute(
        db.select(Chat).where(Chat.advisor_id == advisor_id, Chat.status == "active")
        .order_by(Chat.id)).scalars().all()
    requeued = []
    for chat in chats:
        won = db.session.execute(
            db.update(Chat).where(Chat.id == chat.id, Chat.status == "active",
                                  Chat.advisor_id == advisor_id)
            .values(status="queued", advisor_id=None)).rowcount
        db.session.commit()
        if not won:
            continue
        db.session.refresh(chat)
        with force_locale(emails.locale_for(chat.locale, chat.site)):
            body = _("Your advisor had to leave. You are back in the queue: the next free "
                     "advisor will answer you here.")
        message, _created = chat_messages.post(chat, "system", f"requeue-{chat.last_seq + 1}",
                                               body)
        signals.announce(signals.chat_requeued, chat=chat, message=message)
        requeued.append(chat)
        assignment.assign_chat(chat, exclude=(advisor_id,))
    return requeued


def requeue_if_gone(advisor_id, ended_token_ids=()):
    """Requeue the advisor's chats unless a live console of a session still open remains."""
    cutoff = utcnow() - timedelta(seconds=current_app.config["PRESENCE_TTL"])
    query = db.select(AdvisorConnection.sid).where(AdvisorConnection.advisor_id == advisor_id,
                                                   AdvisorConnection.seen_at >= cutoff)
    if ended_token_ids:
        query = query.where(AdvisorConnection.token_id.is_(None)
                            | AdvisorConnection.token_id.not_in(list(ended_token_ids)))
    if db.session.execute(query.limit(1)).first() is not None:
        return []
    return requeue_chats_of(advisor_id)

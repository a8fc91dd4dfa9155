"""Chats nobody answered in time become tickets, so nothing the visitor wrote is lost."""
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.extensions import db
from helpwidget.models import Chat
from helpwidget.services import chat_transcripts, emails, tickets
from helpwidget.services.chats import first_message
from helpwidget.services.timeutil import aware, utcnow


def convert_unanswered(now=None):
    """Close every queued chat past its site's wait and open a ticket from it; return the chats."""
    now = now or utcnow()
    waiting = db.session.execute(db.select(Chat).where(Chat.status == "queued")).scalars().all()
    converted = []
    for chat in waiting:
        if aware(chat.created_at) + timedelta(minutes=chat.site.chat_wait_minutes) > now:
            continue
        # Only the process whose update wins converts it: two workers never open two tickets.
        won = db.session.execute(
            db.update(Chat).where(Chat.id == chat.id, Chat.status == "queued")
            .values(status="closed", closed_at=now, closed_reason="unanswered")).rowcount
        if not won:
            db.session.rollback()
            continue
        db.session.refresh(chat)
        chat.ticket = _ticket_for(chat) if first_message(chat) is not None else None
        db.session.commit()
        converted.append(chat)
        _announce(chat)
    return converted


def _ticket_for(chat):
    """Open the ticket holding the chat's transcript, in the visitor's language."""
    with force_locale(emails.locale_for(chat.locale, chat.site)):
        first = first_message(chat)
        words = " ".join((first.body or "").split())
        subject = _("Chat: %(start)s", start=words[:100] + ("…" if len(words) > 100 else "")) \
            if words else _("Chat without an answer")
        description = "\n\n".join([
            _("No advisor was free to answer this chat in time, so it became a request. "
              "The conversation so far:"), chat_transcripts.text(chat)])
    return tickets.open_from_chat(chat, subject, description)


def _announce(chat):
    """Tell the visitor and the team; the ticket and chat are already stored."""
    from helpwidget.realtime import chat_events
    try:
        chat_events.status(chat)
        if chat.ticket is not None:
            tickets.announce_created(chat.ticket)
    except Exception:  # a message queue outage must not undo what is stored
        current_app.logger.exception("could not announce converted chat %s", chat.id)

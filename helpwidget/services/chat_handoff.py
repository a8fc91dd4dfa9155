"""Chats nobody answered in time become tickets, so nothing the visitor wrote is lost."""
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.extensions import db
from helpwidget.models import Chat, Visitor
from helpwidget.services import chat_transcripts, emails, quotas, signals, ticket_intake, tickets
from helpwidget.services.chat_queries import first_message
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
        chat.ticket = _ticket_for(chat) if first_message(chat) is not None and (
            _within_ticket_limits(chat)) else None
        db.session.commit()
        converted.append(chat)
        _announce(chat)
    return converted


def _within_ticket_limits(chat):
    """Count the ticket a chat becomes against its visitor's and address's ticket limits (as
    POST /tickets counts); past them the chat closes unanswered, its messages kept, no ticket
    and no email (fresh visitors from one address could otherwise open tickets unbounded)."""
    visitor = db.session.get(Visitor, chat.visitor_id)
    value = current_app.config["RATELIMIT_TICKETS"]
    within = quotas.take_all([
        (value, "RATELIMIT_TICKETS", "t:" + (visitor.token_hash if visitor else ""), 1),
        (value, "RATELIMIT_TICKETS", "ip:" + (chat.start_ip or ""), 1)])
    if not within:
        current_app.logger.warning("chat %s closed without a ticket: past the ticket limits",
                                   chat.id)
    return within


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
    return ticket_intake.open_from_chat(chat, subject, description)


def _announce(chat):
    """Tell the visitor and the team; the ticket and chat are already stored."""
    try:
        signals.chat_handed_off.send(current_app._get_current_object(), chat=chat)
        if chat.ticket is not None:
            tickets.announce_created(chat.ticket)
    except Exception:  # a message queue outage must not undo what is stored
        current_app.logger.exception("could not announce converted chat %s", chat.id)

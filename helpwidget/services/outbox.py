"""The outbox: emails and webhooks stored with what caused them, then delivered with retries.

Rows of kind "search" (index updates that could not be written at once) were made by versions
before the search change log (services/search_log.py); the sender still applies any left.

Callers enqueue in the same transaction as the ticket or comment that causes the message, so a
message exists exactly when its cause was saved; a mail server or receiver that is down only
delays it. background/outbox_sender.py delivers the rows; signals.outbox_queued tells the
worker when new ones are committed.
"""
import logging

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from helpwidget.extensions import db
from helpwidget.models import OutboxMessage
from helpwidget.models.base import utcnow
from helpwidget.services import addresses, mailer, signals

log = logging.getLogger(__name__)
_WAKE_FLAG = "helpwidget.outbox.wake"


def enqueue_email(to, subject, text, html=None, cc=(), reply_to=None, site=None,
                  references=None):
    """Add an email to the session (the caller commits); return it, or None without recipients.

    `to` and `cc` take an address or a list; `references` is a Message-ID that mail clients
    thread the email under (e.g. one per ticket).
    """
    to_list = _addresses(to)
    seen = {addr.lower() for addr in to_list}
    cc_list = [addr for addr in _addresses(cc) if addr.lower() not in seen]
    if not to_list:
        to_list, cc_list = cc_list, []
    if not to_list:
        return None
    # A line break in a subject would be a header injection; email refuses it, so flatten it.
    payload = {"to": to_list, "cc": cc_list, "subject": " ".join(str(subject).split()),
               "text": str(text), "html": str(html) if html else None,
               "reply_to": reply_to or None,
               # Fixed now, so a retried email keeps its identity and receivers can dedupe it.
               "message_id": mailer.message_id(current_app.config),
               "references": references or None}
    return _add("email", payload, site)


def enqueue_webhook(url, event, body, site):
    """Add a signed webhook call (JSON `body`) to the session; the caller commits."""
    # The secret is read from the site when sending, so the outbox never stores it.
    return _add("webhook", {"url": url, "event": event, "body": body}, site)


def _add(kind, payload, site):
    """Add one pending row and ask for a worker nudge once the transaction commits."""
    row = OutboxMessage(kind=kind, site_id=site.id if site is not None else None,
                        payload=payload, state="pending", attempts=0,
                        next_attempt_at=utcnow(), last_error="")
    db.session.add(row)
    db.session.info[_WAKE_FLAG] = True
    return row


def _addresses(value):
    """Return a list of non-empty, distinct addresses from a string or an iterable."""
    items = [value] if isinstance(value, str) else list(value or ())
    found, seen = [], set()
    for item in items:
        addr = str(item).strip()
        if addr and not addresses.is_single(addr):
            # "a@x, b@y" would reach every address in it: one entry is one recipient or none.
            log.warning("outbox: dropped a recipient that is not one address")
            continue
        if addr and addr.lower() not in seen:
            seen.add(addr.lower())
            found.append(addr)
    return found


@event.listens_for(Session, "after_commit")
def _wake_after_commit(session):
    """Announce new rows once they are committed (before that, no worker could see them)."""
    if session.info.pop(_WAKE_FLAG, False):
        signals.outbox_queued.send(current_app._get_current_object())


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session):
    """Drop the announcement of rows that were rolled back."""
    session.info.pop(_WAKE_FLAG, None)


def pending_count(kind=None):
    """Return how many messages still wait to be sent (of one kind if given)."""
    query = db.select(db.func.count(OutboxMessage.id)).where(OutboxMessage.state == "pending")
    if kind is not None:
        query = query.where(OutboxMessage.kind == kind)
    return db.session.execute(query).scalar_one()


def recent(state=None, limit=20):
    """Return the newest messages, optionally only those in `state`."""
    query = db.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
    if state:
        query = query.where(OutboxMessage.state == state)
    return db.session.execute(query).scalars().all()


def requeue(ids):
    """Make failed messages pending again, due now (after fixing what made them fail).

    Returns how many were requeued; commits.
    """
    rows = db.session.execute(db.select(OutboxMessage).where(
        OutboxMessage.id.in_(list(ids)), OutboxMessage.state == "failed")).scalars().all()
    for row in rows:
        row.state = "pending"
        row.next_attempt_at = utcnow()
        row.locked_until = None
    if rows:
        db.session.info[_WAKE_FLAG] = True
    db.session.commit()
    return len(rows)


def destination(row):
    """Return where a message goes, for listings: its recipients or its URL."""
    payload = row.payload or {}
    if row.kind == "webhook":
        return payload.get("url", "")
    if row.kind == "search":
        return "search index: articles " + ", ".join(map(str, payload.get("article_ids", ())))
    return ", ".join(list(payload.get("to", ())) + list(payload.get("cc", ())))

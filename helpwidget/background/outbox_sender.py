"""The outbox sender: claims the due rows of the outbox and delivers them, with retries.

Delivery is at least once: a sender that dies between sending and recording sends that one
message again once its claim expires. Several senders (threads or processes) may run at once:
each row is claimed before it is sent.
"""
import logging
import random
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_

from helpwidget import search
from helpwidget.extensions import db
from helpwidget.models import OutboxMessage, Site
from helpwidget.models.base import utcnow
from helpwidget.services import articles, mailer, webhooks

log = logging.getLogger(__name__)
# Its own generator: retry timing never disturbs (or depends on) the global random state.
_jitter = random.Random()

# Seconds before the first retry; each further failure doubles it, up to OUTBOX_MAX_BACKOFF.
RETRY_BASE = 30
# Shortest claim on a row being sent; it must outlast the slowest send (see _lease_seconds).
MIN_LEASE = 300


def _due(now):
    """Return the SQL condition of rows to send now: pending, due and not claimed."""
    return and_(OutboxMessage.state == "pending", OutboxMessage.next_attempt_at <= now,
                or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now))


def deliver_due(limit=None):
    """Send the due messages (at most `limit`, default OUTBOX_BATCH); return counts.

    The counts are {"sent", "retry", "failed"}. Commits the session. Safe to run in several
    threads and processes at once: each row is claimed before it is sent.
    """
    config = current_app.config
    limit = limit or int(config["OUTBOX_BATCH"])
    ids = db.session.execute(
        db.select(OutboxMessage.id).where(_due(utcnow()))
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)).scalars().all()
    # End the reading transaction: SQLite cannot turn it into a writing one while another
    # process writes, and each claim below must be its own short transaction anyway.
    db.session.commit()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    with mailer.Connection(config) as smtp:
        for row_id in ids:
            row = _claim(row_id, config)
            if row is not None:
                counts[_attempt(row, smtp, config)] += 1
    return counts


def _claim(row_id, config):
    """Lock one row for this sender with a conditional UPDATE; return it, or None if taken."""
    now = utcnow()
    result = db.session.execute(
        db.update(OutboxMessage).where(OutboxMessage.id == row_id, _due(now))
        .values(locked_until=now + timedelta(seconds=_lease_seconds(config)))
        .execution_options(synchronize_session=False))
    db.session.commit()
    if result.rowcount != 1:
        return None  # another sender claimed it first, or it is no longer due
    return db.session.get(OutboxMessage, row_id)


def _lease_seconds(config):
    """Return how long a claim lasts: longer than one send can take with its timeouts."""
    slowest = 4 * max(float(config["MAIL_TIMEOUT"]), float(config["WEBHOOK_TIMEOUT"]))
    return max(MIN_LEASE, slowest)


def _attempt(row, smtp, config):
    """Send one claimed row and record the outcome; return "sent", "retry" or "failed"."""
    note = ""
    try:
        if row.kind == "email":
            refused = smtp.send(row.payload)
            if refused:
                note = "some recipients refused: " + "; ".join(
                    f"{addr}: {code}" for addr, (code, _reply) in refused.items())
        elif row.kind == "webhook":
            _post_webhook(row, config)
        elif row.kind == "search":
            articles.reindex(row.payload["article_ids"])
        else:
            raise webhooks.WebhookError(f"unknown outbox kind {row.kind!r}", permanent=True)
    except Exception as exc:  # every failure, expected or not, is recorded on the row
        if not isinstance(exc, (mailer.MailError, webhooks.WebhookError,
                                search.IndexBusyError)):
            log.exception("outbox message %s failed unexpectedly", row.id)
        return _record_failure(row, exc, config)
    row.state = "sent"
    row.sent_at = utcnow()
    row.attempts += 1
    row.locked_until = None
    row.last_error = note
    db.session.commit()
    return "sent"


def _post_webhook(row, config):
    """POST a webhook row, signed with its site's current secret."""
    site = db.session.get(Site, row.site_id) if row.site_id is not None else None
    payload = row.payload
    webhooks.post(payload["url"], payload["event"], payload["body"],
                  secret=site.alert_webhook_secret if site else "", delivery_id=row.id,
                  timeout=float(config["WEBHOOK_TIMEOUT"]))


def _record_failure(row, exc, config):
    """Keep the error; fail permanent errors for good, schedule a retry for the others."""
    row.attempts += 1
    row.locked_until = None
    row.last_error = str(exc)[:2000] or type(exc).__name__
    if getattr(exc, "permanent", False):
        row.state = "failed"
        outcome = "failed"
        log.warning("outbox message %s failed for good: %s", row.id, row.last_error)
    else:
        delay = backoff(row.attempts, config, getattr(exc, "retry_after", None))
        row.next_attempt_at = utcnow() + timedelta(seconds=delay)
        outcome = "retry"
        log.info("outbox message %s: attempt %s failed, retry in %.0fs: %s", row.id,
                 row.attempts, delay, row.last_error)
    db.session.commit()
    return outcome


def backoff(attempts, config, retry_after=None):
    """Return seconds to wait after `attempts` failures: doubling, jittered, capped."""
    cap = float(config["OUTBOX_MAX_BACKOFF"])
    delay = RETRY_BASE * 2 ** min(attempts - 1, 30)
    # Jitter keeps many messages that failed together from all retrying in the same second.
    delay *= _jitter.uniform(0.85, 1.0)
    if retry_after:
        delay = max(delay, retry_after)
    return min(delay, cap)

"""Received email: stored raw first, then read and posted where it belongs, or held with a reason.

Nothing received is lost: `store` commits the raw bytes before anything parses them, and one
email is one row (by Message-ID, else by a hash of its bytes), so a listener's retried session
or a mailbox read again after a crash stores nothing twice. `process` never raises for a bad
email: what cannot be posted is kept, dropped or failed, with its reason, for advisors.
"""
import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy.exc import IntegrityError

from helpwidget.extensions import db
from helpwidget.models import InboundEmail
from helpwidget.services import mail_parsing, mail_posting, reply_tokens
from helpwidget.services.timeutil import utcnow

log = logging.getLogger(__name__)
# Dedupe keys of the header-only rows of emails over the size limit, apart from whole emails'.
TOO_LARGE_KEY = "too-large:"


def store(raw, source, envelope_to=()):
    """Store the raw email once and commit; return (row, created). Raises only on a database
    failure, so a listener can tell the sending server to try again later."""
    row = InboundEmail(dedupe_key=mail_parsing.dedupe_key(raw), source=source, raw=bytes(raw),
                       envelope_to=[str(r)[:320] for r in envelope_to][:50],
                       state="received", reason="", detail="", sender="", subject="",
                       received_at=utcnow())
    return _insert_once(row)


def hold_too_large(headers, size, source):
    """Record once, for advisors, an email a mailbox holds that is over MAIL_IN_MAX_BYTES;
    return (row, created). Only its headers are kept, under a key of their own, so the whole
    email is stored as a new one if the limit is raised."""
    limit = int(current_app.config["MAIL_IN_MAX_BYTES"])
    now = utcnow()
    row = InboundEmail(dedupe_key=(TOO_LARGE_KEY + mail_parsing.dedupe_key(headers))[:255],
                       source=source, raw=bytes(headers), envelope_to=[], state="failed",
                       reason="too_large", sender="", subject="", received_at=now,
                       processed_at=now,
                       detail=f"{size} bytes, over MAIL_IN_MAX_BYTES ({limit}); left unread in "
                              "the mailbox")
    try:
        parsed = mail_parsing.parse(row.raw, (), current_app.config["MAIL_IN_AUTHSERV_ID"])
        row.sender, row.subject = parsed.sender, parsed.subject
        row.site_id = mail_posting.site_id_of(parsed)
    except Exception as exc:  # unreadable headers: kept all the same, for the owner to see
        log.warning("headers of an email over the size limit cannot be read: %s", exc)
    return _insert_once(row)


def _insert_once(row):
    """Insert a row unless one with its dedupe key exists; commit; return (row, created)."""
    existing = _by_key(row.dedupe_key)
    if existing is not None:
        return existing, False
    db.session.add(row)
    try:
        db.session.commit()
    except IntegrityError:
        # The same email, delivered twice at once: the other delivery stored it.
        db.session.rollback()
        return _by_key(row.dedupe_key), False
    except Exception:
        db.session.rollback()
        raise
    return row, True


def receive(raw, source, envelope_to=()):
    """Store an email, then post it unless it was already read; return its row."""
    row, _created = store(raw, source, envelope_to)
    if row.state == "received":
        process(row)
    return row


def process(row):
    """Read a stored email and post it, or record why not; return the row (committed)."""
    try:
        parsed = mail_parsing.parse(row.raw, row.envelope_to,
                                    current_app.config["MAIL_IN_AUTHSERV_ID"])
    except Exception as exc:  # a malformed email must not stop the ones after it
        log.warning("inbound email %s: cannot parse: %s", row.id, exc)
        return _finish(row, "failed", "parse_error", f"{type(exc).__name__}: {exc}")
    row.sender, row.subject = parsed.sender, parsed.subject
    try:
        outcome = mail_posting.post(row, parsed)
    except Exception as exc:  # kept for advisors; "Try again" runs it again
        db.session.rollback()
        log.exception("inbound email %s: cannot post", row.id)
        row = db.session.get(InboundEmail, row.id)
        row.sender, row.subject = parsed.sender, parsed.subject
        return _finish(row, "failed", "post_error", f"{type(exc).__name__}: {exc}")
    return _finish(row, *outcome)


def process_pending(limit=100, older_than_seconds=0):
    """Post the emails stored but never read (the process stopped in between); return how many.

    `older_than_seconds` leaves alone what a running receiver has just stored and is posting.
    """
    query = db.select(InboundEmail.id).where(InboundEmail.state == "received")
    if older_than_seconds:
        query = query.where(InboundEmail.received_at <
                            utcnow() - timedelta(seconds=older_than_seconds))
    ids = db.session.execute(query.order_by(InboundEmail.id).limit(limit)).scalars().all()
    for row_id in ids:
        row = db.session.get(InboundEmail, row_id)
        if row is not None and row.state == "received":
            process(row)
    return len(ids)


def accepts_recipient(address):
    """Tell whether mail to this address is ours: a reply address, or a site's support address."""
    address = (address or "").strip().strip("<>").lower()
    base = (current_app.config.get("MAIL_REPLY_ADDRESS") or "").lower()
    local, at, domain = base.rpartition("@")
    if at and address.endswith("@" + domain) and (
            address == base or address.startswith(local + "+")):
        return True
    if reply_tokens.find([address]):
        return True
    return mail_posting.site_for_address([address]) is not None


def _finish(row, state, reason="", detail=""):
    """Record what became of an email and commit."""
    row.state, row.reason, row.detail = state, reason, (detail or "")[:2000]
    row.processed_at = utcnow()
    db.session.commit()
    return row


def _by_key(key):
    """Return the stored email with this dedupe key, or None."""
    return db.session.execute(db.select(InboundEmail).filter_by(dedupe_key=key)) \
        .scalar_one_or_none()


def process_stranded():
    """The worker's chore: post what a receiver stored but did not read for five minutes."""
    return process_pending(older_than_seconds=300)

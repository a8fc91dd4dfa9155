"""The mailbox poller of `flask mail-in imap`: stores each unread email, marks it read, posts it.

The order is what makes it safe: an email is committed to the database before it is marked
\\Seen, so a poller that dies in between reads it again on the next pass, and store() finds it
by its Message-ID instead of storing it twice. Emails stored but never posted (a crash after
the flag) are posted by process_pending() at the end of each pass.
"""
import logging
import threading

from flask import current_app
from imapclient import SEEN, IMAPClient
from imapclient.exceptions import IMAPClientError

from helpwidget.background import stop_signals
from helpwidget.extensions import db
from helpwidget.services import inbound_mail

log = logging.getLogger(__name__)

# Seconds one IMAP command may take before the pass gives up (and the next one retries).
TIMEOUT = 60.0
# Errors of the mail server or the network: logged in one line, the next pass retries.
CONNECTION_ERRORS = (IMAPClientError, OSError)


def connect(config):
    """Return a client logged in to the mailbox, with IMAP_FOLDER selected."""
    client = IMAPClient(config["IMAP_HOST"], port=int(config["IMAP_PORT"]),
                        ssl=bool(config["IMAP_SSL"]), timeout=TIMEOUT)
    try:
        client.login(config["IMAP_USERNAME"], config["IMAP_PASSWORD"])
        client.select_folder(config["IMAP_FOLDER"])
    except BaseException:
        _close(client)
        raise
    return client


def poll_once(on_row=None):
    """Read the folder's unread emails once, inside an app context; return counts.

    Counts: "stored" (new emails), "duplicates" (stored before, marked read now), "too_large"
    (left unread), "recovered" (earlier emails posted by process_pending). `on_row(row,
    created)` is called for each email read, after it was posted.
    """
    config = current_app.config
    counts = {"stored": 0, "duplicates": 0, "too_large": 0, "recovered": 0}
    client = connect(config)
    try:
        # Oldest first, so replies to one conversation are posted in the order they were sent.
        uids = sorted(client.search(["UNSEEN", "UNDELETED"]))
        sizes = client.fetch(uids, ["RFC822.SIZE"]) if uids else {}
        limit = int(config["MAIL_IN_MAX_BYTES"])
        for uid in uids:
            size = sizes.get(uid, {}).get(b"RFC822.SIZE") or 0
            if size > limit:
                _hold_too_large(client, uid, size)
                counts["too_large"] += 1
                continue
            _take(client, uid, counts, on_row)
    finally:
        _close(client)
    counts["recovered"] = inbound_mail.process_pending()
    return counts


def _hold_too_large(client, uid, size):
    """Leave an email over MAIL_IN_MAX_BYTES unread in the mailbox, where a person can still
    read it, and show it to advisors once in Incoming mail (its headers only)."""
    fetched = client.fetch([uid], ["BODY.PEEK[HEADER]"]).get(uid) or {}
    headers = fetched.get(b"BODY[HEADER]")
    if headers is None:  # expunged by someone else since the search
        return
    _row, created = inbound_mail.hold_too_large(bytes(headers), size, "imap")
    if created:
        log.warning("IMAP message %s is %s bytes, over MAIL_IN_MAX_BYTES: left unread", uid, size)


def _take(client, uid, counts, on_row):
    """Store one message, then mark it \\Seen, then post it."""
    # PEEK: reading the message must not mark it \Seen before it is stored.
    fetched = client.fetch([uid], ["BODY.PEEK[]"]).get(uid) or {}
    raw = fetched.get(b"BODY[]")
    if raw is None:  # expunged by someone else since the search
        return
    row, created = inbound_mail.store(bytes(raw), "imap")
    # Only now that it is committed: a crash before this line reads it again next pass.
    client.add_flags([uid], [SEEN], silent=True)
    counts["stored" if created else "duplicates"] += 1
    if row.state == "received":
        try:
            inbound_mail.process(row)
        except Exception:  # stored and marked read: process_pending() posts it later
            log.exception("posting inbound email %s failed", row.id)
            db.session.rollback()
    if on_row is not None:
        on_row(row, created)


def _close(client):
    """Log out, ignoring a connection that is already gone."""
    try:
        client.logout()
    except Exception:  # closing a broken connection may fail in many ways
        try:
            client.shutdown()
        except Exception:
            pass


def run_pass(app, on_row=None):
    """Poll once inside an app context; log instead of raising; return the counts or None."""
    with app.app_context():
        try:
            return poll_once(on_row)
        except CONNECTION_ERRORS as error:
            log.warning("polling %s failed: %s", app.config["IMAP_HOST"], error)
        except Exception:  # a database outage must not end the poller
            log.exception("polling %s failed", app.config["IMAP_HOST"])
        finally:
            db.session.remove()
    return None


def run_forever(app, stop=None, on_row=None):
    """Poll every IMAP_INTERVAL seconds until `stop` (an Event) is set, Ctrl-C or SIGTERM."""
    stop = stop or threading.Event()
    interval = float(app.config["IMAP_INTERVAL"])
    with stop_signals.until_signalled() as signalled:
        while not (stop.is_set() or signalled.requested):
            run_pass(app, on_row)
            stop.wait(interval)

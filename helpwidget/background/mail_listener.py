"""The SMTP or LMTP listener of `flask mail-in smtp`: stores each email before it says 250.

A mail server (Postfix, Exim...) forwards the reply addresses' and support addresses' mail
here. The email is committed to the database before the listener accepts it, so an accepted
email is never lost; when the database is down the listener answers 451 and the sending
server keeps the email and retries. Posting it (a comment, a chat message, a new request)
happens after the 250: a failure there is kept on the row, never sent back to the sender.
"""
import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP
from aiosmtpd.smtp import SMTP

from helpwidget.extensions import db
from helpwidget.models import InboundEmail
from helpwidget.services import inbound_mail

log = logging.getLogger(__name__)

ACCEPTED = "250 2.0.0 Message accepted"
RECIPIENT_OK = "250 2.1.5 Recipient OK"
NO_SUCH_RECIPIENT = "550 5.1.1 No such recipient here"
# 4xx: the sending server keeps the email in its queue and tries again later.
TRY_LATER = "451 4.3.0 Cannot store the message now, try again later"
RECIPIENT_TRY_LATER = "451 4.3.0 Cannot check the recipient now, try again later"


class Handler:
    """aiosmtpd handler: takes mail for the addresses the server serves, stores it, posts it."""

    def __init__(self, app, lmtp=False):
        """Work on `app`; `lmtp` answers DATA once per recipient, as LMTP requires."""
        self.app = app
        self.lmtp = lmtp
        # One thread for every database call: emails are stored and posted in arrival order,
        # the asyncio loop never blocks on the database, and SQLite sees one writer.
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail-in")
        self._posting = set()
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        """Refuse (550) an address the server takes no mail for; 451 if it cannot tell now."""
        try:
            taken = await self._call(inbound_mail.accepts_recipient, address)
        except Exception:  # the database is down: let the sender retry rather than bounce
            log.exception("could not check the recipient %s", address)
            return RECIPIENT_TRY_LATER
        if not taken:
            return NO_SUCH_RECIPIENT
        envelope.rcpt_tos.append(address)
        return RECIPIENT_OK

    async def handle_DATA(self, server, session, envelope):
        """Store the email (451 if that fails), answer 250, then post it."""
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):  # only when a caller builds the server with decode_data
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            row_id, waiting = await self._call(_store, raw, list(envelope.rcpt_tos))
        except Exception:
            log.exception("could not store an email from %s", envelope.mail_from)
            return self._reply(TRY_LATER, envelope)
        if waiting:  # new, or stored before but never posted (a crash between the two)
            self._post_later(row_id)
        return self._reply(ACCEPTED, envelope)

    def _reply(self, status, envelope):
        """Return the answer to DATA: LMTP gives one line per accepted recipient."""
        if not self.lmtp:
            return status
        return "\r\n".join([status] * max(1, len(envelope.rcpt_tos)))

    async def _call(self, fn, *args):
        """Run a blocking function of the app on the database thread; return its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, self._in_app, fn, *args)

    def _in_app(self, fn, *args):
        """Run `fn` inside an app context of its own, then give its connection back."""
        with self.app.app_context():
            try:
                return fn(*args)
            finally:
                db.session.remove()

    def _post_later(self, row_id):
        """Queue the posting of a stored email; it runs after the 250 is sent."""
        future = self.executor.submit(self._in_app, _post, row_id)
        with self._lock:
            self._posting.add(future)
        future.add_done_callback(self._posted)

    def _posted(self, future):
        """Forget a finished posting."""
        with self._lock:
            self._posting.discard(future)

    def wait_posted(self, timeout=10.0):
        """Wait until every accepted email was posted (or failed); tell whether all were."""
        with self._lock:
            pending = list(self._posting)
        for future in pending:
            try:
                future.result(timeout=timeout)
            except TimeoutError:
                return False
        return True

    def close(self):
        """Finish the postings under way and stop the database thread."""
        self.executor.shutdown(wait=True)


def _store(raw, recipients):
    """Store one email (committed); return (its id, whether it still waits to be posted)."""
    row, created = inbound_mail.store(raw, "smtp", recipients)
    return row.id, created or row.state == "received"


def _post(row_id):
    """Post a stored email; a failure is logged, the row stays for process_pending()."""
    try:
        row = db.session.get(InboundEmail, row_id)
        if row is not None and row.state == "received":
            inbound_mail.process(row)
    except Exception:  # after the 250 nothing may reach the sender; the row keeps its state
        log.exception("posting inbound email %s failed", row_id)
        db.session.rollback()


class _Controller(Controller):
    """aiosmtpd's threaded controller, speaking SMTP or LMTP."""

    def __init__(self, handler, protocol, **kwargs):
        """Remember which protocol class serves each connection."""
        self.protocol = protocol
        super().__init__(handler, **kwargs)

    def factory(self):
        """Return the protocol object of one connection."""
        return self.protocol(self.handler, **self.SMTP_kwargs)


class MailListener:
    """The listener on its own thread (aiosmtpd's asyncio loop), started and stopped by hand."""

    def __init__(self, app, host=None, port=None, lmtp=None):
        """Listen where given, else at MAIL_IN_HOST:MAIL_IN_PORT (LMTP per MAIL_IN_LMTP)."""
        config = app.config
        self.host = host or config["MAIL_IN_HOST"]
        self.port = int(port if port is not None else config["MAIL_IN_PORT"])
        self.lmtp = bool(config["MAIL_IN_LMTP"] if lmtp is None else lmtp)
        self.handler = Handler(app, lmtp=self.lmtp)
        # The greeting names the reply domain rather than this machine (getfqdn may be slow).
        domain = str(config.get("MAIL_REPLY_ADDRESS") or "").rpartition("@")[2]
        self._controller = _Controller(
            self.handler, LMTP if self.lmtp else SMTP, hostname=self.host, port=self.port,
            server_hostname=domain or "helpwidget",
            data_size_limit=int(config["MAIL_IN_MAX_BYTES"]))

    def start(self):
        """Start listening (returns once the port accepts connections)."""
        self._controller.start()

    def stop(self):
        """Stop listening, then finish posting what was accepted."""
        self._controller.stop()
        self.handler.close()


def post_leftovers(app):
    """Post the emails stored but never posted (a crash after a 250); return how many."""
    with app.app_context():
        try:
            return inbound_mail.process_pending()
        finally:
            db.session.remove()

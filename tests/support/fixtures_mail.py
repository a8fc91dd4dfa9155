"""Fixtures for mail tests: a real SMTP server (aiosmtpd) on loopback that keeps what it gets."""
import asyncio
import email
import email.policy
import socket
import threading
import time

import pytest
from aiosmtpd.controller import Controller


class _Handler:
    """aiosmtpd handler: refuses the recipients it is told to, keeps every message it takes."""

    def __init__(self, server):
        """Report to `server`."""
        self.server = server

    async def handle_RCPT(self, smtp, session, envelope, address, rcpt_options):
        """Accept a recipient unless the test set a refusal reply for it."""
        reply = self.server.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, smtp, session, envelope):
        """Parse and keep the message with its envelope recipients."""
        if self.server.delay:
            await asyncio.sleep(self.server.delay)
        message = email.message_from_bytes(envelope.original_content or envelope.content,
                                           policy=email.policy.default)
        self.server.received(message, list(envelope.rcpt_tos), envelope.mail_from)
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server on 127.0.0.1 that can be stopped and started again on the same port."""

    def __init__(self):
        """Pick a free loopback port; nothing listens until start()."""
        self.host = "127.0.0.1"
        with socket.socket() as probe:
            probe.bind((self.host, 0))
            self.port = probe.getsockname()[1]
        self.messages = []  # email.message.EmailMessage objects, in arrival order
        self.envelopes = []  # (mail_from, [recipients]) of each message
        # address (lowercase) -> SMTP reply, e.g. "550 5.1.1 No such user" or "451 try later"
        self.refuse = {}
        self.delay = 0.0  # seconds each message takes to accept, to make senders overlap
        self._lock = threading.Lock()
        self._controller = None

    def received(self, message, recipients, mail_from):
        """Record one accepted message (called from the server's thread)."""
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((mail_from, recipients))

    def start(self):
        """Listen on the port (again, after stop())."""
        self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
        self._controller.start()

    def stop(self):
        """Stop listening, so connections are refused, as with a mail server that is down."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def wait_for(self, count, timeout=10.0):
        """Wait until `count` messages arrived (or the deadline passed); return the messages."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.messages)

    def with_subject(self, text):
        """Return the received messages whose subject contains `text`."""
        return [m for m in self.messages if text in str(m["Subject"])]


@pytest.fixture
def smtp_server(app):
    """Start a loopback SMTP server and point the app's MAIL_SERVER/MAIL_PORT at it."""
    server = SmtpServer()
    server.start()
    app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port, MAIL_STARTTLS=False,
                      MAIL_SSL=False, MAIL_USERNAME="", MAIL_TIMEOUT=5.0,
                      MAIL_FROM="Acme Support <support@acme.test>")
    yield server
    server.stop()

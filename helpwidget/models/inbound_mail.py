"""Email received from requesters and visitors: stored raw before anything reads it."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

# received: stored, not yet read; posted: it became a comment, a chat message or a ticket;
# dropped: deliberately not posted (a stranger, an auto-reply, a loop, a bad token...);
# failed: reading or posting it broke, kept for advisors with the reason.
STATES = ("received", "posted", "dropped", "failed")
# What an email posts carries the client id "mail-<row id>" (processed again after a crash, it
# is found, not posted twice); widgets, the help center and the console may not send one.
CLIENT_ID_PREFIX = "mail-"


def came_by_email(client_id):
    """Tell whether a comment, message or request with this client id was posted by an email."""
    return (client_id or "").startswith(CLIENT_ID_PREFIX)


class InboundEmail(db.Model):
    """One email as it arrived, with what became of it."""

    __tablename__ = "inbound_emails"
    __table_args__ = (Index("ix_inbound_emails_site_state", "site_id", "state", "received_at"),
                      Index("ix_inbound_emails_sender", "sender", "received_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    # The Message-ID, or a hash of the raw bytes when it has none: the same email delivered
    # twice (a retried SMTP session, an IMAP batch read again) is stored once.
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    source: Mapped[str] = mapped_column(String(16))
    # The envelope's recipients (RCPT TO) as the listener got them; IMAP has none.
    envelope_to: Mapped[list] = mapped_column(JSON, default=list)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    # Read off the headers once the message is parsed, for listings.
    sender: Mapped[str] = mapped_column(String(320), default="")
    subject: Mapped[str] = mapped_column(String(300), default="")
    state: Mapped[str] = mapped_column(String(16), default="received", index=True)
    # A short code of why it was dropped or failed (services/inbound_mail.py REASONS).
    reason: Mapped[str] = mapped_column(String(32), default="")
    detail: Mapped[str] = mapped_column(Text, default="")
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))
    chat_id: Mapped[int | None] = mapped_column(ForeignKey("chats.id", ondelete="SET NULL"))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def client_id(self):
        """The client id of what this email posted (a comment, a chat message, a request)."""
        return f"{CLIENT_ID_PREFIX}{self.id}"

"""Live chats between a visitor and an advisor, their messages, and saved replies."""
import re
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

STATUSES = ("queued", "active", "closed")


class Chat(db.Model):
    """One conversation: it waits in its site's queue, an advisor claims it, someone closes it."""

    __tablename__ = "chats"
    __table_args__ = (Index("ix_chats_site_created", "site_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"),
                                            index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("end_users.id", ondelete="SET NULL"),
                                                index=True)
    # Name and email an anonymous visitor gave; identified users carry their own.
    visitor_name: Mapped[str] = mapped_column(String(200), default="")
    visitor_email: Mapped[str] = mapped_column(String(320), default="")
    topic: Mapped[str] = mapped_column(String(64), default="")
    page_route: Mapped[str] = mapped_column(String(500), default="")
    # The address the chat was started from: an unanswered chat that becomes a ticket counts
    # against that address's ticket limits.
    start_ip: Mapped[str] = mapped_column(String(64), default="", server_default="")
    locale: Mapped[str] = mapped_column(String(8), default="en")
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id", ondelete="SET NULL"),
                                                   index=True)
    # The last message number handed out; bumped in the message's own transaction.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    visitor_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    # The last advisor message sent to the visitor by email (they had left before reading it).
    emailed_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    advisor_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    first_reply_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_message_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_reason: Mapped[str | None] = mapped_column(String(16))
    # Seconds in the queue before an advisor took it, and until the first advisor message;
    # stored when they end, so reports aggregate columns.
    wait_seconds: Mapped[int | None] = mapped_column(Integer)
    first_response_seconds: Mapped[int | None] = mapped_column(Integer)
    transfer_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str] = mapped_column(Text, default="")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))

    site = relationship("Site")
    visitor = relationship("Visitor")
    user = relationship("EndUser")
    advisor = relationship("Advisor")
    ticket = relationship("Ticket")
    labels = relationship("Label", secondary="chat_labels", order_by="Label.name")

    @property
    def shown_name(self):
        """Return the name the visitor goes by in this chat: the user's, else the one typed."""
        return self.user.name if self.user and self.user.name else self.visitor_name


class ChatMessage(db.Model):
    """A message of a chat, stored before anyone is told of it."""

    __tablename__ = "chat_messages"
    # A client retrying a send reuses its id: the message is stored once.
    __table_args__ = (UniqueConstraint("chat_id", "author_kind", "client_id"),
                      UniqueConstraint("chat_id", "seq"))

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    client_id: Mapped[str] = mapped_column(String(64))
    author_kind: Mapped[str] = mapped_column(String(16))  # visitor | advisor | system
    advisor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    advisor = relationship("Advisor")
    attachments = relationship("Attachment", order_by="Attachment.created_at")


class AdvisorConnection(db.Model):
    """A live console connection; rows not refreshed for a while belong to dead processes."""

    __tablename__ = "advisor_connections"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id", ondelete="CASCADE"),
                                            index=True)
    # The session it signed in with: ending that session closes this connection.
    token_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisor_tokens.id", ondelete="CASCADE"), index=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


# What a saved reply may hold: its shortcut, title and body.
SAVED_REPLY_SHORTCUT = re.compile(r"[A-Za-z0-9_-]{1,40}")
SAVED_REPLY_TITLE_MAX = 200
SAVED_REPLY_BODY_MAX = 5000


class SavedReply(db.Model):
    """A canned answer of a site's team, in one language, inserted by its shortcut."""

    __tablename__ = "saved_replies"
    __table_args__ = (UniqueConstraint("site_id", "locale", "shortcut"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    shortcut: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

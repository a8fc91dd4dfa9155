"""Support requests ("tickets"), their comment threads and ratings."""
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

STATUSES = ("open", "pending", "awaiting_reply", "resolved", "closed")
PRIORITIES = ("low", "normal", "high", "urgent")
# How the advisors' inbox may be sorted (services/inbox.py orders by each).
INBOX_SORTS = ("due", "-updated", "-created")


class Ticket(db.Model):
    """One support request of an end user (or anonymous visitor) on a site."""

    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("site_id", "number"),
                      UniqueConstraint("requester_visitor_id", "client_id"),
                      Index("ix_tickets_site_status_due", "site_id", "status", "due_at"),
                      Index("ix_tickets_site_created", "site_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    # The number people quote ("#123456"); random, so it reveals nothing, and never a key.
    number: Mapped[int] = mapped_column(Integer)
    requester_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("end_users.id", ondelete="SET NULL"), index=True)
    requester_visitor_id: Mapped[int | None] = mapped_column(
        ForeignKey("visitors.id", ondelete="SET NULL"), index=True)
    requester_name: Mapped[str] = mapped_column(String(200), default="")
    requester_email: Mapped[str] = mapped_column(String(320), default="")
    # Account of the requester when the ticket was opened; "shared" tickets are visible to it.
    account_id: Mapped[str] = mapped_column(String(200), default="", index=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    subject: Mapped[str] = mapped_column(String(140))
    category: Mapped[str] = mapped_column(String(64))
    subcategory: Mapped[str] = mapped_column(String(64), default="")
    platform: Mapped[str] = mapped_column(String(64), default="")
    description: Mapped[str] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    status: Mapped[str] = mapped_column(String(16), default="open")
    cc: Mapped[list] = mapped_column(JSON, default=list)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    page_route: Mapped[str] = mapped_column(String(500), default="")
    # Where the request came from: widget, chat (an unanswered or handed-off chat), help
    # center, email; reports count volume per channel.
    channel: Mapped[str] = mapped_column(String(16), default="widget", server_default="widget")
    # What the requester chose to attach about their browser and recent routes (or None).
    diagnostics: Mapped[dict | None] = mapped_column(JSON)
    # The widget's own id of the request: a retried submission returns this ticket, not a copy.
    client_id: Mapped[str | None] = mapped_column(String(64))
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    assignee_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisors.id", ondelete="SET NULL"), index=True)
    # First-response deadline from the site's SLA for this priority.
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Durations stored when they end, in wall-clock seconds and in the site's business hours
    # at that time, so reports aggregate columns instead of replaying calendars.
    first_response_seconds: Mapped[int | None] = mapped_column(Integer)
    first_response_business_seconds: Mapped[int | None] = mapped_column(Integer)
    resolution_seconds: Mapped[int | None] = mapped_column(Integer)
    resolution_business_seconds: Mapped[int | None] = mapped_column(Integer)
    # A ticket merged into another of the same requester is closed and points at it.
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"))
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    site = relationship("Site")
    requester_user = relationship("EndUser")
    assignee = relationship("Advisor")
    labels = relationship("Label", secondary="ticket_labels", order_by="Label.name")
    comments = relationship("TicketComment", back_populates="ticket",
                            order_by="TicketComment.id", cascade="all, delete-orphan")
    attachments = relationship("Attachment", back_populates="ticket",
                               order_by="Attachment.created_at")


class TicketComment(db.Model):
    """A message in a ticket's thread: from the requester, an advisor, or an internal note."""

    __tablename__ = "ticket_comments"
    __table_args__ = (UniqueConstraint("ticket_id", "client_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                           index=True)
    # requester, advisor or system (status changes told in words).
    author_kind: Mapped[str] = mapped_column(String(16))
    author_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("end_users.id", ondelete="SET NULL"))
    author_advisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisors.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    # Internal notes are for advisors only; requesters never see them.
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    escalation: Mapped[bool] = mapped_column(Boolean, default=False)
    # The widget's own id of a reply: a retried one returns this comment, not a copy.
    client_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    ticket = relationship("Ticket", back_populates="comments")
    attachments = relationship("Attachment", back_populates="comment",
                               order_by="Attachment.created_at")

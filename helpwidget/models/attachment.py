"""Files people attach to tickets, comments and chats, stored outside the web root."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpwidget.extensions import db
from helpwidget.models.base import utcnow


class Attachment(db.Model):
    """An uploaded file; unattached until a ticket or comment claims it."""

    __tablename__ = "attachments"

    # Random public id: knowing one grants nothing, access is checked through the ticket.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    uploader_visitor_id: Mapped[int | None] = mapped_column(
        ForeignKey("visitors.id", ondelete="SET NULL"), index=True)
    uploader_advisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisors.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                                  index=True)
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_comments.id", ondelete="CASCADE"), index=True)
    chat_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_messages.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Path relative to UPLOADS_DIR; never derived from the user's file name.
    storage_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    ticket = relationship("Ticket", back_populates="attachments")
    comment = relationship("TicketComment", back_populates="attachments")

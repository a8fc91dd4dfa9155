"""Host pages a visitor had the widget open on, for the advisors' customer view."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from helpwidget.extensions import db
from helpwidget.models.base import utcnow


class VisitorPage(db.Model):
    """A route of the host app a visitor was on; one row per route, its last visit kept."""

    __tablename__ = "visitor_pages"
    __table_args__ = (Index("ix_visitor_pages_visitor_seen", "visitor_id", "seen_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    route: Mapped[str] = mapped_column(String(500))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

"""What readers searched for, what they opened and whether they still asked a person."""
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

# Where a recorded search came from: the search box, or suggestions while writing a
# request or a chat's first message.
SOURCES = ("search", "request", "chat")
# The columns the Insights reports read besides the site and time (never the visitor hash).
INSIGHT_COLUMNS = ["source", "locale", "query", "results", "clicked_article_id", "clicked_rank",
                   "solved", "contacted"]


class SearchEvent(db.Model):
    """One search a reader settled on (a query typed on grows one row, not one per keystroke)."""

    __tablename__ = "search_events"
    __table_args__ = (
        # Covering on PostgreSQL: the Insights reports read a site's range from the index alone.
        Index("ix_search_events_site_id_created_at", "site_id", "created_at",
              postgresql_include=INSIGHT_COLUMNS),
        Index("ix_search_events_visitor_hash_created_at", "visitor_hash", "created_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(8), default="search")
    # Lowercased, one space between words, at most 200 characters: never who typed it.
    query: Mapped[str] = mapped_column(String(200))
    results: Mapped[int] = mapped_column(Integer, default=0)
    clicked_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"))
    clicked_rank: Mapped[int | None] = mapped_column(Integer)
    # The reader said the suggested article solved the problem and did not ask a person.
    solved: Mapped[bool] = mapped_column(Boolean, default=False)
    # A request or chat followed from the same reader within 30 minutes.
    contacted: Mapped[bool] = mapped_column(Boolean, default=False)
    # HMAC of the visitor with that day's random salt; salts are deleted after two days,
    # so a row cannot be tied back to a visitor once its day is over.
    visitor_hash: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class InsightSalt(db.Model):
    """The random salt of one day's visitor hashes, kept only while searches can be linked."""

    __tablename__ = "insight_salts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    salt: Mapped[str] = mapped_column(String(64))

"""System status of a site: its status updates (history) and scheduled maintenance windows."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

STATUSES = ("operational", "degraded", "partial_outage", "major_outage", "maintenance")
KINDS = ("once", "weekly")


class StatusUpdate(db.Model):
    """A change of a site's status; the newest one is the current status, all feed the feed."""

    __tablename__ = "status_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(24))
    # What users read, per locale: {"es": "...", "en": "..."}.
    message: Mapped[dict] = mapped_column(JSON, default=dict)
    # Who changed it: an advisor's email, or "cli".
    author: Mapped[str] = mapped_column(String(320), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)


class MaintenanceWindow(db.Model):
    """Planned maintenance: once (starts_at to ends_at) or every week at a local time."""

    __tablename__ = "maintenance_windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="once")
    # Per locale, like StatusUpdate.message.
    title: Mapped[dict] = mapped_column(JSON, default=dict)
    description: Mapped[dict] = mapped_column(JSON, default=dict)
    # One-off windows.
    starts_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Weekly windows: weekday (Monday 0) and "HH:MM" in `timezone`, lasting `duration_minutes`;
    # kept in local time so the window stays at 19:30 on both sides of a DST change.
    weekday: Mapped[int | None] = mapped_column(Integer)
    local_start: Mapped[str | None] = mapped_column(String(5))
    duration_minutes: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


def text_for(site, texts, locale):
    """Return the text of `texts` in `locale`, else in the site's language, else any."""
    texts = texts or {}
    return texts.get(locale) or texts.get(site.default_locale) or next(iter(texts.values()), "")


def zone_named(name):
    """Return the ZoneInfo `name`, or None if there is no such time zone."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_of(window):
    """Return the window's time zone (UTC if its name is unknown here)."""
    return zone_named(window.timezone) or UTC

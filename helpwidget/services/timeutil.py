"""Time helpers: everything is UTC and timezone-aware, whatever the database returns."""
from datetime import UTC

from helpwidget.models.base import utcnow

__all__ = ["aware", "iso", "utcnow"]


def aware(moment):
    """Treat naive datetimes read back from SQLite as UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso(moment):
    """Return an ISO 8601 UTC time, or None."""
    return aware(moment).isoformat() if moment else None

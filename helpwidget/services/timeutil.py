"""Time helpers: everything is UTC and timezone-aware, whatever the database returns."""
from datetime import UTC, datetime


def utcnow():
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def aware(moment):
    """Treat naive datetimes read back from SQLite as UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)

"""Column helpers shared by the models: times are UTC and timezone-aware, weekdays by name."""
from datetime import UTC, datetime

# Weekday names as settings store them, Monday first (a weekday column holds the index).
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def utcnow():
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def aware(moment):
    """Treat naive datetimes read back from SQLite as UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def iso(moment):
    """Return an ISO 8601 UTC time, or None."""
    return aware(moment).isoformat() if moment else None

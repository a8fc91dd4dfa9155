"""Column helpers shared by the models."""
from datetime import UTC, datetime


def utcnow():
    """Return the current time, timezone-aware in UTC."""
    return datetime.now(UTC)

"""Time helpers: everything is UTC and timezone-aware, whatever the database returns."""
from helpwidget.models.base import aware, iso, utcnow

__all__ = ["aware", "iso", "utcnow"]

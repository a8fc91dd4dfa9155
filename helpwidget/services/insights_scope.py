"""What an Insights report covers: a site, a range of UTC days and maybe one language."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Date, and_, cast, func, or_

from helpwidget.extensions import db
from helpwidget.models import SearchEvent

# The longest list a report answers; a CSV export goes further, still quick to build.
LIST_LIMIT = 50
EXPORT_LIMIT = 1000


@dataclass(frozen=True)
class Scope:
    """A site's events from `start` to `end` (both UTC days, included), of one locale or all."""

    site_id: int
    start: date
    end: date
    locale: str | None = None

    @property
    def since(self):
        """Return the first moment of the range."""
        return datetime.combine(self.start, time.min, UTC)

    @property
    def until(self):
        """Return the first moment after the range."""
        return datetime.combine(self.end + timedelta(days=1), time.min, UTC)

    def days(self):
        """Return every day of the range, in order."""
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def event_filter(scope):
    """Return the WHERE clause of the scope's events (any source)."""
    clause = and_(SearchEvent.site_id == scope.site_id, SearchEvent.created_at >= scope.since,
                  SearchEvent.created_at < scope.until)
    return and_(clause, SearchEvent.locale == scope.locale) if scope.locale else clause


def search_filter(scope):
    """Return the WHERE clause of the scope's searches (the search box, not suggestions)."""
    return and_(event_filter(scope), SearchEvent.source == "search")


# A search counts as clicked when a result was opened (its article may since be deleted).
CLICKED = or_(SearchEvent.clicked_article_id.isnot(None), SearchEvent.clicked_rank.isnot(None))
WITH_RESULTS = SearchEvent.results > 0
NO_CLICK = and_(WITH_RESULTS, ~CLICKED, SearchEvent.solved.is_(False))


def count_if(condition):
    """Return COUNT(*) FILTER (WHERE condition): 0 over no rows (SQLite 3.30+, PostgreSQL)."""
    return func.count().filter(condition)


def utc_day(column):
    """Return the UTC day of a timestamp column, in SQL that SQLite and PostgreSQL both run."""
    if db.session.get_bind().dialect.name == "postgresql":
        return cast(func.timezone("UTC", column), Date)
    return func.date(column)


def as_day(value):
    """Return a day from what utc_day answers (a date on PostgreSQL, text on SQLite)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def rate(part, whole):
    """Return part / whole rounded to 4 places, or None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None

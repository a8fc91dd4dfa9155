"""Aggregates the support report needs, in SQL on PostgreSQL and in Python on SQLite.

PostgreSQL buckets by the site's local day and hour (`timezone(zone, t)`) and computes
percentiles with `percentile_cont`, so only small results leave the database. SQLite has
neither time zones nor percentiles: there the rows' one column is read and the same figures are
computed here (SQLite serves small installations).
"""
from collections import Counter, defaultdict
from datetime import date

from sqlalchemy import Date, cast, extract, func

from helpwidget.extensions import db
from helpwidget.services.reports_scope import percentile
from helpwidget.services.timeutil import aware


def _postgresql():
    """Tell whether the session talks to PostgreSQL."""
    return db.session.get_bind().dialect.name == "postgresql"


def opened_by_hour(column, where, zone):
    """Return {(local day, local hour): count} of the rows' timestamps."""
    if _postgresql():
        local = func.timezone(zone.key, column)
        day, hour = cast(local, Date), extract("hour", local)
        return {(d, int(h)): n for d, h, n in db.session.execute(
            db.select(day, hour, func.count()).where(where).group_by(day, hour))}
    counts = Counter()
    for moment in db.session.execute(db.select(column).where(where)).scalars():
        local = aware(moment).astimezone(zone)
        counts[(local.date(), local.hour)] += 1
    return dict(counts)


def spread(column, where):
    """Return the count, median and 90th percentile of a column's non-null values."""
    where = (where, column.isnot(None))
    if _postgresql():
        count, median, p90 = db.session.execute(db.select(
            func.count(), func.percentile_cont(0.5).within_group(column),
            func.percentile_cont(0.9).within_group(column)).where(*where)).one()
        return {"count": count, "median_seconds": None if median is None else round(median),
                "p90_seconds": None if p90 is None else round(p90)}
    values = sorted(db.session.execute(db.select(column).where(*where)).scalars())
    return {"count": len(values), "median_seconds": percentile(values, 0.5),
            "p90_seconds": percentile(values, 0.9)}


def medians_by(key, column, where):
    """Return {key: median of the column's non-null values} per value of `key`."""
    where = (where, key.isnot(None), column.isnot(None))
    if _postgresql():
        return {k: round(m) for k, m in db.session.execute(
            db.select(key, func.percentile_cont(0.5).within_group(column))
            .where(*where).group_by(key))}
    values = defaultdict(list)
    for k, v in db.session.execute(db.select(key, column).where(*where)):
        values[k].append(v)
    return {k: percentile(sorted(v), 0.5) for k, v in values.items()}


def as_date(value):
    """Return a date from what a day bucket holds."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])

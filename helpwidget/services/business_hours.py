"""Support hours of a site: whether it is open now, when it opens next, and business-hour sums.

A site's `contact` holds `hours` (one schedule or a list: {timezone, days, open, close}) and
`holidays` (ISO dates, "2026-12-25", or "12-25" every year; closed all day in each schedule's
own time zone).
"""
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpwidget.models.base import DAYS
from helpwidget.services.timeutil import aware, utcnow

# How far ahead a promise may reach: beyond it the schedule is broken, not busy.
_HORIZON_DAYS = 400
_CHUNK_DAYS = 31


def schedules(site):
    """Return the site's schedules, each {timezone, days, open, close}; [] is always open."""
    hours = (site.contact or {}).get("hours")
    if isinstance(hours, dict):
        hours = [hours]
    return [h for h in hours or [] if isinstance(h, dict) and h.get("open") and h.get("close")]


class _Holidays(set):
    """Dates closed once, plus (month, day) pairs closed every year ("12-25")."""

    def __init__(self, dates=(), yearly=()):
        super().__init__(dates)
        self.yearly = set(yearly)

    def __contains__(self, day):
        return super().__contains__(day) or (getattr(day, "month", None),
                                             getattr(day, "day", None)) in self.yearly


def holidays(site):
    """Return the dates the site's support is closed all day (bad entries are ignored)."""
    found, yearly = set(), set()
    for value in (site.contact or {}).get("holidays") or []:
        try:
            if len(str(value)) == 5:  # "MM-DD": that day every year (02-29 in leap years)
                day = date.fromisoformat(f"2024-{value}")
                yearly.add((day.month, day.day))
            else:
                found.add(date.fromisoformat(str(value)[:10]))
        except ValueError:
            continue
    return _Holidays(found, yearly)


def zone(site):
    """Return the site's time zone: that of its (first) support hours, else UTC."""
    plans = schedules(site)
    return _zone(plans[0]) if plans else ZoneInfo("UTC")


def is_open(site, now=None):
    """Tell whether `now` falls within the site's support hours (no hours set: always)."""
    now = now or utcnow()
    plans = schedules(site)
    closed = holidays(site)
    return not plans or any(_open_in(plan, now, closed) for plan in plans)


def next_open(site, now=None):
    """Return the next moment (UTC) the site opens, or None if open now or hours are unset."""
    now = now or utcnow()
    plans = schedules(site)
    if not plans or is_open(site, now):
        return None
    closed = holidays(site)
    starts = [start for plan in plans if (start := _next_start(plan, now, closed)) is not None]
    return min(starts) if starts else None


def add_hours(site, start, hours):
    """Return the UTC moment `hours` of open support time after `start`.

    Evenings, days off and holidays do not count; a site without hours counts every hour.
    A schedule that never opens (every day a holiday) falls back to counting every hour.
    """
    start = aware(start).astimezone(UTC)
    left = timedelta(hours=hours)
    plans = schedules(site)
    if not plans or left <= timedelta(0):
        return start + max(left, timedelta(0))
    closed = holidays(site)
    cursor = start
    for first in range(0, _HORIZON_DAYS, _CHUNK_DAYS):
        for opens, closes in _open_spans(plans, closed, start, first, _CHUNK_DAYS):
            if closes <= cursor:
                continue
            opens = max(opens, cursor)
            if closes - opens >= left:
                return opens + left
            left -= closes - opens
            cursor = closes
    return start + timedelta(hours=hours)


def business_seconds(site, start, end):
    """Return the seconds of open support time between `start` and `end` (UTC or aware).

    A site without hours counts every second; so does a schedule that never opens.
    """
    start, end = aware(start).astimezone(UTC), aware(end).astimezone(UTC)
    if end <= start:
        return 0
    plans = schedules(site)
    if not plans:
        return int((end - start).total_seconds())
    closed = holidays(site)
    total, opened = timedelta(0), False
    days = (end - start).days + 2
    for first in range(0, min(days, _HORIZON_DAYS), _CHUNK_DAYS):
        for opens, closes in _open_spans(plans, closed, start, first, _CHUNK_DAYS):
            opened = True
            overlap = min(closes, end) - max(opens, start)
            if overlap > timedelta(0):
                total += overlap
    if not opened:
        return int((end - start).total_seconds())
    return int(total.total_seconds())


def _open_spans(plans, closed, start, first, count):
    """Return the merged open spans (UTC) of days `first`..`first+count` after `start`."""
    spans = []
    for plan in plans:
        plan_zone = _zone(plan)
        opens, closes = _clock(plan["open"]), _clock(plan["close"])
        weekdays = _days(plan)
        base = start.astimezone(plan_zone).date() - timedelta(days=1)
        for offset in range(first, first + count):
            day = base + timedelta(days=offset)
            if day.weekday() not in weekdays or day in closed:
                continue
            begin = datetime.combine(day, opens, tzinfo=plan_zone).astimezone(UTC)
            end = (datetime.combine(day + timedelta(days=1), time(0), tzinfo=plan_zone)
                   if closes == time.max else
                   datetime.combine(day, closes, tzinfo=plan_zone)).astimezone(UTC)
            if end > begin:
                spans.append((begin, end))
    spans.sort()
    merged = []
    for begin, end in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def _zone(plan):
    """Return the plan's time zone; an unknown name falls back to UTC."""
    try:
        return ZoneInfo(plan.get("timezone") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _clock(value):
    """Parse "HH:MM" into a time; "24:00" means the end of the day."""
    hours, _, minutes = str(value).partition(":")
    hours, minutes = int(hours), int(minutes or 0)
    return time.max if (hours, minutes) == (24, 0) else time(hours, minutes)


def _days(plan):
    """Return the weekday numbers (Monday 0) the plan opens on; none listed means every day."""
    days = plan.get("days") or DAYS
    return {DAYS.index(d) for d in days if d in DAYS}


def _open_in(plan, now, closed=frozenset()):
    """Tell whether `now` is within this plan's hours, in its own time zone."""
    local = now.astimezone(_zone(plan))
    opens, closes = _clock(plan["open"]), _clock(plan["close"])
    return (local.weekday() in _days(plan) and local.date() not in closed
            and opens <= local.time() < closes)


def _next_start(plan, now, closed=frozenset()):
    """Return the next opening of this plan after `now`, in UTC, within the horizon."""
    plan_zone = _zone(plan)
    local = now.astimezone(plan_zone)
    opens = _clock(plan["open"])
    for offset in range(_HORIZON_DAYS):
        day = local.date() + timedelta(days=offset)
        start = datetime.combine(day, opens, tzinfo=plan_zone)
        if day.weekday() in _days(plan) and day not in closed and start > local:
            return start.astimezone(now.tzinfo)
    return None

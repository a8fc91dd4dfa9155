"""Support hours of a site: whether it is open now, and when it opens next."""
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from helpwidget.services.timeutil import utcnow

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def schedules(site):
    """Return the site's schedules, each {timezone, days, open, close}; [] is always open."""
    hours = (site.contact or {}).get("hours")
    if isinstance(hours, dict):
        hours = [hours]
    return [h for h in hours or [] if isinstance(h, dict) and h.get("open") and h.get("close")]


def is_open(site, now=None):
    """Tell whether `now` falls within the site's support hours (no hours set: always)."""
    now = now or utcnow()
    plans = schedules(site)
    return not plans or any(_open_in(plan, now) for plan in plans)


def next_open(site, now=None):
    """Return the next moment (UTC) the site opens, or None if open now or hours are unset."""
    now = now or utcnow()
    plans = schedules(site)
    if not plans or is_open(site, now):
        return None
    starts = [start for plan in plans if (start := _next_start(plan, now)) is not None]
    return min(starts) if starts else None


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


def _open_in(plan, now):
    """Tell whether `now` is within this plan's hours, in its own time zone."""
    local = now.astimezone(_zone(plan))
    opens, closes = _clock(plan["open"]), _clock(plan["close"])
    return local.weekday() in _days(plan) and opens <= local.time() < closes


def _next_start(plan, now):
    """Return the next opening of this plan after `now`, in UTC, within two weeks."""
    zone = _zone(plan)
    local = now.astimezone(zone)
    opens = _clock(plan["open"])
    for offset in range(15):
        day = local.date() + timedelta(days=offset)
        start = datetime.combine(day, opens, tzinfo=zone)
        if day.weekday() in _days(plan) and start > local:
            return start.astimezone(now.tzinfo)
    return None

"""What a support report covers: a site and a range of days in the site's own time zone."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from helpwidget.services import business_hours


@dataclass(frozen=True)
class ReportScope:
    """A site's tickets and chats opened from `start` to `end` (days in `zone`, included)."""

    site_id: int
    start: date
    end: date
    zone: ZoneInfo
    group: str = "day"

    @classmethod
    def for_site(cls, site, start, end, group="day"):
        """Return the scope of a site's range, its days read in the site's time zone."""
        return cls(site.id, start, end, business_hours.zone(site), group)

    @property
    def since(self):
        """Return the first moment of the range (aware, in the site's zone)."""
        return datetime.combine(self.start, time.min, self.zone)

    @property
    def until(self):
        """Return the first moment after the range."""
        return datetime.combine(self.end + timedelta(days=1), time.min, self.zone)

    def period_of(self, moment):
        """Return the first day of the day or week (Monday) `moment` falls in, locally."""
        return self.period_of_day(moment.astimezone(self.zone).date())

    def period_of_day(self, day):
        """Return the first day of the day or week (Monday) holding the local `day`."""
        return day - timedelta(days=day.weekday()) if self.group == "week" else day

    def periods(self):
        """Return the first day of every period of the range, in order."""
        first = self.period_of(self.since)
        step = timedelta(days=7 if self.group == "week" else 1)
        found = []
        while first <= self.end:
            found.append(first)
            first += step
        return found


def percentile(values, fraction):
    """Return the `fraction` percentile of sorted values, interpolated like percentile_cont."""
    if not values:
        return None
    position = (len(values) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(values) - 1)
    return round(values[low] + (values[high] - values[low]) * (position - low))

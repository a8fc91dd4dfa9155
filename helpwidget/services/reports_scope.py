"""What a support report covers: a site (or every site) and a range of days in a time zone."""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import true

from helpwidget.services import business_hours


@dataclass(frozen=True)
class ReportScope:
    """Tickets and chats opened from `start` to `end` (days in `zone`, included) on one site,
    or on every site when `site_id` is None."""

    site_id: int | None
    start: date
    end: date
    zone: ZoneInfo
    group: str = "day"

    @classmethod
    def for_site(cls, site, start, end, group="day"):
        """Return the scope of a site's range, its days read in the site's time zone."""
        return cls(site.id, start, end, business_hours.zone(site), group)

    @classmethod
    def every_site(cls, start, end, group="day"):
        """Return the scope of every site's range; sites keep different zones, so days are UTC."""
        return cls(None, start, end, ZoneInfo("UTC"), group)

    def of_sites(self, column):
        """Return the condition keeping rows of the scope's site (`column` is their site id)."""
        return true() if self.site_id is None else column == self.site_id

    @property
    def since(self):
        """Return the first moment of the range, in UTC.

        UTC because SQLite compares timestamps as text: a bound written with another offset
        would be compared with the stored UTC times character by character.
        """
        return datetime.combine(self.start, time.min, self.zone).astimezone(UTC)

    @property
    def until(self):
        """Return the first moment after the range, in UTC."""
        return datetime.combine(self.end + timedelta(days=1), time.min, self.zone).astimezone(UTC)

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

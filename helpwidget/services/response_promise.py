"""The first-response promise: hours per priority, counted in the site's business hours.

One rule for every place that tells a time (API, emails, widget, help center, transcripts):
the site's time zone, always labelled ("Monday, November 30, 11:00 (Bogotá time)").
"""
from babel.dates import (
    format_date,
    format_datetime,
    format_skeleton,
    format_time,
    get_timezone_location,
)
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _

from helpwidget.services import business_hours
from helpwidget.services.timeutil import aware

# First-response hours per priority when a site does not set its own SLA.
DEFAULT_SLA_HOURS = {"urgent": 1, "high": 4, "normal": 8, "low": 24}


def hours(site, priority):
    """Return the hours within which the site promises a first response at this priority."""
    table = {**DEFAULT_SLA_HOURS, **(site.sla_hours or {})}
    return float(table.get(priority, DEFAULT_SLA_HOURS["normal"]))


def due_at(site, start, priority):
    """Return when the first response is due: the SLA hours counted in business hours."""
    return business_hours.add_hours(site, start, hours(site, priority))


def zone_label(site, locale):
    """Return the site's time zone as readers say it: "Bogotá time", "UTC"."""
    zone = business_hours.zone(site)
    if zone.key in ("UTC", "Etc/UTC"):
        return "UTC"
    city = get_timezone_location(zone, locale=locale, return_city=True)
    with force_locale(locale):
        return _("%(city)s time", city=city)


def moment(site, when, locale):
    """Return a moment as day, date and time in the site's zone, labelled with the zone."""
    local = aware(when).astimezone(business_hours.zone(site))
    with force_locale(locale):
        return _("%(day)s, %(time)s (%(zone)s)",
                 day="%s, %s" % (format_date(local, "EEEE", locale=locale),
                                 format_skeleton("MMMMd", local, locale=locale)),
                 time=format_time(local, "HH:mm", locale=locale),
                 zone=zone_label(site, locale))


def stamp(site, when, locale):
    """Return a short date and time in the site's zone, labelled ("11/30/26, 11:00 (UTC)")."""
    local = aware(when).astimezone(business_hours.zone(site))
    return "%s (%s)" % (format_datetime(local, "short", locale=locale), zone_label(site, locale))


def within(site, priority, locale):
    """Return "within 4 business hours" (or "within 4 hours" for a site open around the clock)."""
    count = hours(site, priority)
    number = f"{count:g}"
    with force_locale(locale):
        if business_hours.schedules(site):
            return ngettext("within %(hours)s business hour", "within %(hours)s business hours",
                            int(count) if count.is_integer() else 2, hours=number)
        return ngettext("within %(hours)s hour", "within %(hours)s hours",
                        int(count) if count.is_integer() else 2, hours=number)


def sentence(ticket, locale, site=None):
    """Return the promise of a ticket: "Expect our first answer within …: by …"."""
    site = site or ticket.site  # a ticket not flushed yet has no site loaded
    with force_locale(locale):
        return _("Expect our first answer %(within)s: by %(when)s.",
                 within=within(site, ticket.priority, locale),
                 when=moment(site, ticket.due_at, locale))

"""System status: the public query, what site admins send, and the status objects answered."""
from datetime import timedelta

from babel.dates import format_datetime
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from helpwidget.models.base import DAYS, iso
from helpwidget.models.status import STATUSES, text_for, zone_of
from helpwidget.schemas.base import BaseSchema, Int, Str, locale_field, max_length, one_of

LABELS = {"operational": _l("Operational"), "degraded": _l("Degraded performance"),
          "partial_outage": _l("Partial outage"), "major_outage": _l("Major outage"),
          "maintenance": _l("Under maintenance")}
# How long before a window the banner warns of it.
SOON = timedelta(hours=24)

_MOMENT = {"required": _l("This field is required."), "null": _l("This field may not be empty."),
           "invalid": _l("Enter a date and time (ISO 8601, e.g. 2026-12-04T22:00:00-05:00)."),
           "invalid_awareness": _l("Add the time zone offset (e.g. -05:00 or Z).")}
_TEXT = {"required": _l("This field is required."), "null": _l("This field may not be empty.")}


class Moment(fields.AwareDateTime):
    """A date and time with its offset."""

    default_error_messages = _MOMENT


class StatusQuerySchema(BaseSchema):
    """GET /status parameters."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()


class StatusInputSchema(BaseSchema):
    """PUT body of a site's status: the message is text in `locale` or {locale: text}."""

    status = Str(required=True, validate=one_of(STATUSES))
    message = fields.Raw(load_default=None, error_messages=_TEXT,
                         metadata={"description": "Text, or an object of texts per locale."})
    locale = locale_field()


class MaintenanceInputSchema(BaseSchema):
    """POST body of a maintenance window: starts_at and ends_at, or weekday, at and minutes."""

    title = fields.Raw(required=True, error_messages=_TEXT,
                       metadata={"description": "Text, or an object of texts per locale."})
    description = fields.Raw(load_default=None, error_messages=_TEXT)
    locale = locale_field()
    starts_at = Moment()
    ends_at = Moment()
    weekday = Str(validate=one_of(DAYS))
    at = Str(validate=max_length(5), metadata={"description": "Local start, HH:MM."})
    minutes = Int()
    timezone = Str(load_default="UTC", validate=max_length(64))


def public_url(endpoint, **values):
    """Return the absolute address of an endpoint under PUBLIC_URL.

    Never the request's Host header: the feed is cached publicly, so a forged Host would be
    served to every reader for a minute.
    """
    return current_app.config["PUBLIC_URL"].rstrip("/") + url_for(endpoint, **values)


def feed_url(site, locale=None):
    """Return the absolute address of the site's status feed in `locale`."""
    return public_url("status_feed.feed", site_key=site.key, locale=locale or None)


def when_text(window, starts, ends, locale):
    """Describe an occurrence in the window's time zone: "viernes 19:30–23:30 (Zone)"."""
    zone = zone_of(window)
    local_start, local_end = starts.astimezone(zone), ends.astimezone(zone)
    first = format_datetime(local_start, "EEEE d MMM, HH:mm", tzinfo=zone, locale=locale)
    if local_end.date() == local_start.date():
        last = format_datetime(local_end, "HH:mm", tzinfo=zone, locale=locale)
    else:
        last = format_datetime(local_end, "EEEE d MMM, HH:mm", tzinfo=zone, locale=locale)
    return f"{first}–{last} ({window.timezone})"


def maintenance_item(site, window, starts, ends, locale, now):
    """Return one occurrence as GET /api/v1/status lists it."""
    return {"id": window.id, "key": f"{window.id}@{iso(starts)}",
            "title": text_for(site, window.title, locale),
            "description": text_for(site, window.description, locale),
            "starts_at": iso(starts), "ends_at": iso(ends), "in_progress": starts <= now < ends,
            "recurring": "weekly" if window.kind == "weekly" else None,
            "timezone": window.timezone, "when": when_text(window, starts, ends, locale)}


def banner(site, locale, now, found, update):
    """Return the panel's banner: maintenance now, maintenance soon, an incident, or None."""
    for starts, ends, window in found:
        title = text_for(site, window.title, locale)
        when = when_text(window, starts, ends, locale)
        if starts <= now < ends:
            return {"kind": "maintenance_now", "starts_at": iso(starts), "ends_at": iso(ends),
                    "text": _("Maintenance in progress: %(title)s — %(when)s", title=title,
                              when=when)}
    for starts, ends, window in found:
        if now < starts <= now + SOON:
            title = text_for(site, window.title, locale)
            return {"kind": "maintenance_soon", "starts_at": iso(starts), "ends_at": iso(ends),
                    "text": _("Scheduled maintenance: %(title)s — %(when)s", title=title,
                              when=when_text(window, starts, ends, locale))}
    if update is not None and update.status != "operational":
        return {"kind": "incident", "starts_at": iso(update.created_at), "ends_at": None,
                "text": text_for(site, update.message, locale) or str(LABELS[update.status])}
    return None


def summary(loaded, feed_url):
    """Return the status object (see GET /api/v1/status) of a services.status.current_state."""
    site, locale, now, update, found = loaded
    state = update.status if update else "operational"
    message = text_for(site, update.message, locale) if update else ""
    with force_locale(locale):
        ongoing = [o for o in found if o[0] <= now < o[1]]
        if state == "operational" and ongoing:
            # A planned window under way is what users notice, whatever was set before it.
            state, message = "maintenance", text_for(site, ongoing[0][2].title, locale)
        return {"status": state, "label": str(LABELS[state]), "message": message,
                "updated_at": iso(update.created_at) if update else None,
                "maintenance": [maintenance_item(site, w, s, e, locale, now)
                                for s, e, w in found],
                "banner": banner(site, locale, now, found, update),
                "feed_url": feed_url}


def window_dict(site, window):
    """Return a maintenance window as the advisor API and the CLI show it (every language)."""
    return {"id": window.id, "kind": window.kind, "title": window.title,
            "description": window.description, "starts_at": iso(window.starts_at),
            "ends_at": iso(window.ends_at),
            "weekday": DAYS[window.weekday] if window.weekday is not None else None,
            "at": window.local_start, "minutes": window.duration_minutes,
            "timezone": window.timezone, "created_at": iso(window.created_at)}


def update_dict(update):
    """Return a status update as the advisor API shows it."""
    return {"id": update.id, "status": update.status, "message": update.message,
            "author": update.author, "created_at": iso(update.created_at)}

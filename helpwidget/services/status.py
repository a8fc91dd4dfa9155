"""System status of a site: status updates, maintenance windows (weekly ones expanded), banner."""
import re
from collections import namedtuple
from datetime import UTC, datetime, time, timedelta

from flask_babel import lazy_gettext as _l

from helpwidget.errors import Forbidden, Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.i18n import content_locale
from helpwidget.models import Site
from helpwidget.models.base import DAYS
from helpwidget.models.status import (
    KINDS,
    STATUSES,
    MaintenanceWindow,
    StatusUpdate,
    zone_named,
    zone_of,
)
from helpwidget.services import advisors, audit
from helpwidget.services.timeutil import aware, utcnow

# What the status object is made of: the locale chosen, the moment, the newest update (or
# None) and the maintenance occurrences (start, end, window) of the next HORIZON.
StatusState = namedtuple("StatusState", "site locale now update occurrences")
# How far ahead the panel lists maintenance.
HORIZON = timedelta(days=14)
MESSAGE_MAX = 1000
TITLE_MAX = 200
DESCRIPTION_MAX = 2000
# A weekly window longer than a week would overlap its own next occurrence.
WEEKLY_MINUTES_MAX = 7 * 24 * 60
ONCE_MAX = timedelta(days=14)
CLOCK = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
HISTORY_LIMIT = 20
__all__ = ["KINDS", "STATUSES"]


def current(site):
    """Return the site's newest status update, or None (never set: operational)."""
    return db.session.execute(db.select(StatusUpdate).filter_by(site_id=site.id).order_by(
        StatusUpdate.created_at.desc(), StatusUpdate.id.desc()).limit(1)).scalar_one_or_none()


def history(site, limit=HISTORY_LIMIT):
    """Return the site's newest status updates, newest first."""
    return db.session.execute(db.select(StatusUpdate).filter_by(site_id=site.id).order_by(
        StatusUpdate.created_at.desc(), StatusUpdate.id.desc()).limit(limit)).scalars().all()


def set_status(site, status, message=None, locale=None, author="", actor=None):
    """Record a new status of the site with its message (text in `locale`, or {locale: text})."""
    errors = {}
    if status not in STATUSES:
        errors["status"] = [_l("Choose one of: {choices}.").format(choices=", ".join(STATUSES))]
    texts = _texts(site, message, locale, MESSAGE_MAX, "message", errors, required=False)
    if errors:
        raise Invalid(_l("Check the status."), fields=errors)
    before = current(site)
    update = StatusUpdate(site_id=site.id, status=status, message=texts, author=author[:320])
    db.session.add(update)
    audit.record(actor, "settings", "status_set", site=site, target=status, changes=audit.diff(
        {"status": before.status if before else "operational"}, {"status": status}))
    db.session.commit()
    return update


def require_admin(advisor, site):
    """Raise Forbidden unless the advisor is an admin of the site's team."""
    if not advisors.is_admin(advisor, site):
        raise Forbidden(_l("Only the site's admins can change the system status."))


def windows(site):
    """Return every maintenance window of the site, one-off ones by start, then weekly ones."""
    rows = db.session.execute(db.select(MaintenanceWindow).filter_by(site_id=site.id).order_by(
        MaintenanceWindow.id)).scalars().all()
    return sorted(rows, key=lambda w: (w.kind != "once", aware(w.starts_at) or utcnow(), w.id))


def get_window(site, window_id):
    """Return the maintenance window `window_id` of the site, or raise NotFound."""
    window = db.session.get(MaintenanceWindow, window_id) if isinstance(window_id, int) else None
    if window is None or window.site_id != site.id:
        raise NotFound(_l("This maintenance window does not exist."))
    return window


def add_window(site, values, now=None, actor=None):
    """Plan maintenance: `values` has title (and description) as text in `locale` or per locale,
    then starts_at and ends_at (aware datetimes), or weekday ("fri"), at ("19:30"), minutes and
    timezone for a weekly window."""
    now = now or utcnow()
    errors = {}
    locale = values.get("locale")
    window = MaintenanceWindow(
        site_id=site.id,
        title=_texts(site, values.get("title"), locale, TITLE_MAX, "title", errors, True),
        description=_texts(site, values.get("description"), locale, DESCRIPTION_MAX,
                           "description", errors, False))
    zone_name = values.get("timezone") or "UTC"
    if zone_named(zone_name) is None:
        errors["timezone"] = [_l("Enter a time zone such as America/Bogota or Europe/Warsaw.")]
    window.timezone = zone_name
    if values.get("weekday") is not None:
        _weekly(window, values, errors)
    else:
        _once(window, values, now, errors)
    if errors:
        raise Invalid(_l("Check the maintenance window."), fields=errors)
    db.session.add(window)
    db.session.flush()
    audit.record(actor, "settings", "maintenance_added", site=site,
                 target=_first_text(window.title), target_id=window.id)
    db.session.commit()
    return window


def find_window(window_id):
    """Return the maintenance window `window_id` of any site, or None (for the CLI)."""
    return db.session.get(MaintenanceWindow, window_id)


def remove_window(window, actor=None):
    """Delete a maintenance window."""
    site = db.session.get(Site, window.site_id)
    audit.record(actor, "settings", "maintenance_removed", site=site,
                 target=_first_text(window.title), target_id=window.id)
    db.session.delete(window)
    db.session.commit()


def _weekly(window, values, errors):
    """Fill a weekly window's weekday, local start and length, or note what is wrong."""
    window.kind = "weekly"
    weekday = values.get("weekday")
    if weekday not in DAYS:
        errors["weekday"] = [_l("Choose one of: {choices}.").format(choices=", ".join(DAYS))]
    else:
        window.weekday = DAYS.index(weekday)
    at = values.get("at")
    if not isinstance(at, str) or not CLOCK.fullmatch(at):
        errors["at"] = [_l("Enter a time as HH:MM, e.g. 19:30.")]
    window.local_start = at
    minutes = values.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not (
            0 < minutes <= WEEKLY_MINUTES_MAX):
        errors["minutes"] = [_l("Enter a number from {min} to {max}.").format(
            min=1, max=WEEKLY_MINUTES_MAX)]
    window.duration_minutes = minutes


def _once(window, values, now, errors):
    """Fill a one-off window's start and end, or note what is wrong."""
    window.kind = "once"
    starts, ends = values.get("starts_at"), values.get("ends_at")
    for field, moment in (("starts_at", starts), ("ends_at", ends)):
        if not isinstance(moment, datetime) or moment.tzinfo is None:
            errors[field] = [_l("Enter a date and time.")]
    if "starts_at" in errors or "ends_at" in errors:
        return
    if ends <= starts:
        errors["ends_at"] = [_l("The end must come after the start.")]
    elif ends - starts > ONCE_MAX:
        errors["ends_at"] = [_l("A maintenance window lasts at most {days} days.").format(
            days=ONCE_MAX.days)]
    elif ends <= now:
        errors["ends_at"] = [_l("This time has already passed.")]
    window.starts_at, window.ends_at = starts.astimezone(UTC), ends.astimezone(UTC)


def _texts(site, value, locale, limit, field, errors, required):
    """Return {locale: text} from text in `locale` (else the site's language) or a mapping."""
    if value is None or value == "":
        value = {}
    if isinstance(value, str):
        wanted = locale or site.default_locale
        if not site.speaks(wanted):
            errors["locale"] = [_l("Choose one of: {choices}.").format(
                choices=", ".join(site.locales or [site.default_locale]))]
            return {}
        value = {wanted: value}
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        errors[field] = [_l("Enter text.")]
        return {}
    texts = {k: " ".join(v.split()) if field == "title" else v.strip().replace("\r\n", "\n")
             for k, v in value.items()}
    texts = {k: v for k, v in texts.items() if v}
    if any(not site.speaks(k) for k in texts):
        errors[field] = [_l("Choose one of: {choices}.").format(
            choices=", ".join(site.locales or [site.default_locale]))]
    elif any(len(v) > limit for v in texts.values()):
        errors[field] = [_l("Use at most {max} characters.").format(max=limit)]
    elif required and not texts:
        errors[field] = [_l("This field is required.")]
    return texts


def expand(window, since, until):
    """Return the (start, end) UTC occurrences of the window that overlap [since, until)."""
    if window.kind == "once":
        starts, ends = aware(window.starts_at), aware(window.ends_at)
        return [(starts, ends)] if ends > since and starts < until else []
    zone, length = zone_of(window), timedelta(minutes=window.duration_minutes)
    hours, minutes = (int(x) for x in window.local_start.split(":"))
    found = []
    # Local dates, so the window keeps its wall-clock time across DST changes.
    day, last = (since - length).astimezone(zone).date(), until.astimezone(zone).date()
    while day <= last:
        if day.weekday() == window.weekday:
            start = datetime.combine(day, time(hours, minutes), tzinfo=zone).astimezone(UTC)
            if start + length > since and start < until:
                found.append((start, start + length))
        day += timedelta(days=1)
    return found


def occurrences(site, now=None, horizon=HORIZON):
    """Return the maintenance in progress or starting within `horizon`, soonest first."""
    now = now or utcnow()
    found = [(start, end, window) for window in windows(site)
             for start, end in expand(window, now, now + horizon)]
    return sorted(found, key=lambda o: (o[0], o[2].id))


def current_state(site, locale=None, now=None):
    """Load what the site's status object is made of (schemas/status.py shapes it)."""
    now = now or utcnow()
    return StatusState(site, content_locale(site, locale), now, current(site),
                       occurrences(site, now))


def _first_text(texts):
    """Return one language's text of a {locale: text} title, for the audit trail."""
    return next(iter((texts or {}).values()), "") if isinstance(texts, dict) else str(texts or "")

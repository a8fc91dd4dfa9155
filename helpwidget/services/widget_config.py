"""What the help panel needs to draw a site's widget: menu, contact, chat and system status."""
import re

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpwidget.i18n import content_locale
from helpwidget.models.base import DAYS
from helpwidget.services import business_hours
from helpwidget.services.timeutil import iso, utcnow

MENU_ITEMS = ("search", "page_help", "chat", "my_requests", "new_request", "trainings",
              "remote_support", "speed_test", "status", "contact", "community")
OPERATING_SYSTEMS = ("windows", "mac")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,199}")
COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")

# Day names as they read inside a sentence; the line's first letter is capitalised afterwards.
DAY_NAMES = {"mon": _l("Monday"), "tue": _l("Tuesday"), "wed": _l("Wednesday"),
             "thu": _l("Thursday"), "fri": _l("Friday"), "sat": _l("Saturday"),
             "sun": _l("Sunday")}


def widget_config(site, locale, status, now=None):
    """Return the widget configuration of `site` in `locale` (see GET /api/v1/widget).

    `status` is the site's status object (schemas/status.py), loaded by the caller.
    """
    locale = content_locale(site, locale)
    now = now or utcnow()
    menu = enabled_menu(site, locale)
    items = {entry["item"]: entry for entry in menu}
    with force_locale(locale):
        return {
            "site": {"key": site.key, "name": site.name, "default_locale": site.default_locale,
                     "locales": list(site.locales or [site.default_locale]),
                     "brand_color": brand_color(site)},
            "menu": menu,
            "trainings": _trainings(items.get("trainings")),
            "remote_support": _remote_support(items.get("remote_support")),
            "contact": _contact(site, locale, now),
            "chat": {"topics": _topics(site, locale), "wait_minutes": site.chat_wait_minutes},
            "status": status,
        }


def brand_color(site):
    """Return the site's colour as #rgb or #rrggbb, or None: the loader and panel put it in CSS."""
    value = site.brand_color
    return value if isinstance(value, str) and COLOR.fullmatch(value) else None


def enabled_menu(site, locale=None):
    """Return the site's enabled menu items in order, each with its own settings in `locale`."""
    menu = []
    for entry in site.menu or []:
        if isinstance(entry, dict) and entry.get("item") in MENU_ITEMS and entry.get("enabled",
                                                                                     True):
            item = {key: value for key, value in entry.items() if key != "enabled"}
            # The panel turns these into links: only web addresses, never javascript: and such.
            if "url" in item and not _web(item["url"]):
                del item["url"]
            if "downloads" in item:
                item["downloads"] = _per_os(item["downloads"], _web)
            if "guides" in item:
                item["guides"] = _guides(site, item["guides"], locale)
            if item["item"] == "community":
                # Shown only while the site runs a community; it opens the help center's.
                if not site.community_enabled:
                    continue
                item["url"] = url_for("helpcenter.community", site_key=site.key,
                                      locale=content_locale(site, locale))
            menu.append(item)
    return menu


def _web(value):
    """Tell whether `value` is an http(s) address."""
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def _per_os(values, check):
    """Return {os: value} for the known operating systems whose value passes `check`."""
    values = values if isinstance(values, dict) else {}
    return {os_: values[os_] for os_ in OPERATING_SYSTEMS if check(values.get(os_))}


def _guides(site, guides, locale):
    """Return {os: article slug}; a slug may be given per locale ({locale: slug}) as well."""
    guides = guides if isinstance(guides, dict) else {}
    picked = {}
    for os_, slug in guides.items():
        if isinstance(slug, dict):
            slug = slug.get(locale) or slug.get(site.default_locale)
        picked[os_] = slug
    return _per_os(picked, lambda slug: isinstance(slug, str) and SLUG.fullmatch(slug))


def _trainings(entry):
    """Return the training portal link, or None when the item is off or has no URL."""
    url = (entry or {}).get("url")
    return {"url": url} if _web(url) else None


def _remote_support(entry):
    """Return the remote support tool, its downloads and guides per operating system, or None."""
    if not entry or not entry.get("tool"):
        return None
    return {"tool": str(entry["tool"]), "downloads": _per_os(entry.get("downloads"), _web),
            "guides": entry.get("guides") or {}}


def _for_reader(entries, locale):
    """Return the dict entries shown in `locale`: those of no language, and of that one."""
    return [entry for entry in entries or []
            if isinstance(entry, dict) and entry.get("locale") in (None, "", locale)]


def _contact(site, locale, now):
    """Return the contact details with whether support is open now and when it opens next."""
    contact = site.contact or {}
    found = {"email": contact.get("email") or None,
             "phones": [{"region": p.get("region", ""), "number": p.get("number", "")}
                        for p in _for_reader(contact.get("phones"), locale)],
             "emails": [{"region": e.get("region", ""), "email": e.get("email", "")}
                        for e in _for_reader(contact.get("emails"), locale)],
             "hours": contact.get("hours"),
             "within_hours": business_hours.is_open(site, now),
             "next_open": iso(business_hours.next_open(site, now)),
             "hours_text": hours_text(site)}
    if contact.get("whatsapp"):
        found["whatsapp"] = contact["whatsapp"]
    return found


def hours_text(site):
    """Return one human line per schedule, e.g. "Monday to Friday, 07:00–19:00 (America/Bogota)"."""
    lines = []
    for plan in business_hours.schedules(site):
        line = _("%(days)s, %(open)s–%(close)s (%(timezone)s)", days=_day_runs(plan),
                 open=plan["open"], close=plan["close"], timezone=plan.get("timezone") or "UTC")
        lines.append(line[:1].upper() + line[1:])
    return lines


def _day_runs(plan):
    """Describe the plan's days as runs of consecutive weekdays ("Monday to Friday, Sunday")."""
    days = sorted({DAYS.index(d) for d in plan.get("days") or DAYS
                   if d in DAYS})
    if len(days) == 7:
        return _("every day")
    runs = []
    for day in days:
        if runs and runs[-1][1] == day - 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    names = [str(DAY_NAMES[DAYS[d]]) for d in range(7)]
    parts = []
    for first, last in runs:
        if last - first >= 2:
            parts.append(_("%(first)s to %(last)s", first=names[first], last=names[last]))
        else:
            parts.extend(names[first:last + 1])
    return ", ".join(parts)


def _topics(site, locale):
    """Return the chat topics with their label in `locale` (else the site's language)."""
    topics = []
    for topic in site.chat_topics or []:
        if not isinstance(topic, dict) or not topic.get("key"):
            continue
        label = topic.get("label")
        if isinstance(label, dict):
            label = label.get(locale) or label.get(site.default_locale) or next(
                iter(label.values()), topic["key"])
        topics.append({"key": topic["key"], "label": str(label or topic["key"])})
    return topics

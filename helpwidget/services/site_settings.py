"""Site settings changed by admins: only the fields asked for, audited, announced to widgets."""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.services import audit, signals, sites, webhook_targets
from helpwidget.services.site_settings_document import (
    COLUMNS,
    CONTACT_FIELDS,
    GROUPS,
    SECRETS,
    contact,
    embed_snippet,
    group_values,
    identity,
    settings,
)
from helpwidget.services.timeutil import utcnow

__all__ = ["GROUPS", "create_site", "rotate_identity_secret", "settings", "update"]


def update(site, group, values, actor, address):
    """Apply the given fields of one group (checked by its schema); return the new document.

    Fields not sent keep their stored value; a list sent replaces the list. The change and its
    audit entry are stored in one commit; widgets of the site then hear of it.
    """
    if group not in GROUPS:
        raise Invalid(_l("Unknown settings group."))
    values = _checked(site, group, dict(values))
    before = group_values(site, group)
    if group == "contact":
        site.contact = _new_contact(site, values)
    else:
        for field, value in values.items():
            if field == "sla_hours":  # priorities not sent keep their hours
                value = {**(site.sla_hours or {}), **{k: _number(v) for k, v in value.items()}}
            setattr(site, COLUMNS[group][field], value)
    after = group_values(site, group)
    changes = audit.diff(before, after, secrets=SECRETS)
    if not changes:
        db.session.rollback()
        return settings(site)
    audit.record(actor, "settings", f"update_{group}", site=site, target=site.name,
                 target_id=site.id, changes=changes, address=address)
    db.session.commit()
    signals.site_changed.send(current_app._get_current_object(), site_key=site.key,
                              changes={field: pair[1] for field, pair in changes.items()})
    return settings(site)


def _checked(site, group, values):
    """Check what a schema cannot alone (origins, languages against the stored ones, targets)."""
    problems = {}
    if group == "general":
        origins = []
        for index, origin in enumerate(values.get("allowed_origins", [])):
            try:
                origins.append(sites.check_origin(origin))
            except Invalid as error:
                problems[f"allowed_origins.{index}"] = [error.message]
        if "allowed_origins" in values:
            values["allowed_origins"] = list(dict.fromkeys(origins))
        default = values.get("default_locale", site.default_locale)
        locales = values.get("locales", site.locales or [site.default_locale])
        if default not in locales:
            field = "default_locale" if "default_locale" in values else "locales"
            problems[field] = [_l("The default language is one of the languages.")]
    if group == "alerts" and values.get("webhook_url"):
        try:
            webhook_targets.check_target(values["webhook_url"])
        except webhook_targets.UnsafeTarget:
            problems["webhook_url"] = [_l("Alerts cannot be sent to this address: use a public "
                                          "http(s) address.")]
    if problems:
        raise Invalid(_l("Some fields need your attention."), fields=problems)
    return values


def _new_contact(site, values):
    """Return the site's contact with the given fields replaced; schedules carry the time zone."""
    stored = dict(site.contact or {})
    current = contact(site)
    for field in CONTACT_FIELDS:
        if field in values and field not in ("hours", "timezone"):
            stored[field] = values[field]
    if "timezone" in values or "hours" in values:
        zone = values.get("timezone", current["timezone"])
        hours = values.get("hours", current["hours"])
        stored["timezone"] = zone
        # services/business_hours.py reads each schedule's own time zone.
        stored["hours"] = [{"timezone": zone, "days": list(plan["days"]),
                            "open": plan["open"], "close": plan["close"]} for plan in hours]
    return stored


def _number(value):
    """Return hours as a whole number when they are one (2.0 -> 2)."""
    return int(value) if float(value).is_integer() else value


def rotate_identity_secret(site, actor, address, overlap_hours=24):
    """Give the site a new identity secret; the old one verifies for `overlap_hours` more.

    Return (new secret, identity part of the document); the secret is shown only this once.
    """
    old, new = site.identity_secret, secrets.token_urlsafe(32)
    site.identity_secret = new
    if overlap_hours > 0:
        site.previous_identity_secret = old
        site.previous_secret_expires_at = utcnow() + timedelta(hours=overlap_hours)
    else:
        site.previous_identity_secret = ""
        site.previous_secret_expires_at = None
    audit.record(actor, "secret", "rotate_identity_secret", site=site, target=site.name,
                 target_id=site.id, address=address,
                 changes={"identity_secret": [audit.mask(old), audit.mask(new)],
                          "overlap_hours": [None, overlap_hours]})
    db.session.commit()
    return new, identity(site)


def create_site(actor, address, key, *, name, default_locale="en", locales=(), origins=()):
    """Create a site for the server's owner; return (site, its identity secret, embed snippet)."""
    entry = audit.record(actor, "site", "create_site", target=name, address=address,
                         changes={"key": [None, key], "name": [None, name]})
    try:
        site = sites.create_site(key, name=name, default_locale=default_locale,
                                 locales=locales, origins=origins)  # commits the entry too
    except Exception:
        db.session.rollback()
        raise
    entry.site_id, entry.site_key = site.id, site.key
    db.session.commit()
    return site, site.identity_secret, embed_snippet(site)

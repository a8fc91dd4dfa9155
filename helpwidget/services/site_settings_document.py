"""The settings document of a site as its admins read it, one group at a time."""
from html import escape

from flask import url_for

from helpwidget.models.base import DAYS
from helpwidget.services import audit, business_hours, response_promise, ticket_categories
from helpwidget.services.timeutil import aware, iso, utcnow

GROUPS = ("general", "menu", "contact", "chat", "requests", "alerts", "help_center")
# Document field -> Site column, per group; contact's fields live inside Site.contact.
COLUMNS = {
    "general": {"name": "name", "default_locale": "default_locale", "locales": "locales",
                "brand_color": "brand_color", "allowed_origins": "allowed_origins"},
    "menu": {"items": "menu"},
    "chat": {"topics": "chat_topics", "wait_minutes": "chat_wait_minutes",
             "out_of_hours": "chat_out_of_hours", "auto_assign": "auto_assign"},
    "requests": {"categories": "ticket_categories", "platforms": "platforms",
                 "sla_hours": "sla_hours", "auto_close_days": "auto_close_days",
                 "support_users_only": "support_users_only", "account_types": "account_types",
                 "mail_opens_tickets": "mail_opens_tickets"},
    "alerts": {"emails": "alert_emails", "webhook_url": "alert_webhook_url",
               "webhook_secret": "alert_webhook_secret"},
    "help_center": {"comment_moderation": "comment_moderation",
                    "open_registration": "open_registration",
                    "community_enabled": "community_enabled",
                    "insights_enabled": "insights_enabled",
                    "insights_retention_days": "insights_retention_days"},
}
CONTACT_FIELDS = ("timezone", "hours", "holidays", "phones", "emails", "email", "whatsapp")
# Write-only settings: the document says whether they are set; the audit trail masks them.
SECRETS = ("webhook_secret",)


def settings(site):
    """Return the whole settings document of a site (see the issue 16 contract)."""
    document = {"site": {"key": site.key, "name": site.name}}
    for group in GROUPS:
        document[group] = group_values(site, group)
    document["general"]["embed_snippet"] = embed_snippet(site)
    secret = document["alerts"].pop("webhook_secret")
    document["alerts"]["webhook_secret_set"] = bool(secret)
    document["identity"] = identity(site)
    return document


def group_values(site, group):
    """Return one group's settings as the document shows them (secrets included, unmasked)."""
    if group == "contact":
        return contact(site)
    values = {field: _copy(getattr(site, column)) for field, column in COLUMNS[group].items()}
    if group == "general":
        values["locales"] = list(site.locales or [site.default_locale])
        values["allowed_origins"] = list(site.allowed_origins or [])
    elif group == "menu":
        values["items"] = [dict(entry) for entry in site.menu or [] if isinstance(entry, dict)]
    elif group == "chat":
        values["topics"] = list(site.chat_topics or [])
    elif group == "requests":
        values["categories"] = _copy(ticket_categories.categories(site))
        values["sla_hours"] = {**response_promise.DEFAULT_SLA_HOURS, **(site.sla_hours or {})}
        for name in ("platforms", "account_types"):
            values[name] = list(values[name] or [])
    elif group == "alerts":
        values["emails"] = list(values["emails"] or [])
        values["webhook_url"] = values["webhook_url"] or ""
        values["webhook_secret"] = values["webhook_secret"] or ""
    return values


def contact(site):
    """Return the contact group: one time zone for every schedule, as the form edits it."""
    stored = site.contact or {}
    plans = business_hours.schedules(site)
    return {
        "timezone": stored.get("timezone") or (plans[0].get("timezone") if plans else None)
        or "UTC",
        "hours": [{"days": list(plan.get("days") or DAYS), "open": plan["open"],
                   "close": plan["close"]} for plan in plans],
        "holidays": [str(day) for day in stored.get("holidays") or []],
        "phones": [{"region": p.get("region", ""), "number": p.get("number", ""),
                    "locale": p.get("locale", "")}
                   for p in stored.get("phones") or [] if isinstance(p, dict)],
        "emails": [{"region": e.get("region", ""), "email": e.get("email", ""),
                    "locale": e.get("locale", "")}
                   for e in stored.get("emails") or [] if isinstance(e, dict)],
        "email": stored.get("email") or "",
        "whatsapp": stored.get("whatsapp") or "",
    }


def identity(site):
    """Return the identity secret's hint and until when the previous one still works."""
    expires = site.previous_secret_expires_at
    live = bool(site.previous_identity_secret) and expires is not None and aware(expires) > utcnow()
    return {"secret_hint": audit.mask(site.identity_secret),
            "previous_secret_expires_at": iso(expires) if live else None}


def embed_snippet(site):
    """Return the script tag a host page embeds to show the widget."""
    src = url_for("widget.loader", _external=True)
    return (f'<script async src="{escape(src)}" data-site="{escape(site.key)}">'
            "</script>")


def _copy(value):
    """Return a deep copy of JSON-like settings, so edits never reach the loaded row."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value

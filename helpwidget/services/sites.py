"""Sites: lookup and creation of the host products this server serves."""
import secrets

from flask_babel import lazy_gettext as _l

from helpwidget.errors import NotFound
from helpwidget.extensions import db
from helpwidget.models import Site

DEFAULT_MENU = ["search", "page_help", "chat", "my_requests", "new_request", "trainings",
                "remote_support", "speed_test", "status", "contact"]
_FIELDS = ("name", "allowed_origins", "identity_secret", "default_locale", "locales",
           "brand_color", "menu", "contact", "account_types", "ticket_categories", "platforms",
           "sla_hours", "alert_emails", "alert_webhook_url", "alert_webhook_secret",
           "auto_close_days", "support_users_only", "chat_topics", "chat_wait_minutes")


def get_site(key):
    """Return the site with this key, or raise NotFound."""
    site = db.session.execute(db.select(Site).filter_by(key=key)).scalar_one_or_none() \
        if isinstance(key, str) else None
    if site is None:
        raise NotFound(_l("No help center is configured for this site."))
    return site


def all_sites():
    """Return every site, by name."""
    return db.session.execute(db.select(Site).order_by(Site.name)).scalars().all()


def save_site(key, **values):
    """Create the site `key` or update the given settings of it."""
    site = db.session.execute(db.select(Site).filter_by(key=key)).scalar_one_or_none()
    if site is None:
        site = Site(key=key, name=values.get("name", key),
                    identity_secret=secrets.token_urlsafe(32),
                    menu=[{"item": item, "enabled": True} for item in DEFAULT_MENU])
        db.session.add(site)
    for field in _FIELDS:
        if field in values:
            setattr(site, field, values[field])
    if not site.locales:
        site.locales = [site.default_locale or "en"]
    db.session.commit()
    return site

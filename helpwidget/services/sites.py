"""Sites: lookup and creation of the host products this server serves."""
import re
import secrets
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Conflict, Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.services import signals

DEFAULT_MENU = ["search", "page_help", "chat", "my_requests", "new_request", "trainings",
                "remote_support", "speed_test", "status", "contact"]
_FIELDS = ("name", "allowed_origins", "identity_secret", "default_locale", "locales",
           "brand_color", "menu", "contact", "account_types", "ticket_categories", "platforms",
           "sla_hours", "alert_emails", "alert_webhook_url", "alert_webhook_secret",
           "auto_close_days", "support_users_only", "mail_opens_tickets", "chat_topics",
           "chat_wait_minutes", "comment_moderation", "open_registration", "community_enabled")
MODERATION_MODES = ("pre", "post")


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
    """Create the site `key` or update the given settings of it (the demo seeds through it)."""
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


KEY_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


def create_site(key, *, name, default_locale="en", locales=(), origins=(), account_types=()):
    """Create a new site from checked settings; refuse a key that exists (nothing changes)."""
    if not KEY_RE.match(key or "") or len(key) > 64:
        raise Invalid(_l("A site key is up to 64 lowercase letters, digits, - or _."))
    if db.session.execute(db.select(Site.id).filter_by(key=key)).first() is not None:
        raise Conflict(_l("Site {key} already exists: change it with `sites update {key}`.")
                       .format(key=key))
    default_locale = check_locale(default_locale)
    languages = list(dict.fromkeys([default_locale, *(check_locale(x) for x in locales)]))
    return save_site(key, name=check_name(name), default_locale=default_locale,
                     locales=languages, allowed_origins=_unique(check_origin(o) for o in origins),
                     account_types=_unique(check_account_type(t) for t in account_types))


def update_site(site, *, name=None, default_locale=None, add_locales=(), remove_locales=(),
                add_origins=(), remove_origins=(), add_account_types=(), remove_account_types=(),
                comment_moderation=None, open_registration=None, community_enabled=None):
    """Change only the given settings of a site; refuse nonsense before changing anything."""
    changes = {}
    if comment_moderation is not None and comment_moderation not in MODERATION_MODES:
        raise Invalid(_l("Comment moderation is pre or post."))
    # Public posts: what is asked for and differs from today, nothing else.
    for field, value in (("comment_moderation", comment_moderation),
                         ("open_registration", open_registration),
                         ("community_enabled", community_enabled)):
        if value is not None and value != getattr(site, field):
            changes[field] = value
    if name is not None:
        changes["name"] = check_name(name)
    default = check_locale(default_locale) if default_locale else site.default_locale
    locales = _changed(site.locales or [site.default_locale], [check_locale(x) for x in
                       add_locales], [check_locale(x) for x in remove_locales],
                       _l("{value} is not one of the site's languages."))
    if default in [check_locale(x) for x in remove_locales]:
        raise Invalid(_l("{value} is the default language: choose another default first.")
                      .format(value=default))
    if default not in locales:
        locales.insert(0, default)  # a new default language is a language of the site
    if default != site.default_locale:
        changes["default_locale"] = default
    if locales != list(site.locales or []):
        changes["locales"] = locales
    origins = _changed(site.allowed_origins or [], [check_origin(o) for o in add_origins],
                       [check_origin(o) for o in remove_origins],
                       _l("{value} is not one of the site's allowed origins."))
    if origins != list(site.allowed_origins or []):
        changes["allowed_origins"] = origins
    types = _changed(site.account_types or [], [check_account_type(t) for t in add_account_types],
                     [check_account_type(t) for t in remove_account_types],
                     _l("{value} is not one of the site's account types."))
    if types != list(site.account_types or []):
        changes["account_types"] = types
    if changes:
        save_site(site.key, **changes)
        signals.site_changed.send(current_app._get_current_object(), site_key=site.key,
                                  changes=changes)
    return changes


def check_locale(code):
    """Return a language code this installation serves, or raise Invalid."""
    if code not in current_app.config["LOCALES"]:
        raise Invalid(_l("Unknown language {value}: choose one of {choices}.").format(
            value=code, choices=", ".join(current_app.config["LOCALES"])))
    return code


def check_origin(value):
    """Return a host page origin as scheme://host[:port] (lowercase), or raise Invalid."""
    text = (value or "").strip()
    parts = urlsplit(text)
    try:
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number in range
        valid = (parts.scheme in ("http", "https") and parts.hostname and not parts.username
                 and parts.path in ("", "/") and not parts.query and not parts.fragment
                 and "#" not in text and "?" not in text)
    except ValueError:
        valid = False
    if not valid:
        raise Invalid(_l("{value} is not an origin: write scheme://host[:port], without a path.")
                      .format(value=value))
    return f"{parts.scheme}://{parts.netloc}".lower()


def check_name(name):
    """Return a product name, trimmed, or raise Invalid."""
    name = " ".join((name or "").split())
    if not name or len(name) > 200:
        raise Invalid(_l("A site name is 1 to 200 characters."))
    return name


def check_account_type(name):
    """Return an account type name, or raise Invalid."""
    name = (name or "").strip()
    if not name or len(name) > 64 or "," in name:
        raise Invalid(_l("An account type is 1 to 64 characters, without commas."))
    return name


def _changed(current, added, removed, missing):
    """Return `current` with `added` appended and `removed` taken out, each at most once."""
    for value in removed:
        if value not in current and value not in added:
            raise Invalid(missing.format(value=value))
    result = _unique([*current, *added])
    return [value for value in result if value not in removed]


def _unique(values):
    """Return the values in order, without repeats."""
    return list(dict.fromkeys(values))

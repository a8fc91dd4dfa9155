"""Saved replies: a site team's canned answers per language, kept by the site's admins."""

from flask_babel import lazy_gettext as _l

from helpwidget.errors import Forbidden, Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.models.chat import (
    SAVED_REPLY_BODY_MAX,
    SAVED_REPLY_SHORTCUT,
    SAVED_REPLY_TITLE_MAX,
    SavedReply,
)
from helpwidget.services import advisors, audit
from helpwidget.services.timeutil import utcnow

FIELDS = ("locale", "shortcut", "title", "body")


ONLY_ADMINS = _l("Only the site's admins can change saved replies.")


def list_replies(site, locale=None):
    """Return the site's saved replies, in one language or all, by language and shortcut."""
    query = db.select(SavedReply).filter_by(site_id=site.id)
    if locale is not None:
        query = query.filter_by(locale=locale)
    query = query.order_by(SavedReply.locale, SavedReply.shortcut)
    return db.session.execute(query).scalars().all()


def get_reply(site, reply_id):
    """Return the saved reply `reply_id` of the site, or raise NotFound."""
    reply = db.session.get(SavedReply, reply_id) if isinstance(reply_id, int) else None
    if reply is None or reply.site_id != site.id:
        raise NotFound(_l("This saved reply does not exist."))
    return reply


def create_reply(advisor, site, values):
    """Add a saved reply to the site (admins only); `values` has locale, shortcut, title, body."""
    _require_admin(advisor, site)
    values = _checked(site, values)
    reply = SavedReply(site_id=site.id, **values)
    db.session.add(reply)
    db.session.flush()
    audit.record(advisor, "content", "saved_reply_created", site=site, target=reply.shortcut,
                 target_id=reply.id)
    db.session.commit()
    return reply


def update_reply(advisor, reply, values):
    """Change any of a saved reply's locale, shortcut, title and body (admins only)."""
    site = db.session.get(Site, reply.site_id)
    _require_admin(advisor, site)
    merged = {field: values.get(field, getattr(reply, field)) for field in FIELDS}
    before = {field: getattr(reply, field) for field in FIELDS}
    for field, value in _checked(site, merged, reply_id=reply.id).items():
        setattr(reply, field, value)
    reply.updated_at = utcnow()
    audit.record(advisor, "content", "saved_reply_updated", site=site, target=reply.shortcut,
                 target_id=reply.id, changes=audit.diff(
                     before, {field: getattr(reply, field) for field in FIELDS}))
    db.session.commit()
    return reply


def delete_reply(advisor, reply):
    """Remove a saved reply (admins only)."""
    _require_admin(advisor, reply.site_id)
    site = db.session.get(Site, reply.site_id)
    audit.record(advisor, "content", "saved_reply_deleted", site=site, target=reply.shortcut,
                 target_id=reply.id)
    db.session.delete(reply)
    db.session.commit()


def seed(site, items):
    """Create or refresh saved replies from `items` (dicts of FIELDS), keyed by locale+shortcut."""
    saved = []
    for item in items:
        values = _checked(site, {field: item.get(field) for field in FIELDS}, replacing=True)
        reply = db.session.execute(db.select(SavedReply).filter_by(
            site_id=site.id, locale=values["locale"],
            shortcut=values["shortcut"])).scalar_one_or_none()
        if reply is None:
            reply = SavedReply(site_id=site.id)
            db.session.add(reply)
        for field, value in values.items():
            setattr(reply, field, value)
        saved.append(reply)
    db.session.commit()
    return saved


def _require_admin(advisor, site):
    """Raise Forbidden unless the advisor is an admin of the site's team."""
    if not advisors.is_admin(advisor, site):
        raise Forbidden(ONLY_ADMINS)


def _checked(site, values, reply_id=None, replacing=False):
    """Return the cleaned values, or raise Invalid naming every field that breaks a rule."""
    cleaned, errors = {}, {}
    for field in FIELDS:
        value = values.get(field)
        cleaned[field] = value.strip().replace("\r\n", "\n") if isinstance(value, str) else None
    locale = cleaned["locale"]
    if not locale or not site.speaks(locale):
        errors["locale"] = [_l("Choose one of: {choices}.").format(
            choices=", ".join(site.locales or [site.default_locale]))]
    if not cleaned["shortcut"] or not SAVED_REPLY_SHORTCUT.fullmatch(cleaned["shortcut"]):
        errors["shortcut"] = [_l("Use 1 to 40 letters, digits, hyphens or underscores.")]
    for field, limit in (("title", SAVED_REPLY_TITLE_MAX), ("body", SAVED_REPLY_BODY_MAX)):
        if not cleaned[field] or len(cleaned[field]) > limit:
            errors[field] = [_l("Enter between {min} and {max} characters.").format(
                min=1, max=limit)]
    if not errors and not replacing and _shortcut_taken(site, cleaned, reply_id):
        errors["shortcut"] = [_l("Another saved reply in this language uses this shortcut.")]
    if errors:
        raise Invalid(_l("Check the saved reply."), fields=errors)
    return cleaned


def _shortcut_taken(site, values, reply_id):
    """Tell whether another reply of the site and language has this shortcut."""
    query = db.select(SavedReply.id).filter_by(site_id=site.id, locale=values["locale"],
                                               shortcut=values["shortcut"])
    if reply_id is not None:
        query = query.where(SavedReply.id != reply_id)
    return db.session.execute(query.limit(1)).first() is not None

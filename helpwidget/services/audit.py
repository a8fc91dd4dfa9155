"""The audit trail: every admin action recorded with who, when, from where and what changed.

`record` adds the entry to the session of the change it describes; the caller commits both
at once, so a change is never stored without its entry (nor an entry without its change).
"""
from flask import has_request_context, request

from helpwidget.extensions import db
from helpwidget.models import AuditEntry, SiteMembership

# How much of a secret an entry keeps: its last characters, enough to tell two apart.
SHOWN_SECRET_CHARS = 4


def mask(secret):
    """Return a secret as entries and pages show it: its last characters only."""
    secret = str(secret or "")
    return f"…{secret[-SHOWN_SECRET_CHARS:]}" if secret else ""


def diff(before, after, secrets=()):
    """Return {field: [before, after]} of the fields whose values differ; `secrets` masked."""
    changes = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old == new:
            continue
        changes[field] = [mask(old), mask(new)] if field in secrets else [old, new]
    return changes


def record(actor, kind, action, *, site=None, target="", target_id=None, changes=None,
           address=""):
    """Add an entry for `actor`'s `action` (kind: settings, team, secret, content, site).

    `address` defaults to the client address of the request under way (none for commands).
    """
    if not address and has_request_context():
        address = request.remote_addr or ""
    entry = AuditEntry(
        site_id=site.id if site is not None else None, site_key=site.key if site else "",
        actor_id=actor.id if actor is not None else None,
        actor_email=actor.email if actor is not None else "", address=(address or "")[:64],
        kind=kind, action=action, target=str(target or "")[:300], target_id=target_id,
        changes=changes or {})
    db.session.add(entry)
    return entry


def entries(advisor, *, site=None, actor_id=None, kind=None, page=1, per_page=50):
    """Return (total, entries) the advisor may read, newest first, a page at a time.

    The server's owner reads every entry; an admin, those of the sites they administer.
    """
    query = db.select(AuditEntry)
    if not advisor.is_owner:
        administered = db.select(SiteMembership.site_id).where(
            SiteMembership.advisor_id == advisor.id, SiteMembership.role == "admin")
        query = query.where(AuditEntry.site_id.in_(administered))
    if site is not None:
        query = query.where(AuditEntry.site_id == site.id)
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    if kind:
        query = query.where(AuditEntry.kind == kind)
    total = db.session.execute(
        db.select(db.func.count()).select_from(query.subquery())).scalar_one()
    rows = db.session.execute(
        query.order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(per_page).offset((page - 1) * per_page)).scalars().all()
    return total, rows

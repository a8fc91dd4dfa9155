"""The audit trail's filters in; its entries out, as the console and the CSV export show them."""
from helpwidget.models.base import iso
from helpwidget.schemas.base import BaseSchema, Int, Str, in_range, locale_field, max_length, one_of

KINDS = ("settings", "team", "secret", "content", "site")


class AuditQuerySchema(BaseSchema):
    """GET /advisor/audit (and audit.csv) parameters."""

    site = Str(validate=max_length(64))
    actor = Int(validate=in_range(1, 999_999_999))
    kind = Str(validate=one_of(KINDS))
    page = Int(load_default=1, validate=in_range(1, 10000))
    per_page = Int(load_default=50, validate=in_range(1, 100))
    locale = locale_field()


def entry_dict(entry):
    """Return an entry as the API answers it."""
    return {"id": entry.id, "at": iso(entry.created_at),
            "actor": {"id": entry.actor_id, "email": entry.actor_email},
            "address": entry.address, "site": entry.site_key, "kind": entry.kind,
            "action": entry.action, "target": entry.target, "target_id": entry.target_id,
            "changes": entry.changes or {}}

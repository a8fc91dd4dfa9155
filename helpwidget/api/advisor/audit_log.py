"""The audit trail of admin actions, for the admins of sites and the server's owner."""
import csv
import io
import json
import re

from flask import Response, g, request
from flask_babel import lazy_gettext as _l

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_admin
from helpwidget.errors import Forbidden
from helpwidget.schemas.audit import AuditQuerySchema, entry_dict
from helpwidget.services import audit

# The most rows one export holds: enough for years of a site's changes, bounded in memory.
EXPORT_LIMIT = 10_000
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_COLUMNS = ("at", "actor", "address", "site", "kind", "action", "target", "target_id",
            "changes")


def _filters():
    """Load the filters and check the caller may read them; return (args, site or None)."""
    advisor = g.advisor
    args = AuditQuerySchema().load(request.args)
    if args.get("site"):
        return args, site_for_admin(advisor, args["site"])
    if not (advisor.is_owner or any(m.role == "admin" for m in advisor.memberships)):
        raise Forbidden(_l("Only the site's admins can do this."), code="admin_required")
    return args, None


@bp.get("/advisor/audit")
@operation("The audit trail of the sites the caller administers, newest first.",
           query=AuditQuerySchema, response=shapes.OBJECT)
def audit_list():
    """List audit entries, filtered by site, person and kind, a page at a time."""
    args, site = _filters()
    total, rows = audit.entries(g.advisor, site=site, actor_id=args.get("actor"),
                                kind=args.get("kind"), page=args["page"],
                                per_page=args["per_page"])
    return {"entries": [entry_dict(e) for e in rows], "total": total, "page": args["page"],
            "per_page": args["per_page"]}


def _cell(value):
    """Return a value as a CSV cell a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


@bp.get("/advisor/audit.csv")
@operation("The matching audit entries as a CSV file (formula-safe cells).",
           query=AuditQuerySchema, response=shapes.CSV)
def audit_csv():
    """Export every matching entry (up to EXPORT_LIMIT) as CSV, newest first."""
    args, site = _filters()
    _total, rows = audit.entries(g.advisor, site=site, actor_id=args.get("actor"),
                                 kind=args.get("kind"), page=1, per_page=EXPORT_LIMIT)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_COLUMNS)
    for entry in rows:
        item = entry_dict(entry)
        writer.writerow([_cell(v) for v in (
            item["at"], item["actor"]["email"], item["address"], item["site"], item["kind"],
            item["action"], item["target"], item["target_id"],
            json.dumps(item["changes"], ensure_ascii=False, sort_keys=True))])
    # Only safe characters in the header, whatever a site's key holds.
    name = f"audit-{re.sub(r'[^A-Za-z0-9_.-]', '_', site.key)}.csv" if site else "audit.csv"
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store"})

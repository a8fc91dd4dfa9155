"""System status as each site's team sees it, and as its admins keep it."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.schemas.status import (
    MaintenanceInputSchema,
    StatusInputSchema,
    update_dict,
    window_dict,
)
from helpwidget.services import status


def _admin_view(site):
    """Return what the console shows an admin: current status, history and windows."""
    update = status.current(site)
    return {"status": update.status if update else "operational",
            "current": update_dict(update) if update else None,
            "history": [update_dict(u) for u in status.history(site)],
            "maintenance": [window_dict(site, w) for w in status.windows(site)]}


def _admin_site(site_key):
    """Return the site if the caller is its admin: 404 off its team, 403 on it but no admin."""
    site = site_for_advisor(g.advisor, site_key)
    status.require_admin(g.advisor, site)
    return site


@bp.get("/advisor/sites/<site_key>/status")
@operation("A site's status with its history and maintenance windows (the site's team).",
           response=shapes.OBJECT)
def advisor_status(site_key):
    """Return the site's status with its history (the site's team)."""
    return _admin_view(site_for_advisor(g.advisor, site_key))


@bp.put("/advisor/sites/<site_key>/status")
@operation("Set a site's status and message (site admins).", body=StatusInputSchema,
           response=shapes.OBJECT)
def advisor_set_status(site_key):
    """Set the site's status and message (admins)."""
    site = _admin_site(site_key)
    data = StatusInputSchema().load(request.get_json(silent=True) or {})
    status.set_status(site, data["status"], data.get("message"), data.get("locale"),
                      author=g.advisor.email, actor=g.advisor)
    return _admin_view(site)


@bp.get("/advisor/sites/<site_key>/maintenance")
@operation("A site's maintenance windows.", response=shapes.OBJECT)
def advisor_maintenance(site_key):
    """List the site's maintenance windows (the site's team)."""
    site = site_for_advisor(g.advisor, site_key)
    return {"maintenance": [window_dict(site, w) for w in status.windows(site)]}


@bp.post("/advisor/sites/<site_key>/maintenance")
@operation("Plan a one-off or weekly maintenance window (site admins).",
           body=MaintenanceInputSchema, status=201, response=shapes.OBJECT)
def advisor_add_maintenance(site_key):
    """Plan a one-off or weekly maintenance window (admins)."""
    site = _admin_site(site_key)
    data = MaintenanceInputSchema().load(request.get_json(silent=True) or {})
    return window_dict(site, status.add_window(site, data, actor=g.advisor)), 201


@bp.delete("/advisor/sites/<site_key>/maintenance/<id:window_id>")
@operation("Remove a maintenance window (site admins).", status=204)
def advisor_remove_maintenance(site_key, window_id):
    """Remove a maintenance window (admins)."""
    site = _admin_site(site_key)
    status.remove_window(status.get_window(site, window_id), actor=g.advisor)
    return "", 204

"""System status: public for the widget, and kept by each site's admins."""
from flask import request

from helpwidget.api import bp
from helpwidget.api.advisor_auth import current_advisor, site_for_advisor
from helpwidget.api.auth import load_site
from helpwidget.schemas.status import (
    MaintenanceInputSchema,
    StatusInputSchema,
    StatusQuerySchema,
)
from helpwidget.services import status
from helpwidget.status_feed import feed_url


@bp.get("/status")
def site_status():
    """Return the site's status, maintenance of the next two weeks and the banner to show."""
    args = StatusQuerySchema().load(request.args)
    site = load_site(args["site"])
    return status.summary(site, args.get("locale"), feed_url(site, args.get("locale")))


def _admin_view(site):
    """Return what the console shows an admin: current status, history and windows."""
    update = status.current(site)
    return {"status": update.status if update else "operational",
            "current": status.update_dict(update) if update else None,
            "history": [status.update_dict(u) for u in status.history(site)],
            "maintenance": [status.window_dict(site, w) for w in status.windows(site)]}


@bp.get("/advisor/sites/<site_key>/status")
def advisor_status(site_key):
    """Return the site's status with its history (the site's team)."""
    return _admin_view(site_for_advisor(current_advisor(), site_key))


@bp.put("/advisor/sites/<site_key>/status")
def advisor_set_status(site_key):
    """Set the site's status and message (admins)."""
    advisor = current_advisor()
    site = site_for_advisor(advisor, site_key)
    status.require_admin(advisor, site)
    data = StatusInputSchema().load(request.get_json(silent=True) or {})
    status.set_status(site, data["status"], data.get("message"), data.get("locale"),
                      author=advisor.email)
    return _admin_view(site)


@bp.get("/advisor/sites/<site_key>/maintenance")
def advisor_maintenance(site_key):
    """List the site's maintenance windows (the site's team)."""
    site = site_for_advisor(current_advisor(), site_key)
    return {"maintenance": [status.window_dict(site, w) for w in status.windows(site)]}


@bp.post("/advisor/sites/<site_key>/maintenance")
def advisor_add_maintenance(site_key):
    """Plan a one-off or weekly maintenance window (admins)."""
    advisor = current_advisor()
    site = site_for_advisor(advisor, site_key)
    status.require_admin(advisor, site)
    data = MaintenanceInputSchema().load(request.get_json(silent=True) or {})
    return status.window_dict(site, status.add_window(site, data)), 201


@bp.delete("/advisor/sites/<site_key>/maintenance/<id:window_id>")
def advisor_remove_maintenance(site_key, window_id):
    """Remove a maintenance window (admins)."""
    advisor = current_advisor()
    site = site_for_advisor(advisor, site_key)
    status.require_admin(advisor, site)
    status.remove_window(status.get_window(site, window_id))
    return "", 204

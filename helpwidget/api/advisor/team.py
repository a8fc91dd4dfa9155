"""The team of a site, for assigning its tickets to someone."""
from flask import g

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.services import advisors


@bp.get("/advisor/sites/<site_key>/team")
@operation("The active advisors of a site's team.", response=shapes.OBJECT)
def site_team(site_key):
    """List the active advisors of a site's team (to advisors of that team only)."""
    site = site_for_advisor(g.advisor, site_key)
    return {"advisors": [{"id": a.id, "name": a.name} for a in advisors.team(site)]}

"""The team of a site, for assigning its tickets to someone."""
from helpwidget.api import bp
from helpwidget.api.advisor_auth import current_advisor, site_for_advisor
from helpwidget.services import advisors


@bp.get("/advisor/sites/<site_key>/team")
def site_team(site_key):
    """List the active advisors of a site's team (to advisors of that team only)."""
    site = site_for_advisor(current_advisor(), site_key)
    return {"advisors": [{"id": a.id, "name": a.name} for a in advisors.team(site)]}

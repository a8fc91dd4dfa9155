"""GET /status: a site's system status, for the widget and anyone else (no sign-in needed)."""
from flask import request

from helpwidget.api.public import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.visitor import load_site
from helpwidget.schemas.status import StatusQuerySchema, feed_url, summary
from helpwidget.services import status


@bp.get("/status")
@operation("System status, maintenance of the next 14 days and the banner to show.",
           query=StatusQuerySchema, response=shapes.OBJECT)
def site_status():
    """Return the site's status, maintenance of the next two weeks and the banner to show."""
    args = StatusQuerySchema().load(request.args)
    site = load_site(args["site"])
    return summary(status.current_state(site, args.get("locale")),
                   feed_url(site, args.get("locale")))

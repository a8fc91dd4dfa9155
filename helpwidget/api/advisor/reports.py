"""The support report for a site's team, or for every site at once for the server's owner."""
from flask import g, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.errors import Forbidden, Invalid, NotFound, stringify
from helpwidget.schemas.reports import ReportSchema, ReportsQuerySchema
from helpwidget.services import reports, reports_tables
from helpwidget.services.reports_scope import ReportScope
from helpwidget.services.timeutil import utcnow
from helpwidget.web.csv_files import csv_response, safe_filename

# The site key of every site at once: no site key can hold it (services/sites.KEY_RE).
EVERY_SITE = "*"
_report = ReportSchema()


def _scope(site_key):
    """Return the report's scope from the site (its team only; * the owner only) and query."""
    if site_key == EVERY_SITE:
        if not g.advisor.is_owner:
            raise Forbidden(_l("Only the server's owner can see every site's report."),
                            code="owner_required")
        site = None
    else:
        site = site_for_advisor(g.advisor, site_key)
    try:
        args = ReportsQuerySchema().load(request.args)
    except ValidationError as error:
        raise Invalid(_l("Some fields need your attention."),
                      fields=stringify(error.messages)) from None
    if site is None:
        return ReportScope.every_site(args["start"], args["end"], args["group"])
    return ReportScope.for_site(site, args["start"], args["end"], args["group"])


@bp.get("/advisor/sites/<site_key>/reports")
@operation("A site's support report for a range of its days (in the site's time zone): "
           "volume (per day or week, category, channel, label, weekday and hour), first "
           "response and resolution in business hours, SLA, satisfaction, advisors and chats "
           "(the site's team). The site key * asks for every site at once (the server's owner "
           "only, 403 for others): days and hours are then UTC, business hours each ticket's "
           "own site's, and an advisor of several sites is one row.",
           query=ReportsQuerySchema, response=ReportSchema)
def site_report(site_key):
    """Return the site's report for the range (default: the last 30 days)."""
    scope = _scope(site_key)
    return _report.dump(reports.report(scope, utcnow(), site_key))


@bp.get("/advisor/sites/<site_key>/reports/<table>.csv")
@operation("One table of a site's support report as a CSV file (series, categories, "
           "channels, labels, heatmap, times, sla, ratings, comments, advisors, chats); "
           "formula-safe cells (the site's team; * for every site, the server's owner only).",
           query=ReportsQuerySchema, response=shapes.CSV)
def site_report_csv(site_key, table):
    """Export one table of the range as CSV, named after the site, table and range."""
    scope = _scope(site_key)
    if table not in reports_tables.TABLES:
        raise NotFound(_l("There is nothing here."))
    found = reports.report(scope, utcnow(), site_key,
                           sections=(reports_tables.SECTION_OF[table],))
    columns, rows = reports_tables.table(found, table)
    named = "all-sites" if site_key == EVERY_SITE else site_key
    return csv_response(columns, rows, safe_filename("report", named, table, scope.start,
                                                     scope.end))

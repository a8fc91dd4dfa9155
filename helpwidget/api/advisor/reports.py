"""A site's support report for its team: volume, response times, satisfaction, advisors."""
from flask import g, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.errors import Invalid, NotFound, stringify
from helpwidget.schemas.reports import ReportSchema, ReportsQuerySchema
from helpwidget.services import reports, reports_tables
from helpwidget.services.reports_scope import ReportScope
from helpwidget.services.timeutil import utcnow
from helpwidget.web.csv_files import csv_response, safe_filename

_report = ReportSchema()


def _scope(site_key):
    """Return the site (its team only) and the report's scope from the query string."""
    site = site_for_advisor(g.advisor, site_key)
    try:
        args = ReportsQuerySchema().load(request.args)
    except ValidationError as error:
        raise Invalid(_l("Some fields need your attention."),
                      fields=stringify(error.messages)) from None
    return site, ReportScope.for_site(site, args["start"], args["end"], args["group"])


@bp.get("/advisor/sites/<site_key>/reports")
@operation("A site's support report for a range of its days (in the site's time zone): "
           "volume, first response and resolution in business hours, SLA, satisfaction, "
           "advisors and chats (the site's team).", query=ReportsQuerySchema,
           response=ReportSchema)
def site_report(site_key):
    """Return the site's report for the range (default: the last 30 days)."""
    _, scope = _scope(site_key)
    return _report.dump(reports.report(scope, utcnow()))


@bp.get("/advisor/sites/<site_key>/reports/<table>.csv")
@operation("One table of a site's support report as a CSV file (series, categories, "
           "channels, heatmap, times, sla, ratings, comments, advisors, chats); formula-safe "
           "cells (the site's team).", query=ReportsQuerySchema, response=shapes.CSV)
def site_report_csv(site_key, table):
    """Export one table of the range as CSV, named after the site, table and range."""
    site, scope = _scope(site_key)
    if table not in reports_tables.TABLES:
        raise NotFound(_l("There is nothing here."))
    columns, rows = reports_tables.table(reports.report(scope, utcnow()), table)
    return csv_response(columns, rows, safe_filename("report", site.key, table, scope.start,
                                                     scope.end))

"""A site's Insights for its team: what readers searched, found, opened and still asked."""
from flask import g, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.errors import Invalid, NotFound, stringify
from helpwidget.schemas.insights import (
    TABLE_SCHEMAS,
    InsightsQuerySchema,
    InsightsSchema,
    table_columns,
)
from helpwidget.services import insights_reports
from helpwidget.web.csv_files import csv_response, safe_filename

_report = InsightsSchema()


def _scope(site_key):
    """Return the site (its team only) and the report's scope from the query string."""
    site = site_for_advisor(g.advisor, site_key)
    try:
        args = InsightsQuerySchema().load(request.args)
    except ValidationError as error:
        raise Invalid(_l("Some fields need your attention."),
                      fields=stringify(error.messages)) from None
    return site, insights_reports.Scope(site.id, args["start"], args["end"], args.get("locale"))


@bp.get("/advisor/sites/<site_key>/insights")
@operation("A site's search insights for a range of UTC days: totals, a daily series and "
           "lists of at most 50 rows (the site's team).", query=InsightsQuerySchema,
           response=InsightsSchema)
def insights(site_key):
    """Return the site's Insights page for the range (default: the last 30 days)."""
    site, scope = _scope(site_key)
    return _report.dump(insights_reports.report(site, scope))


@bp.get("/advisor/sites/<site_key>/insights/<table>.csv")
@operation("One table of a site's insights as a CSV file: every day of the series, at most "
           "1,000 rows of a list; formula-safe cells (the site's team).",
           query=InsightsQuerySchema, response=shapes.CSV)
def insights_csv(site_key, table):
    """Export one table of the range as CSV, named after the site, table and range."""
    site, scope = _scope(site_key)
    if table not in TABLE_SCHEMAS:
        raise NotFound(_l("There is nothing here."))
    columns = table_columns(table)
    rows = [[row[c] for c in columns] for row in insights_reports.table(scope, table)]
    name = safe_filename("insights", site.key, table, scope.start, scope.end,
                         *([scope.locale] if scope.locale else []))
    return csv_response(columns, rows, name)

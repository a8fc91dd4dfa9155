"""A site's support report for its team: volume, response times, satisfaction, advisors."""
from flask import g, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from helpwidget.api.advisor import bp
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.errors import Invalid, stringify
from helpwidget.schemas.reports import ReportSchema, ReportsQuerySchema
from helpwidget.services import reports
from helpwidget.services.reports_scope import ReportScope
from helpwidget.services.timeutil import utcnow

_report = ReportSchema()


@bp.get("/advisor/sites/<site_key>/reports")
@operation("A site's support report for a range of its days (in the site's time zone): "
           "volume, first response and resolution in business hours, SLA, satisfaction, "
           "advisors and chats (the site's team).", query=ReportsQuerySchema,
           response=ReportSchema)
def site_report(site_key):
    """Return the site's report for the range (default: the last 30 days)."""
    site = site_for_advisor(g.advisor, site_key)
    try:
        args = ReportsQuerySchema().load(request.args)
    except ValidationError as error:
        raise Invalid(_l("Some fields need your attention."),
                      fields=stringify(error.messages)) from None
    scope = ReportScope.for_site(site, args["start"], args["end"], args["group"])
    return _report.dump(reports.report(scope, utcnow()))

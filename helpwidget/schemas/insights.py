"""The Insights report's filters in; the report and its tables out, as the console reads them."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, post_load, validates_schema

from helpwidget.models.base import utcnow
from helpwidget.schemas.base import BaseSchema, locale_field

# The longest range one report covers, and the one shown when none is asked for.
MAX_DAYS = 366
DEFAULT_DAYS = 30


class Day(fields.Date):
    """A calendar day as YYYY-MM-DD."""

    default_error_messages = {"required": _l("This field is required."),
                              "null": _l("This field may not be empty."),
                              "invalid": _l("Enter a date as YYYY-MM-DD.")}


class InsightsQuerySchema(BaseSchema):
    """GET /advisor/sites/<key>/insights (and its CSV tables) parameters; days are UTC."""

    start = Day(data_key="from", metadata={"description": "First day (default: 29 days before "
                                                          "`to`)."})
    end = Day(data_key="to", metadata={"description": "Last day, included (default: today)."})
    locale = locale_field(metadata={"description": "Only this language (default: all)."})

    @validates_schema
    def _range(self, data, **kwargs):
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise ValidationError(str(_l("The start date must be on or before the end date.")),
                                  "from")
        if start and end and (end - start).days + 1 > MAX_DAYS:
            raise ValidationError(str(_l("Choose a range of at most {days} days.").format(
                days=MAX_DAYS)), "from")

    @post_load
    def _defaults(self, data, **kwargs):
        end = data.get("end") or (data["start"] + timedelta(days=DEFAULT_DAYS - 1)
                                  if data.get("start") else utcnow().date())
        data["end"] = end
        data.setdefault("start", end - timedelta(days=DEFAULT_DAYS - 1))
        return data


class RangeSchema(Schema):
    """The range a report covers."""

    start = fields.String(attribute="from", data_key="from")
    end = fields.String(attribute="to", data_key="to")
    locale = fields.String(allow_none=True)


class TotalsSchema(Schema):
    """The range's counts; rates are 0..1, null when there is nothing to divide."""

    searches = fields.Integer()
    suggestion_views = fields.Integer()
    no_results = fields.Integer()
    no_clicks = fields.Integer()
    clicks = fields.Integer()
    click_through_rate = fields.Float(allow_none=True)
    deflection_rate = fields.Float(allow_none=True)
    contact_rate = fields.Float(allow_none=True)
    solved = fields.Integer()
    article_views = fields.Integer()
    helpful = fields.Integer()
    not_helpful = fields.Integer()


class DaySchema(Schema):
    """One day of the series."""

    day = fields.String()
    searches = fields.Integer()
    no_results = fields.Integer()
    clicks = fields.Integer()
    contacted = fields.Integer()


class TopSearchSchema(Schema):
    """A frequent query."""

    query = fields.String()
    count = fields.Integer()
    results = fields.Integer()
    clicks = fields.Integer()
    click_through_rate = fields.Float(allow_none=True)


class NoResultSchema(Schema):
    """A query that found nothing."""

    query = fields.String()
    count = fields.Integer()
    last_seen = fields.String()


class NoClickSchema(Schema):
    """A query whose results nobody opened."""

    query = fields.String()
    count = fields.Integer()
    results = fields.Integer()


class ArticleReadSchema(Schema):
    """An article with its views (a reader once a day) and ratings in the range."""

    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    locale = fields.String()
    views = fields.Integer()
    helpful = fields.Integer()
    not_helpful = fields.Integer()


class FeedbackSchema(Schema):
    """A "was this helpful?" answer with its comment."""

    article_id = fields.Integer()
    title = fields.String()
    helpful = fields.Boolean()
    comment = fields.String()
    created_at = fields.String()


class GapSchema(Schema):
    """A frequent query with no or poor results."""

    query = fields.String()
    count = fields.Integer()
    results = fields.Integer()
    clicks = fields.Integer()
    reason = fields.String(metadata={"enum": ["no_results", "no_clicks", "low_ctr"]})


class InsightsSchema(Schema):
    """GET /advisor/sites/<key>/insights answer: at most 50 rows a list, every day a series."""

    range = fields.Nested(RangeSchema)
    enabled = fields.Boolean()
    retention_days = fields.Integer()
    totals = fields.Nested(TotalsSchema)
    series = fields.List(fields.Nested(DaySchema))
    top_searches = fields.List(fields.Nested(TopSearchSchema))
    no_results = fields.List(fields.Nested(NoResultSchema))
    no_clicks = fields.List(fields.Nested(NoClickSchema))
    articles = fields.List(fields.Nested(ArticleReadSchema))
    feedback = fields.List(fields.Nested(FeedbackSchema))
    gaps = fields.List(fields.Nested(GapSchema))


# Each table of the page as its rows are dumped, for the CSV exports' columns.
TABLE_SCHEMAS = {"series": DaySchema, "top_searches": TopSearchSchema,
                 "no_results": NoResultSchema, "no_clicks": NoClickSchema,
                 "articles": ArticleReadSchema, "feedback": FeedbackSchema, "gaps": GapSchema}


def table_columns(name):
    """Return the column names of a table, in the order the API answers them."""
    return [field.data_key or key for key, field in TABLE_SCHEMAS[name]().fields.items()]

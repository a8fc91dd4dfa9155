"""The support report's filters in; the report out, as the console reads it."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from helpwidget.models.base import iso
from helpwidget.schemas.insights import InsightsQuerySchema

GROUPS = ("day", "week")


class ReportsQuerySchema(InsightsQuerySchema):
    """GET /advisor/sites/<key>/reports parameters; days are the site's own (its time zone)."""

    class Meta:
        exclude = ("locale",)

    group = fields.String(load_default="day", validate=validate.OneOf(
        GROUPS, error=_l("Choose day or week.")), metadata={"description": "day or week"})


class _Spread(Schema):
    """How long something took: count, median and 90th percentile in seconds."""

    count = fields.Integer()
    median_seconds = fields.Integer(allow_none=True)
    p90_seconds = fields.Integer(allow_none=True)


class _Counted(Schema):
    """Tickets of one category or channel."""

    key = fields.String()
    tickets = fields.Integer()


class _Labelled(Schema):
    """Tickets and chats opened under one label (a conversation counts under each of its)."""

    key = fields.String(metadata={"description": "the label's name (merged across sites)"})
    tickets = fields.Integer()
    chats = fields.Integer()


class _Opened(Schema):
    """Tickets and chats opened."""

    tickets = fields.Integer()
    chats = fields.Integer()


class _Period(Schema):
    """Tickets and chats opened in one day or week (its first day)."""

    period = fields.String()
    tickets = fields.Integer()
    chats = fields.Integer()


class _Volume(Schema):
    """What was opened, when and where."""

    totals = fields.Dict(keys=fields.String(), values=fields.Integer())
    series = fields.List(fields.Nested(_Period))
    by_category = fields.List(fields.Nested(_Counted))
    by_channel = fields.List(fields.Nested(_Counted))
    by_label = fields.List(fields.Nested(_Labelled))
    no_label = fields.Nested(_Opened, metadata={"description": "opened with no label"})
    heatmap = fields.List(fields.List(fields.Integer()), metadata={
        "description": "7 rows (Monday first) of 24 hours, in the report's time zone"})


class _Sla(Schema):
    """First-response promises of one priority decided in the range (answered or overdue)."""

    priority = fields.String()
    label = fields.String()
    tickets = fields.Integer()
    met = fields.Integer()
    rate = fields.Float(allow_none=True)


class _Response(Schema):
    """First response and resolution in business hours, and SLA attainment."""

    first_response = fields.Nested(_Spread)
    resolution = fields.Nested(_Spread)
    sla = fields.List(fields.Nested(_Sla))


class _Ratings(Schema):
    """Ratings of one kind: count, average, and how many of each value (1..5)."""

    count = fields.Integer()
    average = fields.Float(allow_none=True)
    distribution = fields.Dict(keys=fields.String(), values=fields.Integer())


class _Comment(Schema):
    """A rating that came with words."""

    kind = fields.String()
    ref = fields.String()
    site = fields.String(metadata={"description": "the key of the conversation's site"})
    rating = fields.Integer()
    comment = fields.String()
    at = fields.Function(lambda row: iso(row["at"]) if row["at"] else None)


class _Satisfaction(Schema):
    """Ratings of tickets and chats, and the newest comments."""

    tickets = fields.Nested(_Ratings)
    chats = fields.Nested(_Ratings)
    comments = fields.List(fields.Nested(_Comment))


class _Advisor(Schema):
    """One advisor's share of the range."""

    id = fields.Integer()
    name = fields.String()
    tickets = fields.Integer()
    chats = fields.Integer()
    first_response_median_seconds = fields.Integer(allow_none=True)
    resolution_median_seconds = fields.Integer(allow_none=True)
    rating_average = fields.Float(allow_none=True)
    ratings = fields.Integer()


class _Chats(Schema):
    """The range's chats."""

    total = fields.Integer()
    answered = fields.Integer()
    missed = fields.Integer(metadata={"description": "never answered; became tickets"})
    transfers = fields.Integer()
    wait_median_seconds = fields.Integer(allow_none=True)
    wait_p90_seconds = fields.Integer(allow_none=True)


class ReportSchema(Schema):
    """A site's support report for a range of its days, or every site's (days in UTC)."""

    site = fields.String(metadata={"description": "the site's key, or * for every site"})
    start = fields.String(data_key="from")
    end = fields.String(data_key="to")
    group = fields.String()
    time_zone = fields.String()
    volume = fields.Nested(_Volume)
    response = fields.Nested(_Response)
    satisfaction = fields.Nested(_Satisfaction)
    advisors = fields.List(fields.Nested(_Advisor))
    chats = fields.Nested(_Chats)

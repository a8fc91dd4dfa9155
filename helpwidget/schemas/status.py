"""System status: the public query, and what site admins send to change status and maintenance."""
from flask_babel import lazy_gettext as _l
from marshmallow import fields

from helpwidget.models.status import STATUSES
from helpwidget.schemas.base import BaseSchema, Int, Str, locale_field, max_length, one_of
from helpwidget.services.business_hours import DAYS

_MOMENT = {"required": _l("This field is required."), "null": _l("This field may not be empty."),
           "invalid": _l("Enter a date and time (ISO 8601, e.g. 2026-12-04T22:00:00-05:00)."),
           "invalid_awareness": _l("Add the time zone offset (e.g. -05:00 or Z).")}
_TEXT = {"required": _l("This field is required."), "null": _l("This field may not be empty.")}


class Moment(fields.AwareDateTime):
    """A date and time with its offset."""

    default_error_messages = _MOMENT


class StatusQuerySchema(BaseSchema):
    """GET /status parameters."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()


class StatusInputSchema(BaseSchema):
    """PUT body of a site's status: the message is text in `locale` or {locale: text}."""

    status = Str(required=True, validate=one_of(STATUSES))
    message = fields.Raw(load_default=None, error_messages=_TEXT,
                         metadata={"description": "Text, or an object of texts per locale."})
    locale = locale_field()


class MaintenanceInputSchema(BaseSchema):
    """POST body of a maintenance window: starts_at and ends_at, or weekday, at and minutes."""

    title = fields.Raw(required=True, error_messages=_TEXT,
                       metadata={"description": "Text, or an object of texts per locale."})
    description = fields.Raw(load_default=None, error_messages=_TEXT)
    locale = locale_field()
    starts_at = Moment()
    ends_at = Moment()
    weekday = Str(validate=one_of(DAYS))
    at = Str(validate=max_length(5), metadata={"description": "Local start, HH:MM."})
    minutes = Int()
    timezone = Str(load_default="UTC", validate=max_length(64))

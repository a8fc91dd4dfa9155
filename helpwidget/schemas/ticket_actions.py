"""Actions on tickets beyond one field: merging one into another, one change to many."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from helpwidget.models.label import LABEL_NAME_MAX
from helpwidget.models.ticket import PRIORITIES, STATUSES
from helpwidget.schemas.base import BaseSchema, Int, List, Str, in_range, one_of, required_text
from helpwidget.schemas.inbox import InboxTicketSchema

MAX_BULK = 100
_ROW_ID = in_range(1, 2 ** 31 - 1)


class MergeInputSchema(BaseSchema):
    """POST /advisor/tickets/<id>/merge body: the id of the ticket to merge it into."""

    into = Int(required=True, strict=True, validate=_ROW_ID)


class MergeCandidatesSchema(Schema):
    """The requests one may be merged into: dumps {"tickets": ticket_display.for_advisor rows}."""

    tickets = fields.List(fields.Nested(InboxTicketSchema))


class BulkInputSchema(BaseSchema):
    """POST /advisor/tickets/bulk body: ticket ids and exactly one change to make to each."""

    ids = List(Int(strict=True, validate=_ROW_ID), required=True, validate=validate.Length(
        min=1, max=MAX_BULK, error=_l("Choose from {min} to {max} requests.")))
    status = Str(validate=one_of(STATUSES))
    priority = Str(validate=one_of(PRIORITIES))
    assignee_id = Int(allow_none=True, strict=True, validate=_ROW_ID)
    label = Str(validate=required_text(LABEL_NAME_MAX))

    @validates_schema
    def _one_change(self, data, **kwargs):
        sent = [name for name in ("status", "priority", "assignee_id", "label") if name in data]
        if not sent:
            raise ValidationError(str(_l("Send a status, a priority, an assignee or a label.")))
        if len(sent) > 1:
            message = str(_l("Send one change at a time."))
            raise ValidationError({name: [message] for name in sent})


class BulkRefusalSchema(Schema):
    """A ticket that refused the change, and why."""

    id = fields.Integer()
    number = fields.Integer()
    message = fields.String()


class BulkResultSchema(Schema):
    """What a bulk change did: the ids changed, and each refusal."""

    changed = fields.List(fields.Integer())
    refused = fields.List(fields.Nested(BulkRefusalSchema))

"""The advisors' inbox: its filters, replies and changes in; ticket lines and threads out."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from helpwidget.models.base import iso
from helpwidget.models.label import LABEL_NAME_MAX
from helpwidget.models.ticket import INBOX_SORTS, PRIORITIES, STATUSES
from helpwidget.schemas.attachment import AttachmentSchema
from helpwidget.schemas.base import (
    BaseSchema,
    Bool,
    Int,
    List,
    Str,
    Text,
    in_range,
    locale_field,
    max_length,
    one_of,
    required_text,
)
from helpwidget.schemas.diagnostics import DiagnosticsSchema
from helpwidget.schemas.ticket import CommentSchema


class CommaList(Str):
    """Comma-separated values of a query string, each optionally one of `choices`."""

    def __init__(self, choices=None, item_length=64, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.item_length = item_length

    def _deserialize(self, value, attr, data, **kwargs):
        items = [v.strip() for v in super()._deserialize(value, attr, data, **kwargs).split(",")]
        items = list(dict.fromkeys(v for v in items if v))
        for item in items:
            max_length(self.item_length)(item)
            if self.choices is not None:
                one_of(self.choices)(item)
        return items


class Assignee(Str):
    """Whose tickets: "me", "none" (unassigned) or an advisor id."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).lower()
        if text in ("me", "none"):
            return text
        if text.isdecimal() and len(text) <= 9:
            return int(text)
        raise ValidationError(_l("Use me, none or the id of an advisor."))


class InboxQuerySchema(BaseSchema):
    """GET /advisor/tickets parameters."""

    site = Str(validate=max_length(64))
    status = CommaList(choices=STATUSES)
    priority = CommaList(choices=PRIORITIES)
    category = CommaList()
    assignee = Assignee()
    breached = Bool()
    escalated = Bool()
    label = Str(validate=max_length(LABEL_NAME_MAX))
    q = Str(load_default="", validate=max_length(200))
    sort = Str(load_default="due", validate=one_of(list(INBOX_SORTS)))
    page = Int(load_default=1, validate=in_range(1, 10000))
    per_page = Int(load_default=25, validate=in_range(1, 100))
    locale = locale_field()


class AdvisorCommentInputSchema(BaseSchema):
    """POST /advisor/tickets/<id>/comments body: a reply, or an internal note."""

    body = Text(required=True, validate=required_text(20000))
    internal = Bool(load_default=False)
    status = Str(validate=one_of(STATUSES))
    attachments = List(Str(validate=max_length(32)), load_default=list, validate=validate.Length(
        max=50, error=_l("Attach at most {max} files.")))


class TicketChangeSchema(BaseSchema):
    """PATCH /advisor/tickets/<id> body: any of status, assignee (null: nobody) and priority."""

    status = Str(validate=one_of(STATUSES))
    assignee_id = Int(allow_none=True, strict=True, validate=in_range(1, 2 ** 31 - 1))
    priority = Str(validate=one_of(PRIORITIES))

    @validates_schema
    def _something(self, data, **kwargs):
        if not data:
            raise ValidationError(_l("Send a status, an assignee or a priority to change."))


def _advisor_ref(advisor):
    """Return {id, name} of an advisor, or None."""
    return {"id": advisor.id, "name": advisor.name} if advisor is not None else None


class InboxTicketSchema(Schema):
    """A line of the inbox: dumps a services.ticket_display.for_advisor."""

    id = fields.Integer()
    number = fields.Integer()
    site = fields.Function(lambda t: t.site_key)
    subject = fields.String()
    category = fields.String()
    subcategory = fields.String()
    priority = fields.String()
    status = fields.String()
    requester_name = fields.String()
    requester_email = fields.String()
    assignee = fields.Function(lambda t: _advisor_ref(t.assignee))
    due_at = fields.Function(lambda t: iso(t.due_at))
    breached = fields.Function(lambda t: t.breached)
    # Once answered, the list says so instead of a deadline that no longer applies.
    first_response_at = fields.Function(lambda t: iso(t.first_response_at))
    escalated = fields.Function(lambda t: t.escalated_at is not None)
    labels = fields.List(fields.String(), attribute="label_names")
    created_at = fields.Function(lambda t: iso(t.created_at))
    updated_at = fields.Function(lambda t: iso(t.updated_at))


class ThreadCommentSchema(CommentSchema):
    """A comment as advisors see it: internal notes included and flagged."""

    author_advisor_id = fields.Integer(allow_none=True)


class RequesterSchema(Schema):
    """Who asked, and their account in the host product when the host app identified them."""

    name = fields.String(attribute="requester_name")
    email = fields.String(attribute="requester_email")
    account_id = fields.String()
    user = fields.Method("_user")

    def _user(self, ticket):
        user = ticket.requester_user
        if user is None:
            return None
        return {"external_id": user.external_id, "name": user.name, "email": user.email,
                "account_id": user.account_id, "account_name": user.account_name,
                "account_type": user.account_type, "support_user": user.support_user}


class InboxTicketDetailSchema(InboxTicketSchema):
    """A whole ticket for the advisor: request, requester, thread with notes, files, rating.

    Dumps a services.ticket_display.for_advisor(ticket, detail=True).
    """

    platform = fields.String()
    # Where the request was opened: widget, help center, email, chat...
    channel = fields.String()
    # The platform as the advisor's language names it (the site may label it per language).
    platform_label = fields.Function(lambda t: t.platform_label)
    description = fields.String()
    shared = fields.Boolean()
    cc = fields.List(fields.String())
    locale = fields.String()
    page_route = fields.String()
    requester = fields.Function(lambda t: RequesterSchema().dump(t))
    # Whom the customer view opens: the identified user, else the widget session.
    customer = fields.Function(lambda t: {"user_id": t.requester_user_id,
                                          "visitor_id": t.requester_visitor_id})
    escalated_at = fields.Function(lambda t: iso(t.escalated_at))
    first_response_at = fields.Function(lambda t: iso(t.first_response_at))
    resolved_at = fields.Function(lambda t: iso(t.resolved_at))
    closed_at = fields.Function(lambda t: iso(t.closed_at))
    rating = fields.Integer(allow_none=True)
    rating_comment = fields.String()
    rated_at = fields.Function(lambda t: iso(t.rated_at))
    attachments = fields.Function(lambda t: AttachmentSchema(many=True).dump(t.request_files))
    comments = fields.List(fields.Nested(ThreadCommentSchema), attribute="thread")
    # What the requester chose to attach (browser, routes, errors...), or null.
    diagnostics = fields.Nested(DiagnosticsSchema, allow_none=True)

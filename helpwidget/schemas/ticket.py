"""What crosses the edge for tickets: the request form, comments, ratings and "my requests"."""
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from helpwidget.models.base import iso
from helpwidget.models.inbound_mail import came_by_email
from helpwidget.models.ticket import STATUSES
from helpwidget.schemas.attachment import AttachmentSchema
from helpwidget.schemas.base import (
    BaseSchema,
    Bool,
    Email,
    Int,
    List,
    Str,
    Text,
    client_id_field,
    in_range,
    locale_field,
    max_length,
    one_of,
    required_text,
)
from helpwidget.schemas.diagnostics import DiagnosticsField

MAX_CC = 10


def _attachment_ids():
    """Return the optional list of upload ids a message claims."""
    return List(Str(validate=max_length(32)), load_default=list, validate=validate.Length(
        max=50, error=_l("Attach at most {max} files.")))


class TicketInputSchema(BaseSchema):
    """A new request from the widget's form."""

    site = Str(required=True, validate=max_length(64))
    subject = Str(required=True, validate=required_text(140))
    category = Str(required=True, validate=max_length(64))
    subcategory = Str(load_default="", validate=max_length(64))
    platform = Str(load_default="", validate=max_length(64))
    description = Text(required=True, validate=required_text(20000))
    priority = Str(validate=one_of(["low", "normal", "high"]))
    cc = List(Email(validate=max_length(320)), load_default=list, validate=validate.Length(
        max=MAX_CC, error=_l("Add at most {max} CC addresses.")))
    shared = Bool(load_default=False)
    attachments = _attachment_ids()
    # Anonymous visitors say who they are; identified users come with name and email.
    name = Str(load_default="", validate=max_length(200))
    email = Email(load_default="", validate=max_length(320))
    page_route = Str(load_default="", validate=max_length(500))
    # The widget's id of this submission: sending it again returns the stored request.
    client_id = client_id_field(max_length(64), load_default="")
    # Only when the user ticked "Attach diagnostics"; advisors alone read it back.
    diagnostics = DiagnosticsField()
    locale = locale_field()


class CommentInputSchema(BaseSchema):
    """A reply in a ticket's thread."""

    site = Str(required=True, validate=max_length(64))
    body = Text(required=True, validate=required_text(20000))
    attachments = _attachment_ids()
    client_id = client_id_field(max_length(64), load_default="")
    locale = locale_field()


class RatingInputSchema(BaseSchema):
    """A rating of a finished request."""

    site = Str(required=True, validate=max_length(64))
    score = Int(required=True, strict=True, validate=in_range(1, 5))
    comment = Text(load_default="", validate=max_length(2000))
    locale = locale_field()


class TicketSiteSchema(BaseSchema):
    """The site a ticket action is about, for bodiless actions."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()


class TicketListQuerySchema(BaseSchema):
    """Query of "my requests": open or closed, a page at a time."""

    site = Str(required=True, validate=max_length(64))
    state = Str(load_default="open", validate=one_of(["open", "closed"]))
    page = Int(load_default=1, validate=in_range(1, 10000))
    per_page = Int(load_default=20, validate=in_range(1, 100))
    locale = locale_field()


class CommentSchema(BaseSchema):
    """One comment of a thread, as the requester sees it."""

    id = fields.Integer()
    author_kind = fields.String()
    author_name = fields.String()
    body = fields.String()
    internal = fields.Boolean()
    escalation = fields.Boolean()
    by_email = fields.Function(lambda c: came_by_email(c.client_id))
    created_at = fields.Function(lambda c: iso(c.created_at))
    attachments = fields.List(fields.Nested(AttachmentSchema))


class TicketSummarySchema(BaseSchema):
    """A line of "my requests": dumps a services.ticket_display.for_requester."""

    number = fields.Integer()
    reference = fields.Function(lambda t: f"#{t.number}")
    subject = fields.String()
    category = fields.String()
    subcategory = fields.String()
    category_title = fields.Function(lambda t: t.category_title)
    status = fields.String(validate=validate.OneOf(STATUSES))
    status_label = fields.Function(lambda t: t.status_label)
    priority = fields.String()
    priority_label = fields.Function(lambda t: t.priority_label)
    shared = fields.Boolean()
    escalated = fields.Function(lambda t: t.escalated_at is not None)
    created_by = fields.String(attribute="requester_name")
    created_at = fields.Function(lambda t: iso(t.created_at))
    updated_at = fields.Function(lambda t: iso(t.updated_at))
    expected_response_by = fields.Function(lambda t: iso(t.due_at))
    # The promise in words, counted in the site's business hours and labelled with its zone.
    expected_response_hours = fields.Function(lambda t: t.expected_response_hours)
    expected_response_when = fields.Function(lambda t: t.expected_response_when)
    expected_response_text = fields.Function(lambda t: t.expected_response_text)


class TicketDetailSchema(TicketSummarySchema):
    """A request with its public thread, as its requester (or their account) sees it.

    Dumps a services.ticket_display.for_requester(ticket, detail=True).
    """

    description = fields.String()
    platform = fields.String()
    platform_label = fields.Function(lambda t: t.platform_label)
    cc = fields.List(fields.String())
    page_route = fields.String()
    attachments = fields.Method("_ticket_files")
    comments = fields.Method("_thread")
    rating = fields.Integer(allow_none=True)
    rating_comment = fields.String()
    can_comment = fields.Function(lambda t: t.status != "closed")
    can_rate = fields.Function(lambda t: t.status in ("resolved", "closed") and t.rating is None)
    can_close = fields.Function(lambda t: t.status != "closed")
    # Whether diagnostics came with the request; what they hold is for advisors only.
    diagnostics_attached = fields.Function(lambda t: bool(t.diagnostics))

    def _ticket_files(self, ticket):
        """Return the files attached to the request itself (not to a comment)."""
        return AttachmentSchema(many=True).dump(ticket.request_files)

    def _thread(self, ticket):
        """Return the comments without internal notes."""
        return CommentSchema(many=True).dump(ticket.public_comments)

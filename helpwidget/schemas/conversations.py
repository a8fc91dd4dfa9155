"""Conversations and the customer view: their filters in; list lines, transcripts, people out."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validates_schema

from helpwidget.models.base import iso
from helpwidget.schemas.base import (
    BaseSchema,
    Int,
    Str,
    in_range,
    locale_field,
    max_length,
    one_of,
    required_text,
)
from helpwidget.schemas.chat import AdvisorChatSchema, MessageSchema
from helpwidget.schemas.inbox import Assignee, CommaList

KINDS = ("ticket", "chat")
STATUSES = ("open", "pending", "awaiting_reply", "resolved", "closed", "queued", "active")


class Day(fields.Date):
    """A day, written YYYY-MM-DD."""

    default_error_messages = {"required": _l("This field is required."),
                              "invalid": _l("Enter a date as YYYY-MM-DD."),
                              "format": _l("Enter a date as YYYY-MM-DD.")}


class ConversationQuerySchema(BaseSchema):
    """GET /advisor/conversations parameters."""

    site = Str(validate=max_length(64))
    kind = Str(validate=one_of(list(KINDS)))
    q = Str(load_default="", validate=max_length(200))
    requester = Str(load_default="", validate=max_length(320))
    account = Str(load_default="", validate=max_length(200))
    status = CommaList(choices=STATUSES)
    category = CommaList()
    advisor = Assignee()
    label = Str(load_default="", validate=max_length(40))
    since = Day()
    until = Day()
    page = Int(load_default=1, validate=in_range(1, 10000))
    per_page = Int(load_default=25, validate=in_range(1, 100))
    locale = locale_field()

    @validates_schema
    def _in_order(self, data, **kwargs):
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise ValidationError(_l("The end date comes before the start date."), "until")


class AccountQuerySchema(BaseSchema):
    """GET /advisor/customers/account parameters."""

    site = Str(required=True, validate=max_length(64))
    account = Str(required=True, validate=required_text(200))
    locale = locale_field()


def _advisor_ref(advisor):
    return {"id": advisor.id, "name": advisor.name} if advisor is not None else None


def _labels(item):
    return [{"id": label.id, "name": label.name} for label in item.labels]


def _requester(row):
    item = row.item
    if row.kind == "ticket":
        user = item.requester_user
        return {"name": item.requester_name or (user.name if user else ""),
                "email": item.requester_email or (user.email if user else ""),
                "user_id": item.requester_user_id, "visitor_id": item.requester_visitor_id}
    user = item.user
    return {"name": item.shown_name, "email": user.email if user and user.email
            else item.visitor_email, "user_id": item.user_id, "visitor_id": item.visitor_id}


class ConversationRowSchema(Schema):
    """A line of Conversations or of a customer view: dumps a services.conversations.Row."""

    kind = fields.String()
    id = fields.Function(lambda r: r.item.id)
    site = fields.Function(lambda r: r.item.site.key)
    number = fields.Function(lambda r: r.item.number if r.kind == "ticket" else None)
    title = fields.Function(lambda r: r.item.subject if r.kind == "ticket" else r.preview)
    category = fields.Function(lambda r: r.item.category if r.kind == "ticket" else r.item.topic)
    status = fields.Function(lambda r: r.item.status)
    requester = fields.Function(_requester)
    advisor = fields.Function(lambda r: _advisor_ref(
        r.item.assignee if r.kind == "ticket" else r.item.advisor))
    labels = fields.Function(lambda r: _labels(r.item))
    rating = fields.Function(lambda r: r.item.rating)
    rating_comment = fields.Function(lambda r: r.item.rating_comment or "")
    created_at = fields.Function(lambda r: iso(r.item.created_at))
    closed_at = fields.Function(lambda r: iso(r.item.closed_at))


class TranscriptSchema(Schema):
    """A chat read later: dumps services.chat_history.transcript."""

    chat = fields.Function(lambda t: AdvisorChatSchema().dump(t["chat"]))
    messages = fields.Function(lambda t: MessageSchema(many=True).dump(t["messages"]))
    answered_by = fields.Function(lambda t: [_advisor_ref(a) for a in t["answered_by"]])
    ticket = fields.Function(lambda t: {
        "id": t["chat"].ticket.id, "number": t["chat"].ticket.number,
        "subject": t["chat"].ticket.subject, "status": t["chat"].ticket.status}
        if t["chat"].ticket else None)
    labels = fields.Function(lambda t: _labels(t["chat"]))


def _user(user):
    if user is None:
        return None
    return {"id": user.id, "external_id": user.external_id, "name": user.name,
            "email": user.email, "account_id": user.account_id,
            "account_name": user.account_name, "account_type": user.account_type,
            "support_user": user.support_user}


def _rows(name):
    return fields.Function(lambda v: ConversationRowSchema(many=True).dump(v[name]))


class CustomerSchema(Schema):
    """What an advisor sees of a customer: dumps services.customers.user_view/visitor_view."""

    kind = fields.Function(lambda v: v["kind"])
    site = fields.Function(lambda v: v["site"])
    user = fields.Function(lambda v: _user(v["user"]))
    visitor = fields.Function(lambda v: {
        "id": v["visitor"].id, "channel": v["visitor"].channel,
        "created_at": iso(v["visitor"].created_at)} if v["visitor"] else None)
    account_id = fields.Function(lambda v: v["account_id"])
    account_name = fields.Function(lambda v: v["account_name"])
    account_type = fields.Function(lambda v: v["account_type"])
    last_seen = fields.Function(lambda v: iso(v["last_seen"]))
    tickets = _rows("tickets")
    chats = _rows("chats")
    ratings = _rows("ratings")
    pages = fields.Function(lambda v: [{"route": p["route"], "seen_at": iso(p["seen_at"])}
                                       for p in v["pages"]])


class AccountSchema(Schema):
    """An account's people and shared tickets: dumps services.customers.account_view."""

    site = fields.Function(lambda v: v["site"])
    account_id = fields.Function(lambda v: v["account_id"])
    account_name = fields.Function(lambda v: v["account_name"])
    account_type = fields.Function(lambda v: v["account_type"])
    users = fields.Function(lambda v: [_user(u) for u in v["users"]])
    tickets = _rows("tickets")

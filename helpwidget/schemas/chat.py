"""What crosses the edge for live chats: the events' payloads and the chat and message views."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from helpwidget.models.base import iso
from helpwidget.models.inbound_mail import came_by_email
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
    max_length,
    one_of,
)

_CLIENT_ID = validate.Length(min=1, max=64, error=_l("Send a message id of 1 to 64 characters."))


def _body_length(body):
    """Refuse a message longer than CHAT_MESSAGE_MAX characters."""
    limit = current_app.config["CHAT_MESSAGE_MAX"]
    validate.Length(max=limit, error=_l("Write at most {max} characters."))(body)


def _attachment_ids():
    """Return the optional list of upload ids a message carries."""
    return List(Str(validate=max_length(32)), load_default=list, validate=validate.Length(
        max=10, error=_l("Attach at most {max} files.")))


class ChatRefSchema(BaseSchema):
    """An event about one chat."""

    # Bounded like every id: a larger number names no chat, and SQLite could not even bind it.
    chat_id = Int(required=True, strict=True, validate=in_range(0, 2**31 - 1))


class StartSchema(BaseSchema):
    """A visitor asks for a chat, optionally with a topic and a first message."""

    topic = Str(load_default="", validate=max_length(64))
    page_route = Str(load_default="", validate=max_length(500))
    name = Str(load_default="", validate=max_length(200))
    email = Email(load_default="", validate=max_length(320))
    client_id = client_id_field(max_length(64), load_default="")
    body = Text(load_default="", validate=_body_length)
    attachments = _attachment_ids()
    locale = Str(load_default="", validate=max_length(8))


class SendSchema(ChatRefSchema):
    """A message: the client's own id makes a retried send harmless."""

    client_id = client_id_field(_CLIENT_ID, required=True)
    body = Text(load_default="", validate=_body_length)
    attachments = _attachment_ids()


class SyncSchema(ChatRefSchema):
    """A request for the messages after the last one a client saw."""

    after_seq = Int(load_default=0, strict=True, validate=in_range(0, 2**31 - 1))


class CurrentSchema(BaseSchema):
    """The visitor's open chat, with messages after the last one seen."""

    after_seq = Int(load_default=0, strict=True, validate=in_range(0, 2**31 - 1))


class TypingSchema(ChatRefSchema):
    """Someone started or stopped typing."""

    typing = Bool(load_default=True)


class ReadSchema(ChatRefSchema):
    """Someone has read up to a message."""

    seq = Int(required=True, strict=True, validate=in_range(0, 2**31 - 1))


class RateSchema(ChatRefSchema):
    """The visitor's rating of a closed chat."""

    rating = Int(required=True, strict=True, validate=in_range(1, 5))
    comment = Text(load_default="", validate=max_length(2000))


class TranscriptSchema(ChatRefSchema):
    """Where to email the transcript; identified users may leave it out."""

    email = Email(load_default="", validate=max_length(320))


class TransferSchema(ChatRefSchema):
    """Hand a chat to another advisor of the team."""

    advisor_id = Int(required=True, strict=True, validate=in_range(0, 2**31 - 1))


class PresenceSchema(BaseSchema):
    """An advisor's choice to take chats or not."""

    status = Str(required=True, validate=one_of(["online", "away"]))


def _author(message):
    """Return who wrote a message, as the other side sees it."""
    if message.author_kind == "advisor":
        return {"kind": "advisor", "name": message.advisor.name if message.advisor else ""}
    if message.author_kind == "system":
        return {"kind": "system", "name": ""}
    return {"kind": "visitor", "name": ""}


class MessageSchema(Schema):
    """A chat message as both sides see it."""

    id = fields.Integer()
    chat_id = fields.Integer()
    seq = fields.Integer()
    client_id = fields.String()
    author = fields.Function(_author)
    by_email = fields.Function(lambda m: came_by_email(m.client_id))
    body = fields.String()
    attachments = fields.List(fields.Nested(AttachmentSchema))
    created_at = fields.Function(lambda m: iso(m.created_at))


class ChatSchema(Schema):
    """A chat as the visitor sees it."""

    id = fields.Integer()
    site = fields.Function(lambda c: c.site.key)
    status = fields.String()
    topic = fields.String()
    page_route = fields.String()
    created_at = fields.Function(lambda c: iso(c.created_at))
    claimed_at = fields.Function(lambda c: iso(c.claimed_at))
    closed_at = fields.Function(lambda c: iso(c.closed_at))
    closed_reason = fields.String(allow_none=True)  # null while the chat is open
    advisor = fields.Function(lambda c: {"id": c.advisor.id, "name": c.advisor.name}
                              if c.advisor else None)
    visitor = fields.Function(lambda c: {"name": c.shown_name})
    last_seq = fields.Integer()
    visitor_read_seq = fields.Integer()
    advisor_read_seq = fields.Integer()
    rating = fields.Integer(allow_none=True)
    rating_comment = fields.String()
    ticket_number = fields.Function(lambda c: c.ticket.number if c.ticket else None)


def _visitor_for_advisor(chat):
    """Return who the visitor is, as far as the host app told us."""
    user = chat.user
    return {"id": chat.visitor_id, "name": chat.shown_name,
            "email": user.email if user and user.email else chat.visitor_email,
            "account_name": user.account_name if user else "",
            "account_type": user.account_type if user else "",
            "identified": user is not None, "user_id": chat.user_id}


class AdvisorChatSchema(ChatSchema):
    """A chat as advisors see it: who the visitor is, and how long they waited."""

    visitor = fields.Function(_visitor_for_advisor)
    locale = fields.String()
    last_message_at = fields.Function(lambda c: iso(c.last_message_at))
    # The team's own words for the chat; the visitor's ChatSchema never carries them.
    labels = fields.Function(lambda c: [label.name for label in c.labels])
    # Tells a chat handed over by a colleague from one given by automatic assignment.
    transfer_count = fields.Function(lambda c: c.transfer_count or 0)


class AvailabilityQuerySchema(BaseSchema):
    """GET /chat/availability query string."""

    site = Str(required=True, validate=max_length(64))
    locale = Str(load_default="", validate=max_length(8))


class SiteFormSchema(BaseSchema):
    """POST /advisor/uploads form fields besides the file itself."""

    site = Str(required=True, validate=max_length(64))
    locale = Str(load_default="", validate=max_length(8))

"""Received email for advisors: the listing's filters in; held emails out."""
from marshmallow import Schema, fields

from helpwidget.models.base import iso
from helpwidget.schemas.base import BaseSchema, Int, Str, in_range, locale_field, max_length, one_of

VIEWS = ("held", "dropped", "failed", "posted", "received", "all")


class InboundMailQuerySchema(BaseSchema):
    """GET /advisor/inbound-mail parameters."""

    # Left out, the list is of mail that matched no site: the server's owner only.
    site = Str(validate=max_length(64), metadata={
        "description": "The site's key; left out, mail that matched no site (owner only)."})
    state = Str(load_default="held", validate=one_of(VIEWS), metadata={
        "description": "held (default): dropped and failed, the emails needing a look."})
    page = Int(load_default=1, validate=in_range(1, 10000))
    per_page = Int(load_default=25, validate=in_range(1, 100))
    locale = locale_field()


class InboundEmailSchema(Schema):
    """One received email as advisors review it."""

    id = fields.Integer()
    received_at = fields.Function(lambda e: iso(e["received_at"]),
                                  metadata={"type": "string", "format": "date-time"})
    sender = fields.String()
    subject = fields.String()
    state = fields.String(metadata={"enum": ["received", "posted", "dropped", "failed"]})
    reason = fields.String(metadata={"description": "A code: stranger, auto_reply, loop, "
                                     "bounce, unknown_token, no_site, intake_off, "
                                     "rate_limited, spoofed, empty, parse_error, post_error, "
                                     "too_large."})
    reason_text = fields.String(metadata={"description": "The reason in the caller's language."})
    detail = fields.String()
    ticket_id = fields.Integer(allow_none=True)
    ticket_number = fields.Integer(allow_none=True)
    chat_id = fields.Integer(allow_none=True)
    preview = fields.String(metadata={"description": "The start of its text, plain."})
    retriable = fields.Boolean(metadata={"description": "Whether it may be tried again."})


class InboundMailListSchema(Schema):
    """A page of a site's received email, newest first."""

    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()
    emails = fields.List(fields.Nested(InboundEmailSchema))

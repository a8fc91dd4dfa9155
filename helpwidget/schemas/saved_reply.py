"""Saved replies: what admins send in, and what the console gets back."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from helpwidget.models.base import iso
from helpwidget.models.chat import (
    SAVED_REPLY_BODY_MAX,
    SAVED_REPLY_SHORTCUT,
    SAVED_REPLY_TITLE_MAX,
)
from helpwidget.schemas.base import BaseSchema, Str, Text, max_length, required_text


class SavedReplyQuerySchema(BaseSchema):
    """GET /advisor/sites/<key>/saved-replies parameters: one language, or all of them."""

    locale = Str(validate=max_length(8))


class SavedReplyInputSchema(BaseSchema):
    """POST and PUT body of a saved reply."""

    locale = Str(required=True, validate=max_length(8))
    # "$" rather than Python's "\Z": the document's patterns are ECMA-262, and Str has
    # already stripped the trailing newline "$" would let through.
    shortcut = Str(required=True, validate=validate.Regexp(
        "^" + SAVED_REPLY_SHORTCUT.pattern + "$",
        error=_l("Use 1 to 40 letters, digits, hyphens or underscores.")))
    title = Str(required=True, validate=required_text(SAVED_REPLY_TITLE_MAX))
    body = Text(required=True, validate=required_text(SAVED_REPLY_BODY_MAX))


class SavedReplySchema(Schema):
    """A saved reply as the console shows and inserts it."""

    id = fields.Integer()
    locale = fields.String()
    shortcut = fields.String()
    title = fields.String()
    body = fields.String()
    updated_at = fields.Function(lambda r: iso(r.updated_at))

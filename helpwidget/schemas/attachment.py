"""Attachments: the upload form, the download query and the view listed with tickets."""
from marshmallow import Schema, fields

from helpwidget.models.base import iso
from helpwidget.schemas.base import BaseSchema, Str, locale_field, max_length


class UploadFormSchema(BaseSchema):
    """POST /uploads form fields besides the file itself."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()


class AttachmentQuerySchema(BaseSchema):
    """GET /attachments/<id> query string."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()


class AttachmentSchema(Schema):
    """An uploaded file as the widget shows it: name, size and type, never where it lies."""

    id = fields.String()
    filename = fields.String()
    size = fields.Integer()
    content_type = fields.String()
    created_at = fields.Function(lambda a: iso(a.created_at))

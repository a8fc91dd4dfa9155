"""The widget configuration: what the panel asks for."""
from helpwidget.schemas.base import BaseSchema, Str, locale_field, max_length


class WidgetQuerySchema(BaseSchema):
    """GET /widget parameters."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()

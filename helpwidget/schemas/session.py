"""The widget's session: opening it, and what the widget learns about the site and user."""
from marshmallow import Schema, fields

from helpwidget.schemas.base import BaseSchema, Str, locale_field, max_length


class SessionInputSchema(BaseSchema):
    """POST /session body."""

    site = Str(required=True, validate=max_length(64))
    identity = Str(validate=max_length(8000))
    locale = locale_field()


class SessionEndSchema(BaseSchema):
    """DELETE /session body."""

    site = Str(required=True, validate=max_length(64))


class UserSchema(Schema):
    """The identified user, as the widget shows them."""

    id = fields.String(attribute="external_id")
    name = fields.String()
    email = fields.String()
    account_id = fields.String()
    account_name = fields.String()
    account_type = fields.String()
    support_user = fields.Boolean()
    # The language the host app says the user reads ("" when it did not say).
    locale = fields.String()


class SiteSchema(Schema):
    """Public settings of a site the widget needs to draw itself."""

    key = fields.String()
    name = fields.String()
    default_locale = fields.String()
    locales = fields.List(fields.String())
    brand_color = fields.String()
    menu = fields.List(fields.Dict())
    contact = fields.Dict()


class HostRevokeSchema(BaseSchema):
    """POST /host/sessions/revoke body: a token the host signed with the site's secret."""

    site = Str(required=True, validate=max_length(64))
    token = Str(required=True, validate=max_length(8000))

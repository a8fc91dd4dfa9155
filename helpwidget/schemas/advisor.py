"""Advisor sign-in: the credentials sent in, and the advisor and teams sent back."""
from marshmallow import Schema, fields

from helpwidget.models.advisor import PASSWORD_MAX_LENGTH
from helpwidget.schemas.base import BaseSchema, Str, max_length


class Secret(fields.String):
    """A password: taken exactly as typed, spaces included."""

    default_error_messages = Str.default_error_messages


class LoginSchema(BaseSchema):
    """POST /advisor/session body."""

    email = Str(required=True, validate=max_length(320))
    password = Secret(required=True, validate=max_length(PASSWORD_MAX_LENGTH + 1))


class AdvisorSiteSchema(Schema):
    """A site on whose team the advisor is, with their role there."""

    key = fields.String()
    name = fields.String()
    role = fields.String()


class AdvisorSchema(Schema):
    """The signed-in advisor as the console shows them."""

    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    locale = fields.String()
    is_owner = fields.Boolean()
    email_on_reply = fields.Boolean()
    sites = fields.List(fields.Nested(AdvisorSiteSchema))


def dump_advisor(advisor, sites):
    """Return the advisor's JSON, `sites` being the [(site, role)] of services.advisors.sites_of."""
    return AdvisorSchema().dump({
        "id": advisor.id, "name": advisor.name, "email": advisor.email, "locale": advisor.locale,
        "is_owner": bool(advisor.is_owner), "email_on_reply": advisor.email_on_reply is not False,
        "sites": [{"key": s.key, "name": s.name, "role": role} for s, role in sites]})

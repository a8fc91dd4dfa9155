"""A site's team and the advisor's own account: what admins and advisors send, and get back."""
from marshmallow import Schema, fields

from helpwidget.models.advisor import PASSWORD_MAX_LENGTH, ROLES
from helpwidget.schemas.advisor import Secret
from helpwidget.schemas.base import (
    BaseSchema,
    Bool,
    Email,
    Int,
    Str,
    in_range,
    locale_field,
    max_length,
    one_of,
    required_text,
)


class MemberInputSchema(BaseSchema):
    """POST /advisor/sites/<key>/members body: who to put on the team."""

    email = Email(required=True, validate=max_length(320))
    name = Str(required=True, validate=required_text(200))
    role = Str(required=True, validate=one_of(ROLES))
    locale = locale_field()


class MemberUpdateSchema(BaseSchema):
    """PATCH /advisor/sites/<key>/members/<id> body: a new role, or enabled / disabled."""

    role = Str(validate=one_of(ROLES))
    active = Bool()
    # Chats at once automatic assignment may give them (across their sites).
    chat_capacity = Int(strict=True, validate=in_range(1, 20))


class MemberSchema(Schema):
    """A member of a site's team as the admins' console lists them."""

    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    role = fields.String()
    active = fields.Boolean()
    password_reset_required = fields.Boolean()
    invitation_pending = fields.Boolean()
    chat_capacity = fields.Integer()


class MembersSchema(Schema):
    """GET /advisor/sites/<key>/members answer."""

    members = fields.List(fields.Nested(MemberSchema))


class AccountUpdateSchema(BaseSchema):
    """PATCH /advisor/me body."""

    name = Str(validate=required_text(200))
    locale = locale_field()
    email_on_reply = Bool()


class PasswordChangeSchema(BaseSchema):
    """POST /advisor/me/password body."""

    current_password = Secret(required=True, validate=max_length(PASSWORD_MAX_LENGTH + 1))
    new_password = Secret(required=True, validate=max_length(PASSWORD_MAX_LENGTH + 1))


"""Input of the help center's sign-in form."""
from marshmallow import EXCLUDE

from helpwidget.schemas.base import BaseSchema, Email, Str, max_length


class SignInRequestSchema(BaseSchema):
    """An address to send a sign-in link to, and the help center page to come back to."""

    class Meta:
        # The form also carries its CSRF token and a honeypot-free submit button.
        unknown = EXCLUDE

    email = Email(required=True, validate=max_length(320))
    next = Str(load_default="", validate=max_length(500))

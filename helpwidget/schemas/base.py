"""Translated field types and the base schema every input schema builds on."""
import re

import email_validator
from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import RAISE, Schema, ValidationError, fields, validate

from helpwidget.models.inbound_mail import CLIENT_ID_PREFIX

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u202a-\u202e\u2066-\u2069]")
_REQUIRED = {"required": _l("This field is required."), "null": _l("This field may not be empty.")}


class BaseSchema(Schema):
    """Reject unknown fields, with translated messages."""

    error_messages = {"unknown": _l("Unknown field."), "type": _l("Send a JSON object.")}

    class Meta:
        unknown = RAISE


class Str(fields.String):
    """Text; surrounding white space is removed."""

    default_error_messages = {**_REQUIRED, "invalid": _l("Enter text."),
                              "invalid_utf8": _l("Enter valid text.")}

    def _deserialize(self, value, attr, data, **kwargs):
        # NUL never belongs in text, and PostgreSQL refuses it (the insert would fail).
        return super()._deserialize(value, attr, data, **kwargs).replace("\x00", "").strip()


class Text(Str):
    """Multi-line text as people type it: control characters other than tab and newline go."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).replace("\r\n", "\n")
        return _CONTROL.sub("", text)


class Email(Str):
    """An email address, checked for shape (not deliverability) and stored normalized."""

    default_error_messages = {**Str.default_error_messages,
                              "invalid_email": _l("Enter a valid email address.")}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            checked = email_validator.validate_email(text, check_deliverability=False)
        except email_validator.EmailNotValidError:
            raise self.make_error("invalid_email")
        return checked.normalized.lower()


class Int(fields.Integer):
    """A whole number."""

    default_error_messages = {**_REQUIRED, "invalid": _l("Enter a whole number."),
                              "too_large": _l("This number is too large.")}


class Bool(fields.Boolean):
    """True or false."""

    default_error_messages = {**_REQUIRED, "invalid": _l("Choose yes or no.")}


class List(fields.List):
    """A list of values."""

    default_error_messages = {**_REQUIRED, "invalid": _l("Send a list.")}




def max_length(n):
    """Validate that text is at most `n` characters."""
    return validate.Length(max=n, error=_l("Use at most {max} characters."))


def required_text(n):
    """Validate that text is present and at most `n` characters."""
    return validate.Length(min=1, max=n, error=_l("Enter between {min} and {max} characters."))


def web_address():
    """Validate an absolute http or https address."""
    return validate.URL(schemes={"http", "https"},
                        error=_l("Enter a web address (https://...)."))


def one_of(choices):
    """Validate that a value is one of `choices`."""
    return validate.OneOf(choices, error=_l("Choose one of: {choices}."))


def in_range(low, high):
    """Validate that a number is between `low` and `high`."""
    return validate.Range(min=low, max=high, error=_l("Enter a number from {min} to {max}."))


def client_id_field(length, **kwargs):
    """Return the field of a client's own id for what it sends (`length` its validator).

    Ids of what emails post ("mail-<n>") are the server's: taken by a client, they would make
    a later email's reply look posted already.
    """
    return Str(validate=[length, _not_an_email_id], **kwargs)


def _not_an_email_id(value):
    """Refuse a client id of the namespace of what emails post."""
    if value.lower().startswith(CLIENT_ID_PREFIX):
        _fail(_l("Ids starting with \"{prefix}\" are reserved for replies received by "
                 "email.").format(prefix=CLIENT_ID_PREFIX))


def locale_field(**kwargs):
    """Return the optional `locale` field, checked against the configured locales."""
    return Str(validate=lambda v: v in current_app.config["LOCALES"] or _fail(
        _l("This language is not available.")), **kwargs)


def _fail(message):
    """Raise a validation error from inside a lambda."""
    # str(): marshmallow would take a lazy message for a list of messages, one per letter.
    raise ValidationError(str(message))

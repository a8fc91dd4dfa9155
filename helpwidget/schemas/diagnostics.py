"""Diagnostics a user chose to attach to a request: browser, screen, language, routes, errors."""
import json
import re
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, post_load, validate

from helpwidget.schemas.base import BaseSchema, Int, List, Str, in_range, max_length

MAX_ROUTES = 20
MAX_ERRORS = 20
# The widget and the help center send the diagnostics as JSON text in a form field: at most
# 20 routes and 20 errors of 500-character parts fit well within this.
MAX_FORM_CHARS = 64_000

# Control characters (newlines included), zero-width and bidirectional controls: one line each.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]+")
_SCREEN = re.compile(r"\d{1,5}x\d{1,5}\Z")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*\Z")
_TIMEZONE = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*\Z")


class Line(Str):
    """One line of text: control characters (newlines included) become one space."""

    def _deserialize(self, value, attr, data, **kwargs):
        return _CONTROL.sub(" ", super()._deserialize(value, attr, data, **kwargs)).strip()


class Path(Line):
    """A route of the host product; its query string and fragment, which may hold personal data
    or a token, are dropped (a whole address is cut down to its path)."""

    def _deserialize(self, value, attr, data, **kwargs):
        return _split(super()._deserialize(value, attr, data, **kwargs)).path


class ScriptAddress(Line):
    """The address of the script an error came from, without its query, fragment or user name."""

    def _deserialize(self, value, attr, data, **kwargs):
        parts = _split(super()._deserialize(value, attr, data, **kwargs))
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit((parts.scheme, host, parts.path, "", ""))


class Moment(Line):
    """A date and time in ISO 8601, as browsers write it (2024-05-01T09:30:00.000Z)."""

    default_error_messages = {**Line.default_error_messages,
                              "invalid_time": _l("Enter a date and time in ISO 8601.")}

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if not text:
            return text
        max_length(40)(text)
        try:
            datetime.fromisoformat(text)
        except ValueError:
            raise self.make_error("invalid_time")
        return text


def _split(text):
    """Return urlsplit(text), or refuse text that is no address at all."""
    try:
        return urlsplit(text)
    except ValueError:
        raise ValidationError(str(_l("Enter a path or a web address.")))


def _shaped(pattern, message):
    """Validate that text, when given, matches `pattern` entirely."""
    def check(text):
        if text and not pattern.match(text):
            raise ValidationError(str(message))
    return check


class HostErrorSchema(BaseSchema):
    """One JavaScript error of the host page."""

    message = Line(required=True, validate=max_length(500))
    source = ScriptAddress(load_default="", validate=max_length(500))
    line = Int(load_default=0, strict=True, validate=in_range(0, 10_000_000))
    at = Moment(load_default="")


class DiagnosticsSchema(BaseSchema):
    """What the user agreed to attach; every part optional, nothing else accepted."""

    browser = Line(validate=max_length(200))
    os = Line(validate=max_length(100))
    screen = Line(validate=[max_length(20), _shaped(_SCREEN, _l(
        "Write the screen size as width x height, such as 1920x1080."))])
    language = Line(validate=[max_length(35), _shaped(_LANGUAGE, _l(
        "Write a language tag such as es-CO."))])
    timezone = Line(validate=[max_length(64), _shaped(_TIMEZONE, _l(
        "Write a time zone such as America/Bogota."))])
    time = Moment()
    routes = List(Path(validate=max_length(500)), validate=validate.Length(
        max=MAX_ROUTES, error=_l("Send at most {max} routes.")))
    errors = List(fields.Nested(HostErrorSchema), validate=validate.Length(
        max=MAX_ERRORS, error=_l("Send at most {max} errors.")))

    @post_load
    def _drop_empty(self, data, **kwargs):
        """Keep only the parts that say something; nothing at all is no diagnostics (None)."""
        if "routes" in data:
            data["routes"] = [route for route in data["routes"] if route]
        return {key: value for key, value in data.items() if value} or None


class DiagnosticsField(fields.Nested):
    """The optional `diagnostics` of a new request; omitted or null is none."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {"description": (
            "Only when the user ticked \"Attach diagnostics\": browser, os, screen (WxH), "
            "language, timezone, time, the last routes of the host product (paths only: "
            "query strings and fragments are dropped) and, when the host opted in, its recent "
            "JavaScript errors. Unknown keys are refused; only advisors read it back.")})
        super().__init__(DiagnosticsSchema, allow_none=True, load_default=None, **kwargs)


def from_form(text):
    """Return the diagnostics in a form field's JSON text (None when empty), or raise
    ValidationError {"diagnostics": [...]} with a translated message."""
    text = (text or "").strip()
    if not text or text == "null":
        return None
    if len(text) > MAX_FORM_CHARS:
        raise ValidationError({"diagnostics": [str(_l("The diagnostics are too long."))]})
    try:
        value = json.loads(text)
    except ValueError:
        raise ValidationError({"diagnostics": [str(_l("The diagnostics could not be read."))]})
    if value is None:
        return None
    try:
        return DiagnosticsSchema().load(value)
    except ValidationError as error:
        raise ValidationError({"diagnostics": error.messages})

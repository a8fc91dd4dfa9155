"""Checked values of site settings: colours, clock times, dates, phones, slugs and nested lists."""
import re
from datetime import date
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validates_schema

from helpwidget.models.base import DAYS
from helpwidget.schemas.base import BaseSchema, Email, Str, max_length, one_of, required_text

# Text on the launcher and header is white: AA asks 4.5:1 for normal text.
MIN_CONTRAST = 4.5
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
CLOCK = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{3,30}$")


def fail(message):
    """Raise a validation error with a translated message (as text, not lazy)."""
    raise ValidationError(str(message))


def contrast_with_white(color):
    """Return the WCAG contrast ratio of white text on `color` (#rrggbb), rounded to 2 places."""
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (channel(int(color[i:i + 2], 16)) for i in (1, 3, 5))
    light = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return round(1.05 / (light + 0.05), 2)


def check_color(value):
    """Accept a #rrggbb colour on which white text reaches WCAG AA."""
    if not HEX.match(value):
        fail(_l("Write the colour as #rrggbb."))
    ratio = contrast_with_white(value)
    if ratio < MIN_CONTRAST:
        fail(_l("White text on this colour has a contrast of {ratio}:1; it needs at least "
                "{minimum}:1. Choose a darker colour.").format(ratio=ratio, minimum=MIN_CONTRAST))


def check_locale(value):
    """Accept a language this installation serves."""
    if value not in current_app.config["LOCALES"]:
        fail(_l("Unknown language {value}: choose one of {choices}.").format(
            value=value, choices=", ".join(current_app.config["LOCALES"])))


def check_zone(value):
    """Accept a real time zone name (Europe/Warsaw)."""
    try:
        ZoneInfo(value)
        known = value in available_timezones() or value == "UTC"
    except (ZoneInfoNotFoundError, ValueError):
        known = False
    if not known:
        fail(_l("{value} is not a time zone: write a name like Europe/Warsaw.").format(value=value))


def check_holiday(value):
    """Accept a date once ("2026-12-24") or a day every year ("12-25")."""
    try:
        if len(value) == 10:
            date.fromisoformat(value)
        elif len(value) == 5 and value[2] == "-":
            date.fromisoformat(f"2024-{value}")  # a leap year: 02-29 is a real yearly day
        else:
            raise ValueError(value)
    except ValueError:
        fail(_l("Write a holiday as YYYY-MM-DD (once) or MM-DD (every year)."))


def check_phone(value):
    """Accept a phone number: digits, spaces, dashes, dots, brackets; at least 6 digits."""
    if not PHONE.match(value) or sum(c.isdigit() for c in value) < 6:
        fail(_l("Enter a phone number such as +48 12 000 00 00."))


def check_optional_phone(value):
    """Accept an empty value or a phone number."""
    if value:
        check_phone(value)


def check_key(value):
    """Accept a short lowercase key (letters, digits, - and _)."""
    if not KEY.match(value):
        fail(_l("Use up to 64 lowercase letters, digits, - or _."))


def check_slug(value):
    """Accept an article slug."""
    if not SLUG.match(value):
        fail(_l("Enter an article's address name (lowercase letters, digits and -)."))


def unique_by(name, message):
    """Return a list validator refusing two entries with the same `name`."""
    def check(values):
        seen = [v.get(name) if isinstance(v, dict) else v for v in values]
        if len(seen) != len(set(map(str, seen))):
            fail(message)
    return check


class Localized(fields.Field):
    """Text in each language: {"es": "...", "en": "..."} (or one text for every language)."""

    default_error_messages = {"invalid": _l("Give the text per language: {\"en\": \"...\"}.")}

    def __init__(self, size=300, allow_text=False, **kwargs):
        super().__init__(**kwargs)
        self.size, self.allow_text = size, allow_text

    def _deserialize(self, value, attr, data, **kwargs):
        if self.allow_text and isinstance(value, str):
            return self._text(value)
        if not isinstance(value, dict) or not value:
            raise self.make_error("invalid")
        for locale in value:
            check_locale(locale)
        return {locale: self._text(text) for locale, text in value.items()}

    def _text(self, text):
        """Return trimmed text of at most `size` characters, or raise."""
        if not isinstance(text, str) or not text.strip() or len(text.strip()) > self.size:
            fail(_l("Enter between 1 and {max} characters.").format(max=self.size))
        return text.replace("\x00", "").strip()


class Guide(fields.Field):
    """An article slug for an operating system, or one slug per language."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            check_slug(value)
            return value
        if isinstance(value, dict) and value:
            for locale, slug in value.items():
                check_locale(locale)
                check_slug(slug if isinstance(slug, str) else "")
            return dict(value)
        fail(_l("Enter an article's address name, or one per language."))


class OptionalEmail(Email):
    """An email address, or empty for none."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) and not value.strip():
            return ""
        return super()._deserialize(value, attr, data, **kwargs)


class HoursSchema(BaseSchema):
    """One schedule: days of the week and the opening and closing times."""

    days = fields.List(Str(validate=one_of(DAYS)), required=True,
                       validate=unique_by(None, _l("Each day once.")))
    open = Str(required=True, validate=lambda v: CLOCK.match(v) or fail(_l("Write HH:MM.")))
    close = Str(required=True, validate=lambda v: CLOCK.match(v) or fail(_l("Write HH:MM.")))

    @validates_schema
    def _open_before_close(self, data, **_kwargs):
        """Refuse a schedule that closes before it opens."""
        if data["open"] >= data["close"]:
            raise ValidationError(str(_l("Closing time comes after opening time.")), "close")


class RegionSchema(BaseSchema):
    """Fields shared by a region's phone and email: where, and in which language shown."""

    region = Str(load_default="", validate=max_length(100))
    locale = Str(load_default="", validate=lambda v: v == "" or check_locale(v) is None)


def text_field(size=200):
    """Return a required short text field."""
    return Str(required=True, validate=required_text(size))

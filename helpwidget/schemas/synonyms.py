"""Search synonyms in the console: what admins send in, and the groups they get back."""
from marshmallow import Schema, fields

from helpwidget.models.base import iso
from helpwidget.schemas.base import BaseSchema, List, Str, Text, locale_field, max_length


class SynonymQuerySchema(BaseSchema):
    """GET /advisor/sites/<key>/synonyms parameters: one language, or all of them."""

    locale = locale_field()


class SynonymCreateSchema(BaseSchema):
    """POST body: a language of the site and its equivalent words or phrases.

    The rules on the words (how many, how long, distinct) are the service's, so every caller
    meets them; the schema only takes text.
    """

    locale = Str(required=True, validate=max_length(8))
    terms = List(Text(), required=True)


class SynonymUpdateSchema(BaseSchema):
    """PUT body: the group's words, replacing the old ones."""

    terms = List(Text(), required=True)


class SynonymSchema(Schema):
    """A synonym group as the console shows it."""

    id = fields.Integer()
    locale = fields.String()
    terms = fields.List(fields.String())
    updated_at = fields.Function(lambda row: iso(row.updated_at))


class SynonymListSchema(Schema):
    """Every group asked for."""

    synonyms = fields.List(fields.Nested(SynonymSchema))

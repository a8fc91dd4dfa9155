"""Help center categories and article archives in the console: input in, admin views out."""
from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from helpwidget.schemas.base import (
    BaseSchema,
    Int,
    List,
    Str,
    Text,
    in_range,
    locale_field,
    max_length,
    required_text,
)

_SLUG = validate.Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                        error=_l("Use lowercase letters, digits and hyphens only."))


class CategoryQuerySchema(BaseSchema):
    """GET /advisor/sites/<key>/categories parameters."""

    locale = locale_field()


class CategoryCreateSchema(BaseSchema):
    """POST /advisor/sites/<key>/categories body."""

    locale = locale_field(required=True)
    title = Str(required=True, validate=required_text(200))
    description = Text(load_default="", validate=max_length(2000))


class CategoryUpdateSchema(BaseSchema):
    """PATCH .../categories/<id> body: only the fields sent change; the slug only on request."""

    title = Str(validate=required_text(200))
    description = Text(validate=max_length(2000))
    slug = Str(validate=validate.And(required_text(190), _SLUG))


class CategoryOrderSchema(BaseSchema):
    """PUT .../categories/order body: category ids of one language, in their new order."""

    # Ids past a database integer are refused here, not by the database's driver.
    ids = List(Int(strict=True, validate=in_range(1, 2**31 - 1)), required=True,
               validate=validate.Length(
        min=1, max=1000, error=_l("List between {min} and {max} categories.")))


class CategoryDeleteQuerySchema(BaseSchema):
    """DELETE .../categories/<id> parameters: where its articles go (none when left out)."""

    move_to = Int(validate=in_range(1, 2**31 - 1))


class CategoryAdminSchema(Schema):
    """A category as admins see it, with the number of its articles (published or not)."""

    id = fields.Integer()
    locale = fields.String()
    slug = fields.String()
    title = fields.String()
    description = fields.String()
    position = fields.Integer()
    article_count = fields.Integer()


class ArchiveQuerySchema(BaseSchema):
    """Language of the archive's articles (import: of files naming none; export: all if none)."""

    locale = locale_field()


class ImportedFileSchema(Schema):
    """A file of the archive saved as an article."""

    path = fields.String()
    locale = fields.String()
    slug = fields.String()


class RefusedFileSchema(Schema):
    """A file of the archive that was not imported, and why."""

    path = fields.String()
    reason = fields.String()


class ImportReportSchema(Schema):
    """What an archive import did, file by file, as `flask articles import` reports it."""

    imported = fields.List(fields.Nested(ImportedFileSchema))
    errors = fields.List(fields.Nested(RefusedFileSchema))
    ignored = fields.List(fields.String())

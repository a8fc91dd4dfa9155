"""Articles: the input of imports and edits, and the views sent to readers."""
import re

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validates

from helpwidget.models.article import KINDS
from helpwidget.models.base import aware
from helpwidget.schemas.base import (
    BaseSchema,
    Bool,
    List,
    Str,
    locale_field,
    max_length,
    one_of,
    required_text,
    web_address,
)


class UtcDateTime(fields.DateTime):
    """A stored time with its offset: SQLite gives naive times back, and they are UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(aware(value), attr, obj, **kwargs)


SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ArticleInputSchema(BaseSchema):
    """An article as written by an author (front matter plus body, or the editor's form)."""

    title = Str(required=True, validate=required_text(300))
    slug = Str(validate=max_length(200))
    locale = locale_field()
    category = Str(load_default="", validate=max_length(200))
    kind = Str(load_default="article", validate=one_of(KINDS))
    summary = Str(load_default="", validate=max_length(1000))
    body = Str(load_default="", validate=max_length(200_000))
    tags = List(Str(validate=required_text(60)), load_default=list,
                validate=lambda v: len(v) <= 30 or _too_many())
    routes = List(Str(validate=required_text(500)), load_default=list,
                  validate=lambda v: len(v) <= 50 or _too_many())
    audience = List(Str(validate=required_text(64)), load_default=list)
    video_url = Str(load_default="", validate=lambda v: not v or web_address()(v))
    published = Bool(load_default=True)

    @validates("slug")
    def _slug(self, value, **kwargs):
        if value and not SLUG_RE.match(value):
            raise ValidationError(_l("Use lowercase letters, digits and hyphens only."))

    @validates("routes")
    def _routes(self, value, **kwargs):
        if any(not route.startswith("/") for route in value):
            raise ValidationError(_l("Each route starts with / (for example /invoices/:id)."))


def _too_many():
    """Reject an over-long list."""
    raise ValidationError(_l("Too many items."))


class CategoryRefSchema(Schema):
    """A category as shown with an article."""

    slug = fields.String()
    title = fields.String()


class ArticleSummarySchema(Schema):
    """An article in a list: enough to show a link to it."""

    id = fields.Integer()
    slug = fields.String()
    locale = fields.String()
    title = fields.String()
    summary = fields.String()
    kind = fields.String()
    category = fields.Nested(CategoryRefSchema, allow_none=True)
    url = fields.Method("_url")
    updated_at = UtcDateTime()

    def _url(self, article):
        from flask import url_for
        return url_for("helpcenter.article", site_key=article.site.key, locale=article.locale,
                       slug=article.slug, _external=True)


class ArticleSchema(ArticleSummarySchema):
    """A whole article for reading."""

    body_html = fields.String()
    tags = fields.List(fields.String())
    video_url = fields.String()
    routes = fields.List(fields.String(), attribute="route_patterns")


class FeedbackInputSchema(BaseSchema):
    """A "was this helpful?" answer."""

    helpful = Bool(required=True)
    comment = Str(load_default="", validate=max_length(2000))
    # The widget names the site in every body; the query string decides which site it is.
    site = Str(validate=max_length(64))


class CategorySchema(Schema):
    """A help center category with how many articles the reader can see in it."""

    slug = fields.String()
    title = fields.String()
    description = fields.String()
    articles = fields.Integer()

"""Article management in the console: list filters and editor input in; admin views out."""
from marshmallow import Schema, fields

from helpwidget.models.base import iso
from helpwidget.schemas.article import ArticleInputSchema, CategoryRefSchema
from helpwidget.schemas.base import (
    BaseSchema,
    Bool,
    Int,
    Str,
    Text,
    in_range,
    locale_field,
    max_length,
    one_of,
)

STATES = ("all", "published", "unpublished")


class ArticleAdminQuerySchema(BaseSchema):
    """GET /advisor/sites/<key>/articles parameters."""

    locale = locale_field()
    q = Str(load_default="", validate=max_length(200))
    status = Str(load_default="all", validate=one_of(STATES))
    page = Int(load_default=1, validate=in_range(1, 10000))
    per_page = Int(load_default=100, validate=in_range(1, 500))


class ArticleAdminInputSchema(ArticleInputSchema):
    """POST and PUT body of the article editor: the fields an import takes, typed by a person."""

    # Typed text: line ends normalized, invisible control characters dropped.
    summary = Text(load_default="", validate=max_length(1000))
    body = Text(load_default="", validate=max_length(200_000))
    # No default: a new article starts as a draft, an edit that leaves it out keeps the state
    # (services.article_admin decides); publishing is a deliberate step.
    published = Bool()


class MarkdownPreviewSchema(BaseSchema):
    """POST /advisor/markdown-preview body."""

    body = Text(load_default="", validate=max_length(200_000))


def _public_url(article):
    """Return the help center address of the article."""
    from flask import url_for
    return url_for("helpcenter.article", site_key=article.site.key, locale=article.locale,
                   slug=article.slug, _external=True)


class ArticleAdminSummarySchema(Schema):
    """An article in the admins' list: published or not."""

    id = fields.Integer()
    locale = fields.String()
    slug = fields.String()
    title = fields.String()
    kind = fields.String()
    category = fields.Nested(CategoryRefSchema, allow_none=True)
    published = fields.Boolean()
    audience = fields.List(fields.String())
    views = fields.Integer()
    updated_at = fields.Function(lambda a: iso(a.updated_at))


class ArticleAdminSchema(ArticleAdminSummarySchema):
    """A whole article for the editor: its Markdown, the HTML readers get, routes, audience."""

    site = fields.Function(lambda a: a.site.key)
    summary = fields.String()
    body = fields.String(attribute="body_md")
    body_html = fields.String()
    tags = fields.List(fields.String())
    routes = fields.List(fields.String(), attribute="route_patterns")
    video_url = fields.String()
    url = fields.Function(_public_url)
    created_at = fields.Function(lambda a: iso(a.created_at))


class SiteInfoSchema(Schema):
    """What the editor needs of the site: its languages and account types."""

    key = fields.String()
    name = fields.String()
    default_locale = fields.String()
    locales = fields.Function(lambda s: s.locales or [s.default_locale])
    account_types = fields.Function(lambda s: s.account_types or [])


class CategoryChoiceSchema(Schema):
    """A category the editor offers."""

    locale = fields.String()
    slug = fields.String()
    title = fields.String()

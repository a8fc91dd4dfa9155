"""Article management in the console: list filters and editor input in; admin views out."""
from datetime import UTC

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields

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

STATES = ("all", "published", "unpublished", "draft", "scheduled")


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
    state = fields.String()
    publish_at = fields.Function(lambda a: iso(a.publish_at) if a.publish_at else None)
    audience = fields.List(fields.String())
    views = fields.Integer()
    updated_at = fields.Function(lambda a: iso(a.updated_at))


class TranslationSchema(Schema):
    """One translation of an article."""

    id = fields.Integer()
    locale = fields.String()
    slug = fields.String()
    title = fields.String()
    state = fields.String()


class ArticleAdminSchema(ArticleAdminSummarySchema):
    """A whole article for the editor: its Markdown, the HTML readers get, routes, audience."""

    site = fields.Function(lambda a: a.site.key)
    # Filled by the edge from services.article_translations (a schema runs no query).
    translations = fields.List(fields.Nested(TranslationSchema), dump_only=True)
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


class PublishInputSchema(BaseSchema):
    """POST .../articles/<id>/publish body: empty to publish now, `at` to schedule."""

    at = fields.AwareDateTime(load_default=None, allow_none=True, default_timezone=UTC,
                              error_messages={"invalid": _l("Enter a date and time.")})


def _link_ids(value):
    """Validate {locale: article id or null}."""
    if not isinstance(value, dict) or len(value) > 50 or not all(
            isinstance(k, str) and len(k) <= 8 and (v is None or (
                isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**31))
            for k, v in value.items()):
        raise ValidationError(str(_l("Give an article number for each language.")))


class TranslationLinksSchema(BaseSchema):
    """PUT .../articles/<id>/translations body: {"links": {"es": 12, "pl": null}}."""

    links = fields.Raw(required=True, validate=_link_ids,
                       error_messages={"required": _l("This field is required.")})


class RevisionSummarySchema(Schema):
    """A revision in an article's history."""

    number = fields.Integer()
    title = fields.String()
    author_email = fields.String()
    created_at = fields.Function(lambda r: iso(r.created_at))


class RevisionSchema(RevisionSummarySchema):
    """A whole revision: its text, for reading beside the diff."""

    summary = fields.String()
    body = fields.String(attribute="body_md")
    tags = fields.List(fields.String())

"""Reading the help center: categories, article lists, one article, and feedback on it."""
from flask import current_app, request

from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.limits import rate_key
from helpwidget.auth.visitor import load_site, reader
from helpwidget.extensions import limiter
from helpwidget.models.article import KINDS
from helpwidget.schemas.article import (
    ArticleSchema,
    ArticleSummarySchema,
    CategorySchema,
    FeedbackInputSchema,
)
from helpwidget.schemas.base import BaseSchema, Str, locale_field, max_length, one_of
from helpwidget.services import article_reading, article_translations, feedback


class SiteQuerySchema(BaseSchema):
    """Query string naming a site, a locale and optionally a category or kind."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()
    category = Str(validate=max_length(200))
    kind = Str(validate=one_of(KINDS))


def _site_reader(required=False):
    """Load the query string and return (args, site, visitor, account type, locale)."""
    args = SiteQuerySchema().load(request.args)
    site = load_site(args["site"])
    return (args, site, *reader(site, args.get("locale"), required=required))


@bp.get("/categories")
@operation("Categories of the help center.", query=SiteQuerySchema, response=shapes.OBJECT)
def list_categories():
    """List the help center's categories with the number of articles the reader can see."""
    _, site, _, account_type, locale = _site_reader()
    rows = article_reading.categories(site, locale, account_type)
    return {"locale": locale, "categories": CategorySchema(many=True).dump(
        [{"slug": c.slug, "title": c.title, "description": c.description, "articles": n}
         for c, n in rows])}


@bp.get("/articles")
@operation("Articles of the help center.", query=SiteQuerySchema, response=shapes.OBJECT)
def list_articles():
    """List the articles the reader can see, optionally of one category or kind."""
    args, site, _, account_type, locale = _site_reader()
    category = article_reading.get_category(site, locale, args["category"]) if args.get(
        "category") else None
    found = article_reading.in_category(site, locale, category, account_type, kind=args.get("kind"))
    return {"locale": locale, "articles": ArticleSummarySchema(many=True).dump(found)}


@bp.get("/articles/<slug>")
@operation("One article.", query=SiteQuerySchema, response="Article")
def get_article(slug):
    """Return one article for reading and count the view."""
    _, site, visitor, account_type, locale = _site_reader()
    article = article_reading.get_article(site, locale, slug, account_type)
    article_reading.record_view(article, f"v:{visitor.id}" if visitor else "",
                                request.remote_addr or "")
    # The same article in the other languages the reader may read: the panel switches to them.
    return {**ArticleSchema().dump(article),
            "translations": article_translations.listed(article, account_type)}


@bp.post("/articles/<slug>/feedback")
@operation("Say whether an article helped.", query=SiteQuerySchema,
           body=FeedbackInputSchema, status=201, response=shapes.OBJECT, auth=True)
@limiter.limit(lambda: current_app.config["RATELIMIT_FEEDBACK"], key_func=rate_key)
def rate_article(slug):
    """Record whether the article helped the reader (once per visitor)."""
    _, site, visitor, account_type, locale = _site_reader(required=True)
    answer = FeedbackInputSchema().load(request.get_json(silent=True) or {})
    article = article_reading.get_article(site, locale, slug, account_type)
    return feedback.record(article, visitor, answer["helpful"], answer["comment"]), 201


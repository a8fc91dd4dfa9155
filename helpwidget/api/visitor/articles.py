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
from helpwidget.schemas.base import (
    BaseSchema,
    Int,
    Str,
    in_range,
    locale_field,
    max_length,
    one_of,
)
from helpwidget.services import article_reading, article_translations, feedback, related_articles

_summaries = ArticleSummarySchema(many=True)


class SiteQuerySchema(BaseSchema):
    """Query string naming a site, a locale and optionally a category or kind."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()
    category = Str(validate=max_length(200))
    kind = Str(validate=one_of(KINDS))


class PopularQuerySchema(BaseSchema):
    """GET /popular parameters: a site, a locale and the host page's route."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()
    route = Str(load_default="/", validate=max_length(2000))
    title = Str(load_default="", validate=max_length(300))
    limit = Int(load_default=lambda: current_app.config["CONTEXT_LIMIT"],
                validate=in_range(1, 20))


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
    return {"locale": locale, "articles": _summaries.dump(found)}


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


@bp.get("/articles/<slug>/related")
@operation("Articles related to one article.", query=SiteQuerySchema, response=shapes.OBJECT)
def related(slug):
    """Return up to four articles to read after this one: its category's, then similar ones."""
    _, site, _, account_type, locale = _site_reader()
    article = article_reading.get_article(site, locale, slug, account_type)
    found = related_articles.related(site, locale, article, account_type)
    return {"locale": locale, "articles": _summaries.dump(found)}


@bp.get("/popular")
@operation("The most useful articles for the host page the reader is on.",
           query=PopularQuerySchema, response=shapes.OBJECT)
def popular():
    """Return the page's own articles topped up with the most read ones the reader may see."""
    args = PopularQuerySchema().load(request.args)
    site = load_site(args["site"])
    _, account_type, locale = reader(site, args.get("locale"))
    found = related_articles.popular_for_route(site, locale, args["route"], title=args["title"],
                                               account_type=account_type, limit=args["limit"])
    return {"route": found["route"], "matched": found["matched"], "locale": locale,
            "articles": _summaries.dump(found["articles"])}


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


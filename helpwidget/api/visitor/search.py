"""GET /search and GET /context: finding answers, and help on this page."""
from flask import current_app, request, url_for

from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.visitor import load_site, reader
from helpwidget.schemas.article import ArticleSummarySchema
from helpwidget.schemas.search import ContextQuerySchema, SearchQuerySchema
from helpwidget.services import help_search, page_help, visitor_pages

_summaries = ArticleSummarySchema(many=True)


@bp.get("/search")
@operation("Search the help center.", query=SearchQuerySchema, response=shapes.SEARCH_RESULT)
def search():
    """Search the help center of a site as the calling reader."""
    args = SearchQuerySchema().load(request.args)
    site = load_site(args["site"])
    visitor, account_type, locale = reader(site, args.get("locale"))
    per_page = min(args["per_page"], current_app.config["SEARCH_MAX_PAGE_SIZE"])
    found = help_search.search(site, locale, args["q"], account_type=account_type,
                               kind=args.get("kind"), page=args["page"], per_page=per_page,
                               community=site.community_enabled, visitor=visitor,
                               source=args["source"])
    found["locale"] = locale
    for hit in found["results"]:
        if hit["kind"] == "community":
            # The widget opens a community question in the help center, in a new tab.
            hit["url"] = url_for("helpcenter.community_question", site_key=site.key,
                                 locale=locale, question_id=hit["id"])
    return found


@bp.get("/context")
@operation("Articles for the host page the reader is on.", query=ContextQuerySchema,
           response=shapes.OBJECT)
def context():
    """Return the articles that help on the host page the reader is on."""
    args = ContextQuerySchema().load(request.args)
    site = load_site(args["site"])
    visitor, account_type, locale = reader(site, args.get("locale"))
    if visitor is not None:
        # The widget says here which host page it is on: the customer view lists it.
        visitor_pages.record(visitor, args["route"])
    found = page_help.for_route(site, locale, args["route"], title=args["title"],
                                account_type=account_type, limit=args["limit"])
    return {"route": found["route"], "matched": found["matched"], "locale": locale,
            "articles": _summaries.dump(found["articles"])}

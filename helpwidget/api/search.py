"""GET /search and GET /context: finding answers, and help on this page."""
from flask import current_app, request

from helpwidget import search as search_index
from helpwidget.api import bp
from helpwidget.api.auth import load_site, reader
from helpwidget.schemas.article import ArticleSummarySchema
from helpwidget.schemas.search import ContextQuerySchema, SearchQuerySchema
from helpwidget.services import page_help

_summaries = ArticleSummarySchema(many=True)


@bp.get("/search")
def search():
    """Search the help center of a site as the calling reader."""
    args = SearchQuerySchema().load(request.args)
    site = load_site(args["site"])
    _, account_type, locale = reader(site, args.get("locale"))
    per_page = min(args["per_page"], current_app.config["SEARCH_MAX_PAGE_SIZE"])
    found = search_index.get_index().search(site.key, locale, args["q"],
                                            account_type=account_type, kind=args.get("kind"),
                                            page=args["page"], per_page=per_page)
    found["locale"] = locale
    return found


@bp.get("/context")
def context():
    """Return the articles that help on the host page the reader is on."""
    args = ContextQuerySchema().load(request.args)
    site = load_site(args["site"])
    _, account_type, locale = reader(site, args.get("locale"))
    found = page_help.for_route(site, locale, args["route"], title=args["title"],
                                account_type=account_type, limit=args["limit"])
    return {"route": found["route"], "matched": found["matched"], "locale": locale,
            "articles": _summaries.dump(found["articles"])}

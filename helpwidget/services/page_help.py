"""Help on this page: the articles for a host route, or a search on the route's words."""
from helpwidget import search
from helpwidget.extensions import db
from helpwidget.models import Article, ArticleRoute
from helpwidget.services import routes


def for_route(site, locale, route, title="", account_type="", limit=5):
    """Return {"route", "matched": "route"|"search"|"none", "articles"} for a page."""
    path = routes.normalize(route)
    ranked = {}
    for pattern, article in _candidates(site, locale, path):
        rank = routes.specificity(pattern, path)
        if rank is not None and article.visible_to(account_type):
            key = (rank, article.views)
            if article.id not in ranked or ranked[article.id][0] < key:
                ranked[article.id] = (key, article)
    if ranked:
        best = sorted(ranked.values(), key=lambda pair: pair[0], reverse=True)[:limit]
        return {"route": path, "matched": "route", "articles": [a for _, a in best]}
    words = " ".join(routes.route_words(path) + [title or ""]).strip()
    found = search.get_index().search(site.key, locale, words, account_type=account_type,
                                      per_page=limit) if words else None
    ids = [hit["id"] for hit in (found or {}).get("results", [])]
    by_id = {a.id: a for a in db.session.execute(
        db.select(Article).where(Article.id.in_(ids))).scalars()} if ids else {}
    articles = [by_id[i] for i in ids if i in by_id]
    return {"route": path, "matched": "search" if articles else "none", "articles": articles}


def _candidates(site, locale, path):
    """Yield (pattern, article) for exact matches and every non-exact pattern of the site."""
    query = db.select(ArticleRoute.pattern, Article).join(Article).where(
        ArticleRoute.site_id == site.id, ArticleRoute.locale == locale,
        (ArticleRoute.exact.is_(False)) | (ArticleRoute.pattern == path))
    yield from db.session.execute(query).all()

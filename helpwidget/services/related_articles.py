"""Articles to read next: related to one article, and the most useful ones for a page."""
from helpwidget import search
from helpwidget.extensions import db
from helpwidget.models import Article
from helpwidget.services import article_reading, page_help

RELATED_LIMIT = 4


def related(site, locale, article, account_type="", limit=RELATED_LIMIT):
    """Return up to `limit` articles the reader may see: the same category's first (most read
    first), then those a search on the title finds; never the article itself."""
    chosen = {article.id: None}
    if article.category_id is not None:
        query = article_reading.visible(site, locale, account_type).filter_by(
            category_id=article.category_id).where(Article.id != article.id).order_by(
            Article.views.desc(), Article.title).limit(limit)
        for row in db.session.execute(query).scalars():
            chosen[row.id] = row
    if len(chosen) <= limit:
        # The index answers only what this reader may read; one page more covers the skipped.
        found = search.get_index().search(site.key, locale, article.title,
                                          account_type=account_type, per_page=2 * limit + 1)
        ids = [hit["id"] for hit in found["results"] if hit.get("kind") != "community"
               and hit["id"] not in chosen]
        rows = _visible_by_id(ids, account_type)
        for article_id in ids:
            if len(chosen) > limit:
                break
            if article_id in rows:
                chosen[article_id] = rows[article_id]
    return [row for row in chosen.values() if row is not None][:limit]


def popular_for_route(site, locale, route, title="", account_type="", limit=5):
    """Return {"route", "matched", "articles"}: the page's own articles (as "help on this page"
    finds them), topped up with the most read ones the reader may see."""
    found = page_help.for_route(site, locale, route or "/", title=title,
                                account_type=account_type, limit=limit)
    articles = list(found["articles"])
    if len(articles) < limit:
        seen = {a.id for a in articles}
        for row in article_reading.popular(site, locale, account_type, limit=2 * limit):
            if len(articles) >= limit:
                break
            if row.id not in seen:
                articles.append(row)
                seen.add(row.id)
    return {"route": found["route"], "matched": found["matched"], "articles": articles}


def _visible_by_id(ids, account_type):
    """Return {id: article} of those ids the reader may see (checked again: the index may lag)."""
    if not ids:
        return {}
    rows = db.session.execute(db.select(Article).where(Article.id.in_(ids))).scalars()
    return {row.id: row for row in rows if row.visible_to(account_type)}

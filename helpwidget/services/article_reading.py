"""Help center content as a given reader sees it: articles, categories, popular ones, views."""
from datetime import UTC, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, or_
from sqlalchemy.exc import IntegrityError

from helpwidget.errors import NotFound
from helpwidget.extensions import db
from helpwidget.models import Article, ArticleAudience, ArticleView, Category
from helpwidget.services import quotas
from helpwidget.services.identity import hash_token


def get_article(site, locale, slug, account_type=""):
    """Return an article the reader may see, or raise NotFound."""
    article = db.session.execute(db.select(Article).filter_by(
        site_id=site.id, locale=locale, slug=slug)).scalar_one_or_none()
    if article is None or not article.visible_to(account_type):
        raise NotFound(_l("This article does not exist or is not available to you."))
    return article


def record_view(article, reader, client_ip=""):
    """Count a reading of the article (drives "popular articles"): once per reader (a visitor,
    else an IP address) and day, and at most ARTICLE_VIEWS_PER_IP counted from one address."""
    today = datetime.now(UTC).date()
    key = hash_token(f"{article.site_id}:{reader or 'ip:' + client_ip}")
    seen = db.session.execute(db.select(ArticleView.id).filter_by(
        article_id=article.id, reader=key, day=today)).first()
    if seen is not None or not quotas.take(current_app.config["ARTICLE_VIEWS_PER_IP"],
                                           "article-views-ip", client_ip):
        return False
    db.session.add(ArticleView(article_id=article.id, reader=key, day=today))
    try:
        db.session.flush()
    except IntegrityError:  # the same reader's other request counted it a moment ago
        db.session.rollback()
        return False
    db.session.execute(db.update(Article).where(Article.id == article.id).values(
        views=Article.views + 1))
    # Yesterday's rows have done their work; keep the table to about a day of readers.
    db.session.execute(db.delete(ArticleView).where(ArticleView.day < today))
    db.session.commit()
    return True


def visible(site, locale, account_type=""):
    """Return a query of the published articles a reader of `account_type` may see."""
    restricted = db.select(ArticleAudience.article_id).where(
        ArticleAudience.article_id == Article.id)
    admitted = restricted.where(ArticleAudience.account_type == account_type)
    return db.select(Article).filter_by(site_id=site.id, locale=locale, published=True).where(
        or_(~exists(restricted), exists(admitted)))


def popular(site, locale, account_type="", limit=8):
    """Return the most read articles the reader may see."""
    query = visible(site, locale, account_type).order_by(Article.views.desc(), Article.title)
    return db.session.execute(query.limit(limit)).scalars().all()


def in_category(site, locale, category, account_type="", kind=None):
    """Return the visible articles of a category (or of all, when category is None)."""
    query = visible(site, locale, account_type)
    if category is not None:
        query = query.filter_by(category_id=category.id)
    if kind:
        query = query.filter_by(kind=kind)
    return db.session.execute(query.order_by(Article.title)).scalars().all()


def categories(site, locale, account_type=""):
    """Return (category, visible article count) pairs in display order.

    A category whose articles the reader may read none of (restricted to other account types,
    or drafts) is left out: its name is content the reader may not see. Empty ones stay.
    """
    counts = dict(db.session.execute(
        visible(site, locale, account_type).with_only_columns(Article.category_id, func.count())
        .group_by(Article.category_id)).all())
    rows = db.session.execute(db.select(Category).filter_by(site_id=site.id, locale=locale)
                              .order_by(Category.position, Category.title)).scalars().all()
    filled = _filled_category_ids(site, locale)
    return [(c, counts.get(c.id, 0)) for c in rows if counts.get(c.id) or c.id not in filled]


def get_category(site, locale, slug, account_type=None):
    """Return a category (one the reader of `account_type` may see, if given), or NotFound."""
    category = category_with_slug(site, locale, slug)
    if category is not None and account_type is not None and not any(
            c.id == category.id for c, _count in categories(site, locale, account_type)):
        category = None
    if category is None:
        raise NotFound(_l("This category does not exist."))
    return category


def _filled_category_ids(site, locale):
    """Return the ids of the categories that hold any article, published or not."""
    return set(db.session.execute(db.select(Article.category_id).filter_by(
        site_id=site.id, locale=locale).where(Article.category_id.is_not(None)).distinct())
        .scalars())


def category_with_slug(site, locale, slug):
    """Return the category with this slug, or None."""
    return db.session.execute(db.select(Category).filter_by(
        site_id=site.id, locale=locale, slug=slug)).scalar_one_or_none()

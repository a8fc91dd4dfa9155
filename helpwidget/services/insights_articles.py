"""How the site's articles were read and rated in an Insights range."""
from sqlalchemy import and_, func

from helpwidget.extensions import db
from helpwidget.models import Article, ArticleFeedback, ArticleView
from helpwidget.services.insights_scope import count_if
from helpwidget.services.timeutil import iso


def _articles_of(scope):
    """Return the WHERE clause of the scope's articles."""
    clause = Article.site_id == scope.site_id
    return and_(clause, Article.locale == scope.locale) if scope.locale else clause


def _views_filter(scope):
    """Return the WHERE clause of the views of the scope's articles on its days."""
    return and_(ArticleView.day >= scope.start, ArticleView.day <= scope.end)


def _feedback_filter(scope):
    """Return the WHERE clause of the answers given in the range."""
    return and_(ArticleFeedback.created_at >= scope.since,
                ArticleFeedback.created_at < scope.until)


def view_totals(scope):
    """Return (article views, helpful, not helpful) of the range."""
    views = db.session.execute(
        db.select(func.count(ArticleView.id)).join(Article, Article.id == ArticleView.article_id)
        .where(_articles_of(scope), _views_filter(scope))).scalar_one()
    helpful, not_helpful = db.session.execute(
        db.select(count_if(ArticleFeedback.helpful.is_(True)),
                  count_if(ArticleFeedback.helpful.is_(False)))
        .join(Article, Article.id == ArticleFeedback.article_id)
        .where(_articles_of(scope), _feedback_filter(scope))).one()
    return views, helpful, not_helpful


def articles(scope, limit):
    """Return the most read articles (a reader counts once a day) with their ratings."""
    views = func.count(ArticleView.id)
    rows = db.session.execute(
        db.select(Article.id, Article.slug, Article.title, Article.locale, views)
        .join(ArticleView, ArticleView.article_id == Article.id)
        .where(_articles_of(scope), _views_filter(scope))
        .group_by(Article.id, Article.slug, Article.title, Article.locale)
        .order_by(views.desc(), Article.id).limit(limit)).all()
    ratings = {}
    if rows:
        ratings = {article_id: (helpful, not_helpful) for article_id, helpful, not_helpful in
                   db.session.execute(
                       db.select(ArticleFeedback.article_id,
                                 count_if(ArticleFeedback.helpful.is_(True)),
                                 count_if(ArticleFeedback.helpful.is_(False)))
                       .where(ArticleFeedback.article_id.in_([r[0] for r in rows]),
                              _feedback_filter(scope))
                       .group_by(ArticleFeedback.article_id))}
    return [{"id": article_id, "slug": slug, "title": title, "locale": locale, "views": count,
             "helpful": ratings.get(article_id, (0, 0))[0],
             "not_helpful": ratings.get(article_id, (0, 0))[1]}
            for article_id, slug, title, locale, count in rows]


def feedback(scope, limit):
    """Return the latest "was this helpful?" answers that came with a comment."""
    rows = db.session.execute(
        db.select(ArticleFeedback.article_id, Article.title, ArticleFeedback.helpful,
                  ArticleFeedback.comment, ArticleFeedback.created_at)
        .join(Article, Article.id == ArticleFeedback.article_id)
        .where(_articles_of(scope), _feedback_filter(scope), ArticleFeedback.comment != "")
        .order_by(ArticleFeedback.created_at.desc(), ArticleFeedback.id.desc()).limit(limit))
    return [{"article_id": article_id, "title": title, "helpful": helpful, "comment": comment,
             "created_at": iso(created)}
            for article_id, title, helpful, comment, created in rows]

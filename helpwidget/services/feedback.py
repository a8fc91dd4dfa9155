"""Answers to "was this helpful?": one per article and visitor, and the counts staff read."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func
from sqlalchemy.exc import IntegrityError

from helpwidget.errors import AppError
from helpwidget.extensions import db
from helpwidget.models import Article, ArticleFeedback


class AlreadyAnswered(AppError):
    """The visitor has already rated this article."""

    status = 409


def record(article, visitor, helpful, comment=""):
    """Store a visitor's answer once; return the article's counts."""
    if db.session.execute(db.select(ArticleFeedback.id).filter_by(
            article_id=article.id, visitor_id=visitor.id)).first():
        raise AlreadyAnswered(_l("You have already told us whether this article helped."))
    db.session.add(ArticleFeedback(article_id=article.id, visitor_id=visitor.id,
                                   helpful=helpful, comment=comment))
    try:
        db.session.commit()
    except IntegrityError:  # a double click raced the check above
        db.session.rollback()
        raise AlreadyAnswered(_l("You have already told us whether this article helped."))
    return counts(article)


def counts(article):
    """Return {"helpful": n, "not_helpful": n} for one article."""
    return summary([article.id]).get(article.id, {"helpful": 0, "not_helpful": 0})


def summary(article_ids=None, site=None):
    """Return helpful / not helpful counts per article id, for some articles or a site."""
    yes = func.sum(case((ArticleFeedback.helpful.is_(True), 1), else_=0))
    no = func.sum(case((ArticleFeedback.helpful.is_(False), 1), else_=0))
    query = db.select(ArticleFeedback.article_id, yes, no).group_by(ArticleFeedback.article_id)
    if article_ids is not None:
        query = query.where(ArticleFeedback.article_id.in_(article_ids))
    if site is not None:
        query = query.join(Article).where(Article.site_id == site.id)
    return {aid: {"helpful": int(y or 0), "not_helpful": int(n or 0)}
            for aid, y, n in db.session.execute(query)}


def comments(article):
    """Return the comments left with answers on an article, newest first."""
    return db.session.execute(db.select(ArticleFeedback).filter_by(article_id=article.id).where(
        ArticleFeedback.comment != "").order_by(ArticleFeedback.created_at.desc())).scalars().all()

"""Translations of an article: the same article in the site's other languages, linked by a key."""
import uuid

from flask_babel import lazy_gettext as _l

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Article
from helpwidget.services import audit


def members(article):
    """Return the other articles sharing the article's translation key, by locale."""
    if not article.translation_key:
        return []
    return db.session.execute(db.select(Article).where(
        Article.site_id == article.site_id, Article.translation_key == article.translation_key,
        Article.id != article.id).order_by(Article.locale, Article.id)).scalars().all()


def listed(article, account_type=None):
    """Return [{locale, slug, title, id}] of its translations; for a reader (`account_type`
    given, '' when anonymous) only those they may read."""
    found = members(article)
    if account_type is not None:
        found = [a for a in found if a.visible_to(account_type)]
    return [{"locale": a.locale, "slug": a.slug, "title": a.title, "id": a.id,
             **({"state": a.state} if account_type is None else {})} for a in found]


def set_links(article, links, actor=None, address=""):
    """Make `links` ({locale: article id or None}) the article's translations, then commit.

    Locales left out or None lose their link; an article linked here leaves its former group.
    """
    site = article.site
    chosen = {}
    for locale, target_id in links.items():
        if target_id is None:
            continue
        chosen[locale] = _target(article, locale, target_id)
    before = {a.locale: a.id for a in members(article)}
    for other in members(article):
        if chosen.get(other.locale) is not other:
            other.translation_key = None
    if chosen:
        key = article.translation_key or str(uuid.uuid4())
        article.translation_key = key
        for target in chosen.values():
            target.translation_key = key
    else:
        article.translation_key = None
    after = {locale: a.id for locale, a in chosen.items()}
    if before != after:
        audit.record(actor, "content", "translations", site=site, target=article.title,
                     target_id=article.id, changes={"translations": [before, after]},
                     address=address)
    db.session.commit()
    return listed(article)


def _target(article, locale, target_id):
    """Return the article `target_id` if it may be linked as the `locale` version, else raise."""
    target = db.session.get(Article, target_id)
    if target is None or target.site_id != article.site_id:
        message = _l("Choose an article of this site.")
        raise Invalid(message, fields={"links": [message]})
    if target.locale != locale or locale == article.locale or target.id == article.id:
        message = _l("Choose an article in this language.")
        raise Invalid(message, fields={"links": [message]})
    return target

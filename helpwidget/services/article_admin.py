"""Article management by site admins: listing, editing, publishing, scheduling, restoring."""
import logging
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from helpwidget.errors import Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Article, Category
from helpwidget.services import article_revisions, articles, audit, markdown

log = logging.getLogger(__name__)


def search(site, *, locale=None, q="", status="all", page=1, per_page=100):
    """Return (total, articles) of the site, published or not, by title."""
    conditions = [Article.site_id == site.id]
    if locale:
        conditions.append(Article.locale == locale)
    if status == "scheduled":
        conditions += [Article.published.is_(False), Article.publish_at.is_not(None)]
    elif status == "draft":
        conditions += [Article.published.is_(False), Article.publish_at.is_(None)]
    elif status != "all":
        conditions.append(Article.published.is_(status == "published"))
    if q:
        conditions.append(or_(Article.title.icontains(q, autoescape=True),
                              Article.slug.icontains(q, autoescape=True),
                              Article.summary.icontains(q, autoescape=True)))
    total = db.session.execute(db.select(db.func.count(Article.id)).where(*conditions)).scalar()
    query = (db.select(Article).where(*conditions)
             .options(selectinload(Article.category), selectinload(Article.site))
             .order_by(db.func.lower(Article.title), Article.locale, Article.id)
             .offset((page - 1) * per_page).limit(per_page))
    return total, db.session.execute(query).scalars().all()


def categories(site):
    """Return the site's categories in every locale, for the editor to offer."""
    return db.session.execute(db.select(Category).filter_by(site_id=site.id).order_by(
        Category.locale, Category.position, Category.title)).scalars().all()


def get(site, article_id):
    """Return the site's article `article_id`, published or not, or raise NotFound."""
    article = db.session.get(Article, article_id)
    if article is None or article.site_id != site.id:
        raise NotFound(_l("This article does not exist or is not available to you."))
    return article


def create(site, item, actor=None, address=""):
    """Create an article from validated editor input: a draft unless it says `published`."""
    item = {**item, "published": item.get("published", False)}
    locale = item.get("locale") or site.default_locale
    slug = item.get("slug") or slugify(item["title"], max_length=200)
    if not slug:  # a title of symbols only gives no address
        message = _l("Use lowercase letters, digits and hyphens only.")
        raise Invalid(message, fields={"slug": [message]})
    _check_free(site, locale, slug)
    entry = audit.record(actor, "content", "publish", site=site, target=item["title"],
                         address=address) if item["published"] else None
    article = articles.save_article(site, {**item, "locale": locale, "slug": slug})
    if entry is not None:  # stored with the article; its id is known only now
        entry.target_id = article.id
    _after_save(article, actor)
    return article


def update(article, item, actor=None, address=""):
    """Replace an article's fields with editor input (omitted locale, slug, state stay)."""
    item = {**item, "published": item.get("published", article.published)}
    locale = item.get("locale") or article.locale
    slug = item.get("slug") or article.slug
    # History starts with the text the article had before its first change.
    article_revisions.ensure_baseline(article)
    if (locale, slug) != (article.locale, article.slug):
        _check_free(article.site, locale, slug, article)
        # save_article finds articles by locale and slug: move this one first, routes along.
        article.locale, article.slug = locale, slug
        for route in article.routes:
            route.locale = locale
        db.session.flush()
    if item["published"] != article.published:
        _audit_state(article, "publish" if item["published"] else "unpublish", actor, address)
    if item["published"]:
        article.publish_at = None
    saved = articles.save_article(article.site, {**item, "locale": locale, "slug": slug})
    _after_save(saved, actor)
    return saved


def publish(article, actor=None, at=None, address=""):
    """Publish an article now, or schedule it for `at` (an aware time in the future)."""
    if at is not None:
        return _schedule(article, at, actor, address)
    if article.published:
        return article
    _audit_state(article, "publish", actor, address)
    article.publish_at = None
    return articles.save_article(article.site, {**editor_item(article), "published": True})


def unpublish(article, actor=None, address="", action="unpublish"):
    """Hide an article from readers and take it out of search; it stays editable."""
    if article.published or article.publish_at is not None:
        _audit_state(article, action, actor, address)
    article.publish_at = None
    return articles.save_article(article.site, {**editor_item(article), "published": False})


def restore(article, number, actor=None, address=""):
    """Bring back the text of revision `number` as a new revision; history is never rewritten."""
    revision = article_revisions.get(article, number)
    category = db.session.get(Category, revision.category_id) if revision.category_id else None
    item = {**editor_item(article), "title": revision.title, "summary": revision.summary,
            "body": revision.body_md, "tags": list(revision.tags or [])}
    if category is None or category.locale == article.locale:
        item["category"] = category.slug if category else ""
    audit.record(actor, "content", "restore", site=article.site, target=article.title,
                 target_id=article.id, changes={"revision": [None, number]}, address=address)
    return update(article, item, actor)


def publish_due(now=None):
    """Publish the scheduled articles whose time has come; return how many went live."""
    now = now or datetime.now(UTC)
    due = db.session.execute(db.select(Article.id).where(
        Article.published.is_(False), Article.publish_at.is_not(None),
        Article.publish_at <= now)).scalars().all()
    done = 0
    for article_id in due:
        # One statement claims the article, so two workers never publish it twice.
        claimed = db.session.execute(db.update(Article).where(
            Article.id == article_id, Article.published.is_(False),
            Article.publish_at.is_not(None)).values(publish_at=None)).rowcount
        if not claimed:
            continue
        article = db.session.get(Article, article_id, populate_existing=True)
        audit.record(None, "content", "publish", site=article.site, target=article.title,
                     target_id=article.id, changes={"scheduled": [True, False]})
        articles.save_article(article.site, {**editor_item(article), "published": True})
        done += 1
    if done:
        log.info("published %d scheduled articles", done)
    return done


def _schedule(article, at, actor, address):
    """Keep the article from readers until `at`, when the worker publishes it."""
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    if at <= datetime.now(UTC):
        message = _l("Choose a time in the future.")
        raise Invalid(message, fields={"at": [message]})
    if article.published:
        message = _l("This article is already published; unpublish it to schedule it.")
        raise Invalid(message, fields={"at": [message]})
    audit.record(actor, "content", "schedule", site=article.site, target=article.title,
                 target_id=article.id, changes={"publish_at": [
                     _iso(article.publish_at), at.isoformat()]}, address=address)
    article.publish_at = at
    db.session.commit()
    return article


def _audit_state(article, action, actor, address):
    """Add the audit entry of a change of the article's state."""
    audit.record(actor, "content", action, site=article.site, target=article.title,
                 target_id=article.id, changes={"state": [article.state, _next_state(action)]},
                 address=address)


def _next_state(action):
    """Return the state an action leaves an article in."""
    return "published" if action == "publish" else "draft"


def _iso(moment):
    """Return an ISO time or None."""
    return moment.isoformat() if moment else None


def _after_save(article, actor):
    """Record the saved text as a revision."""
    article_revisions.record(article, actor)
    db.session.commit()


def editor_item(article):
    """Return the article as editor input, so a change of one field keeps every other."""
    return {"title": article.title, "slug": article.slug, "locale": article.locale,
            "category": article.category.slug if article.category else "",
            "kind": article.kind, "summary": article.summary, "body": article.body_md,
            "tags": list(article.tags or []), "routes": article.route_patterns,
            "audience": article.audience, "video_url": article.video_url,
            "published": article.published}


def preview(text):
    """Return the sanitized HTML readers would get for this Markdown."""
    return markdown.render(text)


def _check_free(site, locale, slug, article=None):
    """Raise Invalid if another article of the site has this address."""
    other = db.session.execute(db.select(Article).filter_by(
        site_id=site.id, locale=locale, slug=slug)).scalar_one_or_none()
    if other is not None and other is not article:
        message = _l("Another article in this language already has this address.")
        raise Invalid(message, fields={"slug": [message]})

"""Article management by site admins: listing every article, creating, editing, unpublishing."""
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from helpwidget.errors import Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Article, Category
from helpwidget.services import articles, markdown


def search(site, *, locale=None, q="", status="all", page=1, per_page=100):
    """Return (total, articles) of the site, published or not, by title."""
    conditions = [Article.site_id == site.id]
    if locale:
        conditions.append(Article.locale == locale)
    if status != "all":
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


def create(site, item):
    """Create an article from validated editor input: a draft unless it says `published`."""
    item = {**item, "published": item.get("published", False)}
    locale = item.get("locale") or site.default_locale
    slug = item.get("slug") or slugify(item["title"], max_length=200)
    if not slug:  # a title of symbols only gives no address
        message = _l("Use lowercase letters, digits and hyphens only.")
        raise Invalid(message, fields={"slug": [message]})
    _check_free(site, locale, slug)
    return articles.save_article(site, {**item, "locale": locale, "slug": slug})


def update(article, item):
    """Replace an article's fields with editor input (omitted locale, slug, state stay)."""
    item = {**item, "published": item.get("published", article.published)}
    locale = item.get("locale") or article.locale
    slug = item.get("slug") or article.slug
    if (locale, slug) != (article.locale, article.slug):
        _check_free(article.site, locale, slug, article)
        # save_article finds articles by locale and slug: move this one first, routes along.
        article.locale, article.slug = locale, slug
        for route in article.routes:
            route.locale = locale
        db.session.flush()
    return articles.save_article(article.site, {**item, "locale": locale, "slug": slug})


def unpublish(article):
    """Hide an article from readers and take it out of search; it stays editable."""
    return articles.save_article(article.site, {**editor_item(article), "published": False})


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

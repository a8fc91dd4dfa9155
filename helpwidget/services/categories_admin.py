"""Help center categories for site admins: list, create, rename, reorder, delete (moving articles).

Every change is recorded in the audit trail in the same commit, and the search documents of the
articles concerned (which carry their category's slug and title) are updated after it.
"""
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import func

from helpwidget import search
from helpwidget.errors import Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Article, Category, Site
from helpwidget.services import articles, audit
from helpwidget.services.article_reading import category_with_slug


def listing(site, locale=None):
    """Return (category, article count) pairs of the site, by language and position."""
    query = db.select(Category).filter_by(site_id=site.id)
    if locale:
        query = query.filter_by(locale=locale)
    rows = db.session.execute(query.order_by(Category.locale, Category.position, Category.title,
                                             Category.id)).scalars().all()
    counts = dict(db.session.execute(
        db.select(Article.category_id, func.count()).filter_by(site_id=site.id)
        .where(Article.category_id.is_not(None)).group_by(Article.category_id)).all())
    return [(category, counts.get(category.id, 0)) for category in rows]


def get(site, category_id):
    """Return the site's category `category_id`, or raise NotFound."""
    category = db.session.get(Category, category_id)
    if category is None or category.site_id != site.id:
        raise NotFound(_l("This category does not exist."))
    return category


def create(site, locale, title, description="", *, actor=None, address=""):
    """Create a category at the end of its language's list; its address comes from its title."""
    if not site.speaks(locale):
        # Refused rather than added: the site's languages are a setting of their own.
        message = _l("This site's help center is not in this language.")
        raise Invalid(message, {"locale": [message]})
    slug = _free_slug(site, locale, _slug_from(title))
    category = _save(site, locale, slug, title, description)
    db.session.flush()
    audit.record(actor, "content", "category.create", site=site, target=title,
                 target_id=category.id, address=address,
                 changes={"title": [None, title], "slug": [None, slug], "locale": [None, locale]})
    db.session.commit()
    return category


def update(category, changes, *, actor=None, address=""):
    """Rename a category or change its description; its address changes only when asked."""
    site = _site_of(category)
    before = {"title": category.title, "slug": category.slug,
              "description": category.description}
    slug = changes.get("slug") or category.slug
    if slug != category.slug and category_with_slug(site, category.locale, slug) is not None:
        message = _l("Another category in this language already has this address.")
        raise Invalid(message, {"slug": [message]})
    _save(site, category.locale, category.slug, changes.get("title", category.title),
          changes.get("description", category.description))
    category.slug = slug
    db.session.flush()
    after = {"title": category.title, "slug": category.slug,
             "description": category.description}
    diff = audit.diff(before, after)
    if not diff:
        return category
    audit.record(actor, "content", "category.update", site=site, target=category.title,
                 target_id=category.id, address=address, changes=diff)
    docs = _documents(_articles_in(category))
    db.session.commit()
    articles.index_documents(docs)
    return category


def reorder(site, ids, *, actor=None, address=""):
    """Put the listed categories (all of one language) first, in this order; others follow."""
    chosen = [get(site, category_id) for category_id in dict.fromkeys(ids)]
    if not chosen:
        message = _l("List the categories in their new order.")
        raise Invalid(message, {"ids": [message]})
    locales = {category.locale for category in chosen}
    if len(locales) != 1:
        message = _l("Reorder the categories of one language at a time.")
        raise Invalid(message, {"ids": [message]})
    locale = locales.pop()
    current = [category for category, _ in listing(site, locale)]
    order = chosen + [category for category in current if category not in chosen]
    before = [category.slug for category in current]
    for position, category in enumerate(order, start=1):
        category.position = position
    after = [category.slug for category in order]
    if before != after:
        audit.record(actor, "content", "category.reorder", site=site, target=locale,
                     address=address, changes={"order": [before, after]})
    db.session.commit()
    return order


def delete(category, move_to=None, *, actor=None, address=""):
    """Delete a category, moving its articles to `move_to` (same site and language) or to none."""
    site = _site_of(category)
    target = None
    if move_to is not None:
        target = db.session.get(Category, move_to)
        if (target is None or target.site_id != category.site_id
                or target.locale != category.locale or target.id == category.id):
            message = _l("Choose another category of this site and language.")
            raise Invalid(message, {"move_to": [message]})
    moved = _articles_in(category)
    for article in moved:
        article.category = target
    db.session.flush()
    docs = _documents(moved)
    audit.record(actor, "content", "category.delete", site=site, target=category.title,
                 target_id=category.id, address=address,
                 changes={"title": [category.title, None], "slug": [category.slug, None],
                          "articles_moved_to": [None, target.slug if target else ""],
                          "articles_moved": [None, len(moved)]})
    db.session.delete(category)
    db.session.commit()
    articles.index_documents(docs)
    return len(moved)


def _site_of(category):
    """Return the site of a category."""
    return db.session.get(Site, category.site_id)


def _save(site, locale, slug, title, description):
    """Save through the articles service, which refuses a title another category has."""
    try:
        return articles.save_category(site, locale, slug, title, description)
    except Invalid as error:  # its field is the article's "category"; here it is the title
        raise Invalid(error.message, {"title": error.fields.get("category", [])}) from None


def _articles_in(category):
    """Return the articles filed under a category, published or not."""
    return db.session.execute(db.select(Article).filter_by(category_id=category.id)
                              .order_by(Article.id)).scalars().all()


def _documents(found):
    """Build search documents now: the commit expires the objects they are read from."""
    return [search.document_for(article) for article in found]


def _slug_from(title):
    """Return the address of a new category's title, or refuse a title without letters."""
    slug = slugify(title, max_length=190)
    if not slug:
        message = _l("Give the category a title with letters or digits.")
        raise Invalid(message, {"title": [message]})
    return slug


def _free_slug(site, locale, slug):
    """Return `slug`, or `slug-2`, `slug-3`... when another category has it already."""
    candidate, number = slug, 1
    while category_with_slug(site, locale, candidate) is not None:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate

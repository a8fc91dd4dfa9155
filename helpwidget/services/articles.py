"""Help center content: saving articles and categories, and keeping search in step with them."""
import logging
from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import func

from helpwidget import search
from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Article, ArticleAudience, ArticleRoute, Category
from helpwidget.services import markdown, routes, search_sync
from helpwidget.services.article_reading import category_with_slug

log = logging.getLogger(__name__)


def save_category(site, locale, slug, title, description="", position=None):
    """Create or update a category of a site's help center; refuse a title another one has."""
    # Readers tell topics apart by title: two with one title would show as identical topics.
    category = category_with_slug(site, locale, slug)
    namesake = _category_titled(site, locale, title)
    if namesake is not None and namesake is not category:
        raise Invalid(_l("Another category in this language is already titled “{title}” "
                         "(address {slug}).").format(title=namesake.title, slug=namesake.slug),
                      {"category": [_l("Another category in this language already has this "
                                       "title.")]})
    if category is None:
        category = Category(site_id=site.id, locale=locale, slug=slug, title=title,
                            position=position if position is not None else _next_position(site,
                                                                                           locale))
        db.session.add(category)
    else:
        category.title = title
        if position is not None:
            category.position = position
    category.description = description or ""
    return category


def save_articles(site, items):
    """Create or update articles from validated input; one commit, then one index update."""
    saved, docs = store_articles(site, items)
    index_documents(docs)
    return saved


def store_articles(site, items):
    """Write articles to the database in one commit; return them and their search documents."""
    existing = _existing_articles(site, items)
    categories = {}
    saved = [_apply(site, item, existing, categories) for item in items]
    db.session.flush()
    # Built before the commit expires the objects, so indexing reads no rows again.
    docs = [search.document_for(a) for a in saved]
    db.session.commit()
    return saved, docs


def save_article(site, item):
    """Create or update one article from validated input."""
    return save_articles(site, [item])[0]


def delete_article(article):
    """Delete an article and take it out of search."""
    db.session.delete(article)
    db.session.commit()
    index_documents([])


def index_documents(docs):
    """Bring this machine's search up to date now, with the documents just built from rows
    the caller committed; the database and its search change log stay the source of truth.

    Every other machine applies the same changes from the log. If this one cannot now (another
    writer held the index past SEARCH_WRITE_TIMEOUT), its follower applies them shortly.
    """
    try:
        search_sync.catch_up(prebuilt=docs)
    except Exception:  # stored and logged already; the follower catches up
        log.exception("search index update failed for %d articles", len(docs))


def reindex(article_ids):
    """Make these articles' index entries match the database (none for deleted or hidden ones)."""
    found = db.session.execute(db.select(Article).where(Article.id.in_(article_ids))
                               ).scalars().all()
    index = search.get_index()
    index.upsert([search.document_for(article) for article in found])
    index.delete(set(article_ids) - {article.id for article in found})


def check_for_site(site, item):
    """Raise Invalid if validated input breaks a rule of the site; return its locale."""
    locale = item.get("locale") or site.default_locale
    unknown = set(item.get("audience") or []) - set(site.account_types or [])
    # A site that lists its account types gets typos caught; one that lists none takes any.
    if site.account_types and unknown:
        raise Invalid(_l("Unknown account type."),
                      {"audience": [_l("Unknown account type: {name}.").format(
                          name=", ".join(sorted(unknown)))]})
    if (item.get("category") or "").strip() and not slugify(item["category"]):
        # A title of symbols only gives a new category no address.
        message = _l("Give the category a title with letters or digits.")
        raise Invalid(message, {"category": [message]})
    return locale


def _slug_of(item):
    """Return the slug an input item is saved under."""
    return item.get("slug") or slugify(item["title"], max_length=200)


def _existing_articles(site, items):
    """Load, in one query, the site's articles that the items will update."""
    slugs = {_slug_of(item) for item in items}
    rows = db.session.execute(db.select(Article).filter_by(site_id=site.id).where(
        Article.slug.in_(slugs))).scalars() if slugs else []
    return {(a.locale, a.slug): a for a in rows}


def _apply(site, item, existing, categories):
    """Write one validated article into the session (no commit)."""
    locale = check_for_site(site, item)
    if not site.speaks(locale):  # the schema admits only configured locales
        site.locales = [*(site.locales or [site.default_locale]), locale]
    slug = _slug_of(item)
    article = existing.get((locale, slug))
    if article is None:
        article = Article(site_id=site.id, site=site, locale=locale, slug=slug, views=0,
                          tags=[], routes=[], audiences=[])
        existing[(locale, slug)] = article
        db.session.add(article)
    values = {"title": item["title"], "summary": item.get("summary", ""),
              "body_md": item.get("body", ""), "kind": item.get("kind", "article"),
              "tags": list(item.get("tags") or []), "video_url": item.get("video_url") or "",
              "published": item.get("published", True)}
    changed = any(getattr(article, key) != value for key, value in values.items())
    if changed or not article.body_html:
        article.body_html = markdown.render(values["body_md"])
    for key, value in values.items():
        setattr(article, key, value)
    article.category = _category_for(site, locale, item.get("category", ""), categories)
    changed |= _set_routes(article, item.get("routes") or [])
    changed |= _set_audience(article, item.get("audience") or [])
    if changed or article.updated_at is None:
        article.updated_at = datetime.now(UTC)
    return article


def _set_routes(article, patterns):
    """Replace the article's route patterns; tell whether they changed."""
    normalized = list(dict.fromkeys(routes.normalize(p) for p in patterns))
    if normalized == article.route_patterns:
        return False
    article.routes = [ArticleRoute(site_id=article.site_id, locale=article.locale, pattern=p,
                                   exact=routes.is_exact(p)) for p in normalized]
    return True


def _set_audience(article, account_types):
    """Replace the account types allowed to read the article; tell whether they changed."""
    wanted = sorted(set(account_types))
    if wanted == article.audience:
        return False
    article.audiences = [ArticleAudience(account_type=t) for t in wanted]
    return True


def _category_for(site, locale, ref, known):
    """Find a category by slug or by title; create one from a title no category has yet."""
    ref = " ".join((ref or "").split())
    if not ref:
        return None
    if (locale, ref) not in known:
        slug = slugify(ref, max_length=200)
        # A title names its category whatever its slug: the editor sends titles, and a
        # category's slug need not be its slugified title (imports choose their own slugs).
        category = (category_with_slug(site, locale, ref) or _category_titled(site, locale, ref)
                    or category_with_slug(site, locale, slug))
        if category is None:
            category = save_category(site, locale, slug, ref)
            db.session.flush()
        known[(locale, ref)] = category
    return known[(locale, ref)]


def _same_title(a, b):
    """Tell whether two category titles read the same (case and spacing aside)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _category_titled(site, locale, title):
    """Return the category of this site and language with this title, or None."""
    # Compared in Python: SQLite's lower() leaves non-ASCII letters (Ó, Ł) as they are.
    with db.session.no_autoflush:
        rows = db.session.execute(db.select(Category).filter_by(
            site_id=site.id, locale=locale)).scalars()
        return next((c for c in rows if _same_title(c.title, title)), None)


def _next_position(site, locale):
    """Return the position after the last category."""
    last = db.session.execute(db.select(func.max(Category.position)).filter_by(
        site_id=site.id, locale=locale)).scalar()
    return (last or 0) + 1

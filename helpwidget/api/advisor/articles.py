"""Article management for site admins: list, create, read, edit, publish, translations."""
from flask import g, request
from flask_babel import lazy_gettext as _l

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.errors import Forbidden
from helpwidget.schemas.article_admin import (
    ArticleAdminInputSchema,
    ArticleAdminQuerySchema,
    ArticleAdminSchema,
    ArticleAdminSummarySchema,
    CategoryChoiceSchema,
    MarkdownPreviewSchema,
    PublishInputSchema,
    SiteInfoSchema,
    TranslationLinksSchema,
    TranslationSchema,
)
from helpwidget.services import advisors, article_admin, article_translations

_article = ArticleAdminSchema()


def _admin_site(site_key):
    """Return the site if the caller is its admin: 404 off its team, 403 on it but no admin."""
    site = site_for_advisor(g.advisor, site_key)
    if not advisors.is_admin(g.advisor, site):
        raise Forbidden(_l("Only the site's admins can manage its articles."))
    return site


@bp.get("/advisor/sites/<site_key>/articles")
@operation("Articles of a site, published or not, for its admins.",
           query=ArticleAdminQuerySchema, response=shapes.OBJECT)
def admin_articles(site_key):
    """List the site's articles, published and unpublished, with what the editor offers."""
    site = _admin_site(site_key)
    args = ArticleAdminQuerySchema().load(request.args)
    total, found = article_admin.search(site, locale=args.get("locale"), q=args["q"],
                                        status=args["status"], page=args["page"],
                                        per_page=args["per_page"])
    return {"site": SiteInfoSchema().dump(site), "total": total, "page": args["page"],
            "per_page": args["per_page"],
            "categories": CategoryChoiceSchema(many=True).dump(article_admin.categories(site)),
            "articles": ArticleAdminSummarySchema(many=True).dump(found)}


@bp.post("/advisor/sites/<site_key>/articles")
@operation("Create an article (site admins).", body=ArticleAdminInputSchema, status=201,
           response=ArticleAdminSchema)
def admin_create_article(site_key):
    """Create an article; readers find it in search at once when it is published."""
    site = _admin_site(site_key)
    item = ArticleAdminInputSchema().load(request.get_json(silent=True) or {})
    return _dump(article_admin.create(site, item, g.advisor, _address())), 201


@bp.get("/advisor/sites/<site_key>/articles/<id:article_id>")
@operation("One article for the editor.", response=ArticleAdminSchema)
def admin_article(site_key, article_id):
    """Return one article for the editor."""
    return _dump(article_admin.get(_admin_site(site_key), article_id))


@bp.put("/advisor/sites/<site_key>/articles/<id:article_id>")
@operation("Replace an article's content, routes and audience; search follows at once.",
           body=ArticleAdminInputSchema, response=ArticleAdminSchema)
def admin_update_article(site_key, article_id):
    """Replace an article's content, routes and audience; search follows at once."""
    article = article_admin.get(_admin_site(site_key), article_id)
    item = ArticleAdminInputSchema().load(request.get_json(silent=True) or {})
    return _dump(article_admin.update(article, item, g.advisor, _address()))


@bp.post("/advisor/sites/<site_key>/articles/<id:article_id>/unpublish")
@operation("Unpublish an article (it stays editable).", response=ArticleAdminSchema)
def admin_unpublish_article(site_key, article_id):
    """Unpublish an article: readers and search lose it, admins can still edit it."""
    article = article_admin.get(_admin_site(site_key), article_id)
    return _dump(article_admin.unpublish(article, g.advisor, _address()))


@bp.delete("/advisor/sites/<site_key>/articles/<id:article_id>")
@operation("Unpublish an article (it stays editable).", response=ArticleAdminSchema)
def admin_delete_article(site_key, article_id):
    """Unpublish an article, as DELETE: articles are never deleted, admins can still edit it."""
    article = article_admin.get(_admin_site(site_key), article_id)
    return _dump(article_admin.unpublish(article, g.advisor, _address(), action="delete"))


@bp.post("/advisor/sites/<site_key>/articles/<id:article_id>/publish")
@operation("Publish an article now, or schedule it with {\"at\": ISO time}.",
           body=PublishInputSchema, response=ArticleAdminSchema)
def admin_publish_article(site_key, article_id):
    """Publish an article now (search finds it at once) or schedule it for a later time."""
    article = article_admin.get(_admin_site(site_key), article_id)
    data = PublishInputSchema().load(request.get_json(silent=True) or {})
    return _dump(article_admin.publish(article, g.advisor, at=data["at"], address=_address()))


@bp.put("/advisor/sites/<site_key>/articles/<id:article_id>/translations")
@operation("Link an article to its versions in the site's other languages.",
           body=TranslationLinksSchema, response=shapes.OBJECT)
def admin_article_translations(site_key, article_id):
    """Replace the article's translation links; languages left out lose theirs."""
    article = article_admin.get(_admin_site(site_key), article_id)
    data = TranslationLinksSchema().load(request.get_json(silent=True) or {})
    links = article_translations.set_links(article, data["links"], g.advisor, _address())
    return {"translations": TranslationSchema(many=True).dump(links)}


def _dump(article):
    """Return the editor's view of an article with its translations."""
    return {**_article.dump(article),
            "translations": TranslationSchema(many=True).dump(article_translations.listed(article))}


def _address():
    """Return the caller's address for the audit trail."""
    return request.remote_addr or ""


@bp.post("/advisor/markdown-preview")
@operation("The sanitized HTML of article Markdown (admins).", body=MarkdownPreviewSchema,
           response=shapes.OBJECT)
def markdown_preview():
    """Return the sanitized HTML of a Markdown text, as readers would get it."""
    if not any(role == "admin" for _site, role in advisors.sites_of(g.advisor)):
        raise Forbidden(_l("Only the site's admins can manage its articles."))
    data = MarkdownPreviewSchema().load(request.get_json(silent=True) or {})
    return {"html": article_admin.preview(data["body"])}

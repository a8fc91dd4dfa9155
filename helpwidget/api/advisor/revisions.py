"""Revision history of articles: list, compare and restore."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_admin
from helpwidget.schemas.article_admin import (
    ArticleAdminSchema,
    RevisionSchema,
    RevisionSummarySchema,
    TranslationSchema,
)
from helpwidget.services import article_admin, article_revisions, article_translations

ARTICLE = "/advisor/sites/<site_key>/articles/<id:article_id>"


@bp.get(f"{ARTICLE}/revisions")
@operation("An article's revisions, newest first (site admins).", response=shapes.OBJECT)
def article_revision_list(site_key, article_id):
    """List the saved versions of an article."""
    article = article_admin.get(site_for_admin(g.advisor, site_key), article_id)
    revisions = article_revisions.history(article)
    return {"article_id": article.id, "current": revisions[0].number if revisions else None,
            "revisions": RevisionSummarySchema(many=True).dump(revisions)}


@bp.get(f"{ARTICLE}/revisions/<id:number>")
@operation("One revision of an article and its line diff against the current text.",
           response=shapes.OBJECT)
def article_revision(site_key, article_id, number):
    """Return a revision with what changed from it to the article's current text."""
    article = article_admin.get(site_for_admin(g.advisor, site_key), article_id)
    revision = article_revisions.get(article, number)
    return {"revision": RevisionSchema().dump(revision),
            "diff": article_revisions.compare(revision, article)}


@bp.post(f"{ARTICLE}/revisions/<id:number>/restore")
@operation("Bring back a revision's text as a new revision (site admins).",
           response=ArticleAdminSchema)
def article_revision_restore(site_key, article_id, number):
    """Restore a revision: the article takes its text, and history gains a revision."""
    article = article_admin.get(site_for_admin(g.advisor, site_key), article_id)
    restored = article_admin.restore(article, number, g.advisor, request.remote_addr or "")
    return {**ArticleAdminSchema().dump(restored), "translations": TranslationSchema(
        many=True).dump(article_translations.listed(restored))}

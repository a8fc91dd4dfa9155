"""Import and export of a site's articles as a zip of Markdown files."""
import io
import re

from flask import Response, g, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_admin
from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.schemas.article_files import load_article_file
from helpwidget.schemas.categories import ArchiveQuerySchema, ImportReportSchema
from helpwidget.services import article_archive, audit


@bp.post("/advisor/sites/<site_key>/articles/import")
@operation("Import a zip of Markdown files; answer the per-file report (site admins).",
           body=ArchiveQuerySchema, media="multipart/form-data", response=ImportReportSchema)
def admin_import_articles(site_key):
    """Import the Markdown files of an uploaded zip; bad files are reported, the rest saved."""
    site = site_for_admin(g.advisor, site_key)
    try:
        form, file = request.form, request.files.get("file")
    except RequestEntityTooLarge:
        message = _l("The file is too large.")
        raise Invalid(message, {"file": [message]}) from None
    args = ArchiveQuerySchema().load(form)
    if file is None:
        raise ValidationError({"file": [_l("Choose a zip file to import.")]})
    report = article_archive.import_zip(site, io.BytesIO(file.read()), args.get("locale"),
                                        load=load_article_file)
    audit.record(g.advisor, "content", "articles.import", site=site,
                 target=(file.filename or "")[:300], address=request.remote_addr or "",
                 changes={"imported": [None, len(report["imported"])],
                          "refused": [None, len(report["errors"])]})
    db.session.commit()
    return ImportReportSchema().dump(report)


@bp.get("/advisor/sites/<site_key>/articles/export.zip")
@operation("The site's articles (of one language, or all) as a zip of Markdown files.",
           query=ArchiveQuerySchema, response=shapes.ZIP)
def admin_export_articles(site_key):
    """Send the articles as the zip the import reads: <locale>/<slug>.md, _categories.yaml."""
    site = site_for_admin(g.advisor, site_key)
    locale = ArchiveQuerySchema().load(request.args).get("locale")
    data, count = article_archive.export_zip(site, locale)
    audit.record(g.advisor, "content", "articles.export", site=site, target=locale or "",
                 address=request.remote_addr or "", changes={"exported": [None, count]})
    db.session.commit()
    # Only safe characters in the header, whatever a site's key holds.
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", f"articles-{site.key}-{locale or 'all'}.zip")
    return Response(data, mimetype="application/zip", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})

"""POST /uploads and GET /attachments/<id>: files for tickets and comments."""
from flask import request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.limits import limit_per_visitor_and_ip
from helpwidget.auth.visitor import current_visitor, load_site
from helpwidget.schemas.attachment import (
    AttachmentQuerySchema,
    AttachmentSchema,
    UploadFormSchema,
)
from helpwidget.services import attachment_downloads, attachments


@bp.post("/uploads")
@operation("Upload a file to attach to a ticket or comment.", body=UploadFormSchema,
           media="multipart/form-data", status=201, response="Attachment", auth=True)
@limit_per_visitor_and_ip("RATELIMIT_UPLOADS")
def upload():
    """Store one file of the visitor's, to attach to a ticket or comment they send next."""
    try:
        form, file = request.form, request.files.get("file")
    except RequestEntityTooLarge:
        # Answer with the limit of a file, the one thing the person can act on.
        attachments.refuse_too_large()
    data = UploadFormSchema().load(form)
    site = load_site(data["site"])
    visitor = current_visitor(site, required=True)
    if file is None:
        raise ValidationError({"file": [_l("Choose a file to attach.")]})
    return AttachmentSchema().dump(attachments.store(site, file, visitor=visitor,
                                                     client_ip=request.remote_addr or "")), 201


@bp.get("/attachments/<attachment_id>")
@operation("Download an attachment of a ticket you may read.", query=AttachmentQuerySchema,
           response=shapes.DOWNLOAD, auth=True)
def download_attachment(attachment_id):
    """Send a file of a ticket the visitor may read, or their own unattached upload."""
    data = AttachmentQuerySchema().load(request.args)
    site = load_site(data["site"])
    visitor = current_visitor(site, required=True)
    return attachment_downloads.send(
        attachment_downloads.get_for_visitor(site, attachment_id, visitor))

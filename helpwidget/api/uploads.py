"""POST /uploads and GET /attachments/<id>: files for tickets and comments."""
from flask import request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from helpwidget.api import bp
from helpwidget.api.auth import current_visitor, limit_per_visitor_and_ip, load_site
from helpwidget.schemas.attachment import (
    AttachmentQuerySchema,
    AttachmentSchema,
    UploadFormSchema,
)
from helpwidget.services import attachments


@bp.post("/uploads")
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
    return AttachmentSchema().dump(attachments.store(site, file, visitor=visitor)), 201


@bp.get("/attachments/<attachment_id>")
def download_attachment(attachment_id):
    """Send a file of a ticket the visitor may read, or their own unattached upload."""
    data = AttachmentQuerySchema().load(request.args)
    site = load_site(data["site"])
    visitor = current_visitor(site, required=True)
    return attachments.send(attachments.get_for_visitor(site, attachment_id, visitor))

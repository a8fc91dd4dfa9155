"""POST /advisor/uploads: an advisor's file, to send in a chat or ticket reply next."""
from flask import g, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from helpwidget.api.advisor import bp
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.schemas.attachment import AttachmentSchema
from helpwidget.schemas.chat import SiteFormSchema
from helpwidget.services import attachments


@bp.post("/advisor/uploads")
@operation("Upload a file to send in a chat or ticket reply.", body=SiteFormSchema,
           media="multipart/form-data", status=201, response="Attachment")
def advisor_upload():
    """Store one file of the advisor's, to send in a chat or ticket reply next."""
    try:
        form, file = request.form, request.files.get("file")
    except RequestEntityTooLarge:
        attachments.refuse_too_large()
    site = site_for_advisor(g.advisor, SiteFormSchema().load(form)["site"])
    if file is None:
        raise ValidationError({"file": [_l("Choose a file to attach.")]})
    return AttachmentSchema().dump(attachments.store(site, file, advisor=g.advisor)), 201

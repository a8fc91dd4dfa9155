"""Chat over REST: availability before a widget connects, and advisors' chat uploads."""
from flask import request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.exceptions import RequestEntityTooLarge

from helpwidget.api import bp
from helpwidget.api.advisor_auth import current_advisor, site_for_advisor
from helpwidget.api.auth import load_site
from helpwidget.schemas.attachment import AttachmentSchema
from helpwidget.schemas.chat import AvailabilityQuerySchema, SiteFormSchema
from helpwidget.services import attachments, presence


@bp.get("/chat/availability")
def chat_availability():
    """Say whether an advisor can chat now, within the site's support hours."""
    site = load_site(AvailabilityQuerySchema().load(request.args)["site"])
    state = presence.availability(site)
    opens = state["next_open"]
    return {**state, "next_open": opens.isoformat().replace("+00:00", "Z") if opens else None,
            "topics": site.chat_topics or []}


@bp.post("/advisor/uploads")
def advisor_upload():
    """Store one file of the advisor's, to send in a chat or ticket reply next."""
    advisor = current_advisor()
    try:
        form, file = request.form, request.files.get("file")
    except RequestEntityTooLarge:
        attachments.refuse_too_large()
    site = site_for_advisor(advisor, SiteFormSchema().load(form)["site"])
    if file is None:
        raise ValidationError({"file": [_l("Choose a file to attach.")]})
    return AttachmentSchema().dump(attachments.store(site, file, advisor=advisor)), 201

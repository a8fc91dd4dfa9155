"""Attachment downloads: who may fetch a file, and serving it so that no browser renders it."""
import os

from flask import send_file
from flask_babel import lazy_gettext as _l

from helpwidget.errors import NotFound
from helpwidget.extensions import db
from helpwidget.models import Attachment, Chat, ChatMessage
from helpwidget.services import ticket_access
from helpwidget.services.attachment_files import path_of
from helpwidget.services.attachments import unclaimed

# Only these are served with their own type; everything else downloads as opaque bytes.
SERVED_AS_IS = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}


def visible_to_visitor(attachment, visitor):
    """Tell whether the visitor may download this file."""
    if attachment is None or visitor is None or attachment.site_id != visitor.site_id:
        return False
    if unclaimed(attachment):
        return attachment.uploader_visitor_id == visitor.id
    if attachment.chat_message_id is not None:
        return _chat_of_visitor(attachment, visitor)
    if not ticket_access.can_read(visitor, attachment.ticket):
        return False
    return attachment.comment is None or not attachment.comment.internal


def _chat_of_visitor(attachment, visitor):
    """Tell whether the file was sent in a chat of this visitor (or of their user)."""
    chat = db.session.execute(
        db.select(Chat).join(ChatMessage, ChatMessage.chat_id == Chat.id)
        .where(ChatMessage.id == attachment.chat_message_id)).scalar_one_or_none()
    return chat is not None and (chat.visitor_id == visitor.id or bool(
        chat.user_id and chat.user_id == visitor.user_id))


def get_for_visitor(site, attachment_id, visitor):
    """Return the attachment if the visitor may download it; NotFound otherwise."""
    attachment = db.session.get(Attachment, attachment_id) if len(attachment_id) <= 32 else None
    if attachment is None or attachment.site_id != site.id or not visible_to_visitor(
            attachment, visitor):
        raise NotFound(_l("This file is not available."))
    return attachment


def send(attachment):
    """Return the file as a download that no browser renders or sniffs."""
    path = path_of(attachment.storage_key)
    if not os.path.isfile(path):
        raise NotFound(_l("This file is not available."))
    content_type = attachment.content_type
    response = send_file(
        path, as_attachment=True, download_name=attachment.filename,
        mimetype=content_type if content_type in SERVED_AS_IS else "application/octet-stream",
        etag=attachment.sha256, last_modified=attachment.created_at, max_age=None)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response

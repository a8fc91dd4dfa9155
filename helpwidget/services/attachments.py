"""Attachments: uploads checked by content and charged to quotas, then claimed by one message."""
import hashlib
import io
import re
import secrets
import unicodedata
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from helpwidget.errors import AppError, Invalid
from helpwidget.extensions import db
from helpwidget.models import Attachment
from helpwidget.services import content_sniffing, quotas
from helpwidget.services.attachment_files import disk_low, path_of, remove, write_atomically


class FileTooLarge(AppError):
    """The uploaded file is over the size limit."""

    status = 413


class OverQuota(AppError):
    """The uploader (or their address, or the site) has uploaded too much this hour."""

    status = 429


class NoRoom(AppError):
    """The uploads disk is nearly full even after unclaimed uploads were swept."""

    status = 503


_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*]')
_MAX_NAME = 200
_CHUNK = 64 * 1024


def store(site, file_storage, visitor=None, advisor=None, client_ip=None):
    """Check an uploaded file by its content, keep it outside the web root and return its row.

    A visitor's upload counts its bytes against the hourly quotas per visitor, per IP address
    (`client_ip`) and per site; a disk running low sweeps unclaimed uploads first.
    """
    name = display_name(file_storage.filename or "")
    data = _read_capped(file_storage.stream)
    kind, name = content_sniffing.check(name, data)
    if visitor is not None:
        _charge(site, visitor, client_ip, len(data))
    return _keep(site, kind, name, data, visitor, advisor)


def store_bytes(site, filename, data, visitor=None):
    """Check a file that came another way than an upload (an email's) and keep it unclaimed.

    The same content checks and size limit as an upload; no visitor quota is charged, since the
    email it came in was already taken. Raises Invalid when the file is refused.
    """
    if len(data) > current_app.config["ATTACHMENT_MAX_BYTES"]:
        refuse_too_large()
    if not data:
        content_sniffing.refuse_file(_l("The file is empty."))
    kind, name = content_sniffing.check(display_name(filename or ""), data)
    return _keep(site, kind, name, data, visitor, None)


def _keep(site, kind, name, data, visitor, advisor):
    """Write checked bytes outside the web root and commit their row; return it."""
    _make_room(len(data))
    content_type = content_sniffing.stored_type(kind, name)
    random_key = secrets.token_hex(16)
    storage_key = f"{site.id}/{random_key[:2]}/{random_key}"
    path = write_atomically(storage_key, data)
    attachment = Attachment(
        id=secrets.token_hex(16), site_id=site.id, filename=name, content_type=content_type,
        size=len(data), sha256=hashlib.sha256(data).hexdigest(), storage_key=storage_key,
        uploader_visitor_id=visitor.id if visitor else None,
        uploader_advisor_id=advisor.id if advisor else None)
    db.session.add(attachment)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        remove(path)
        raise
    return attachment


def claim(site, ids, *, ticket=None, comment=None, chat_message=None, visitor=None, advisor=None):
    """Attach the uploader's own unattached uploads to a ticket, comment or chat message.

    The caller commits.
    """
    ids = list(dict.fromkeys(ids or []))
    if not ids:
        return []
    limit = current_app.config["ATTACHMENTS_PER_MESSAGE"]
    if len(ids) > limit:
        _refuse_claim(_l("Attach at most %(limit)s files to one message.", limit=limit))
    found = {a.id: a for a in db.session.execute(
        db.select(Attachment).where(Attachment.site_id == site.id, Attachment.id.in_(ids))
        .with_for_update()).scalars()}
    claimed = [found.get(i) for i in ids]
    # Someone else's upload and a missing one look the same: ids reveal nothing.
    if any(a is None or not _uploaded_by(a, visitor, advisor) for a in claimed):
        _refuse_claim(_l("An attached file is no longer available. Upload it again."))
    if any(not unclaimed(a) for a in claimed):
        _refuse_claim(_l("A file is already attached to another message. Upload it again."))
    for attachment in claimed:
        attachment.ticket = ticket
        attachment.comment = comment
        attachment.chat_message_id = chat_message.id if chat_message is not None else None
    return claimed


def unclaimed(attachment):
    """Tell whether no ticket, comment or chat message holds the file yet."""
    return attachment.ticket_id is None and attachment.comment_id is None \
        and attachment.chat_message_id is None


def _charge(site, visitor, client_ip, size):
    """Count `size` bytes against the hourly upload quotas, or raise OverQuota (nothing counted)."""
    config = current_app.config
    claims = [((config["UPLOAD_BYTES_PER_VISITOR"], 3600), "upload-bytes-visitor", visitor.id,
               size),
              ((config["UPLOAD_BYTES_PER_SITE"], 3600), "upload-bytes-site", site.id, size)]
    if client_ip:
        claims.append(((config["UPLOAD_BYTES_PER_IP"], 3600), "upload-bytes-ip", client_ip,
                       size))
    if not quotas.take_all(claims):
        message = _l("You have uploaded too much in the last hour. Try again later, or attach "
                     "smaller files.")
        raise OverQuota(message, fields={"file": [message]}, code="upload_quota")


def _make_room(size):
    """Sweep unclaimed uploads sooner when the disk runs low; refuse when it stays low."""
    if not disk_low(size):
        return
    delete_unclaimed(current_app.config["UNCLAIMED_UPLOAD_TTL_LOW_DISK"])
    if disk_low(size):
        message = _l("The server has no room for files right now. Try again later.")
        raise NoRoom(message, fields={"file": [message]}, code="no_room")


def delete_unclaimed(older_than_seconds=None):
    """Delete uploads nobody attached within the TTL, rows and files; return how many.

    While the disk runs low, the shorter UNCLAIMED_UPLOAD_TTL_LOW_DISK applies.
    """
    ttl = current_app.config["UNCLAIMED_UPLOAD_TTL"] if older_than_seconds is None \
        else older_than_seconds
    if older_than_seconds is None and disk_low():
        ttl = min(ttl, current_app.config["UNCLAIMED_UPLOAD_TTL_LOW_DISK"])
    cutoff = datetime.now(UTC) - timedelta(seconds=ttl)
    # One statement, so an upload claimed meanwhile is never deleted.
    keys = db.session.execute(
        db.delete(Attachment).where(Attachment.ticket_id.is_(None),
                                    Attachment.comment_id.is_(None),
                                    Attachment.chat_message_id.is_(None),
                                    Attachment.created_at < cutoff)
        .returning(Attachment.storage_key)).scalars().all()
    db.session.commit()
    for key in keys:
        remove(path_of(key))
    return len(keys)


def refuse_too_large():
    """Raise FileTooLarge naming the size limit of one file."""
    megabytes = round(current_app.config["ATTACHMENT_MAX_BYTES"] / (1024 * 1024), 1)
    message = _l("The file is too large. Attach files of up to %(size)s MB.",
                 size=format_decimal(megabytes))
    raise FileTooLarge(message, fields={"file": [message]})


def display_name(raw):
    """Return a file name safe to show and to offer as a download name, unicode kept."""
    name = unicodedata.normalize("NFC", raw.replace("\\", "/").rsplit("/", 1)[-1])
    # Line breaks and tabs become spaces; format characters go, such as the bidi override
    # that shows "photo\u202egnp.exe" as "photoexe.png".
    name = "".join(" " if _category(c) in ("Cc", "Z") else "" if _category(c) == "C" else c
                   for c in name)
    name = " ".join(_UNSAFE_NAME_CHARS.sub("_", name).split()).strip(". ")
    if len(name) > _MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        if not dot or len(ext) > 20:
            stem, ext = name, ""
        name = stem[:_MAX_NAME - len(ext) - 1].rstrip(". ") + ("." + ext if ext else "")
    return name or "file"


def _category(char):
    """Return the Unicode category of a character, Cc kept apart from the other C* and Z*."""
    category = unicodedata.category(char)
    return category if category == "Cc" else category[0]


def _read_capped(stream):
    """Read at most one byte more than the limit, whatever the request claimed its size was."""
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    buffer = io.BytesIO()
    while buffer.tell() <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - buffer.tell()))
        if not chunk:
            break
        buffer.write(chunk)
    data = buffer.getvalue()
    if len(data) > limit:
        refuse_too_large()
    if not data:
        content_sniffing.refuse_file(_l("The file is empty."))
    return data


def _uploaded_by(attachment, visitor, advisor):
    """Tell whether this visitor or advisor uploaded the file."""
    if visitor is not None:
        return attachment.uploader_visitor_id == visitor.id
    return advisor is not None and attachment.uploader_advisor_id == advisor.id


def _refuse_claim(message):
    """Refuse a claim, the message shown on the attachments field."""
    raise Invalid(message, fields={"attachments": [message]})

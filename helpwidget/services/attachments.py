"""Attachments: uploads checked by content, stored outside the web root, served inert."""
import hashlib
import io
import math
import os
import re
import secrets
import tempfile
import unicodedata
import zipfile
from datetime import UTC, datetime, timedelta

import filetype
from flask import current_app, send_file
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from helpwidget.errors import AppError, Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Attachment, Chat, ChatMessage
from helpwidget.services import ticket_access


class FileTooLarge(AppError):
    """The uploaded file is over the size limit."""

    status = 413


class Kind:
    """An accepted kind of file: its content type, the extensions it may carry, a label."""

    def __init__(self, content_type, extensions, label):
        self.content_type = content_type
        self.extensions = extensions
        self.label = label


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."
KINDS = {
    "png": Kind("image/png", ("png",), _l("a PNG image")),
    "jpeg": Kind("image/jpeg", ("jpg", "jpeg"), _l("a JPEG image")),
    "gif": Kind("image/gif", ("gif",), _l("a GIF image")),
    "webp": Kind("image/webp", ("webp",), _l("a WebP image")),
    "pdf": Kind("application/pdf", ("pdf",), _l("a PDF document")),
    "docx": Kind(_OOXML + "wordprocessingml.document", ("docx",), _l("a Word document")),
    "xlsx": Kind(_OOXML + "spreadsheetml.sheet", ("xlsx",), _l("an Excel spreadsheet")),
    "pptx": Kind(_OOXML + "presentationml.presentation", ("pptx",),
                 _l("a PowerPoint presentation")),
    "odt": Kind(_ODF + "text", ("odt",), _l("an OpenDocument text")),
    "ods": Kind(_ODF + "spreadsheet", ("ods",), _l("an OpenDocument spreadsheet")),
    "odp": Kind(_ODF + "presentation", ("odp",), _l("an OpenDocument presentation")),
    "doc": Kind("application/msword", ("doc",), _l("a Word 97-2003 document")),
    "xls": Kind("application/vnd.ms-excel", ("xls",), _l("an Excel 97-2003 spreadsheet")),
    "zip": Kind("application/zip", ("zip",), _l("a ZIP archive")),
    "text": Kind("text/plain", ("txt", "csv", "log"), _l("a plain text file")),
}
_ODF_KINDS = {_ODF + "text": "odt", _ODF + "spreadsheet": "ods", _ODF + "presentation": "odp"}
_BY_MIME = {"image/png": "png", "image/apng": "png", "image/jpeg": "jpeg", "image/gif": "gif",
            "image/webp": "webp", "application/pdf": "pdf"}
_TEXT_TYPES = {"csv": "text/csv"}
# Only these are served with their own type; everything else downloads as opaque bytes.
SERVED_AS_IS = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Stream names in a legacy Office file's directory, stored as UTF-16LE.
_OLE_STREAMS = {"doc": ("WordDocument",), "xls": ("Workbook", "Book")}
# Archives declaring more than this unpacked are zip bombs for whoever opens them.
_MAX_UNPACKED_RATIO = 100
# Archives inside archives inside archives... are looked into this many levels deep; deeper
# nesting is what zip bombs do, not what people attach.
_MAX_NESTING = 3
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
               ValueError, EOFError, OSError)
_MARKUP = ("<!doctype", "<html", "<head", "<body", "<script", "<svg", "<?xml", "<iframe", "<!--")
_NOT_ACCEPTED = _l("This kind of file is not accepted. Attach images (PNG, JPEG, GIF, WebP), "
                   "PDF, Word, Excel, PowerPoint or OpenDocument files, ZIP archives or plain "
                   "text (TXT, CSV, LOG).")
_UNSAFE_NAME_CHARS = re.compile(r'[<>:"/\\|?*]')
_MAX_NAME = 200
_CHUNK = 64 * 1024


def store(site, file_storage, visitor=None, advisor=None):
    """Check an uploaded file by its content, keep it outside the web root and return its row."""
    name = display_name(file_storage.filename or "")
    data = _read_capped(file_storage.stream)
    kind, name = _check(name, data)
    content_type = _TEXT_TYPES.get(_extension(name), kind.content_type)
    random_key = secrets.token_hex(16)
    storage_key = f"{site.id}/{random_key[:2]}/{random_key}"
    path = _write_atomically(storage_key, data)
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
        _remove(path)
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
    if any(not _unclaimed(a) for a in claimed):
        _refuse_claim(_l("A file is already attached to another message. Upload it again."))
    for attachment in claimed:
        attachment.ticket = ticket
        attachment.comment = comment
        attachment.chat_message_id = chat_message.id if chat_message is not None else None
    return claimed


def _unclaimed(attachment):
    """Tell whether no ticket, comment or chat message holds the file yet."""
    return attachment.ticket_id is None and attachment.comment_id is None \
        and attachment.chat_message_id is None


def visible_to_visitor(attachment, visitor):
    """Tell whether the visitor may download this file."""
    if attachment is None or visitor is None or attachment.site_id != visitor.site_id:
        return False
    if _unclaimed(attachment):
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
    path = _path(attachment.storage_key)
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


def delete_unclaimed(older_than_seconds=None):
    """Delete uploads nobody attached within the TTL, rows and files; return how many."""
    ttl = current_app.config["UNCLAIMED_UPLOAD_TTL"] if older_than_seconds is None \
        else older_than_seconds
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
        _remove(_path(key))
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
        _refuse_file(_l("The file is empty."))
    return data


def _check(name, data):
    """Return (kind, name) when content and name agree; refuse anything else."""
    extension = _extension(name)
    key = _detect(data, extension)
    if key is None:
        if extension in KINDS["text"].extensions and not _is_utf8(data):
            _refuse_file(_l("“%(name)s” is not plain text in UTF-8. Save it as UTF-8 text "
                            "(CSV UTF-8 in Excel) and try again.", name=name))
        _refuse_file(_NOT_ACCEPTED)
    kind = KINDS[key]
    if not extension:
        # A pasted screenshot may come unnamed; the content says what it is.
        return kind, f"{name}.{kind.extensions[0]}"
    if extension not in kind.extensions:
        if key == "text":
            # Text is what is left when nothing else matched: no better name to suggest.
            _refuse_file(_NOT_ACCEPTED)
        _refuse_file(_l("“%(name)s” is really %(kind)s, not a .%(extension)s file. Rename it "
                        "to .%(expected)s or attach another file.", name=name, kind=kind.label,
                        extension=extension, expected=kind.extensions[0]))
    return kind, name


def _detect(data, extension):
    """Return the key of the accepted kind the content is, or None."""
    if data[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        return _zip_kind(data)
    if data[:8] == _OLE_MAGIC:
        return _ole_kind(data, extension)
    match = filetype.match(data[:8192])
    key = _BY_MIME.get(match.mime) if match else None
    # Some signatures are two or three letters ("BM", "GIF"): text may start with them too.
    if key and (key != "gif" or data[:6] in (b"GIF87a", b"GIF89a")):
        return key
    return "text" if _is_text(data) else None


def _unpacked_size(archive, limit, budget, depth=0):
    """Return the declared unpacked size of an archive, counting archives nested in it.

    Nested archives are read (at most `budget[0]` bytes in all) only to count their entries;
    past _MAX_NESTING levels the size counts as infinite. Stops counting once over `limit`.
    """
    total = 0
    for entry in archive.infolist():
        total += entry.file_size
        if total > limit:
            return total
        if entry.file_size < 22 or entry.file_size > budget[0]:
            continue  # too small to be an archive, or too large to look into: counted as is
        try:
            with archive.open(entry) as member:
                if member.read(4) != b"PK\x03\x04":
                    continue
                if depth >= _MAX_NESTING:
                    return math.inf
                nested = b"PK\x03\x04" + member.read(entry.file_size)
            budget[0] -= len(nested)
            with zipfile.ZipFile(io.BytesIO(nested)) as inner:
                total += _unpacked_size(inner, limit - total, budget, depth + 1)
        except _ZIP_ERRORS:
            continue  # a damaged or encrypted member: its declared size is counted already
    return total


def _zip_kind(data):
    """Tell Office and OpenDocument files from plain ZIP archives by their entries."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            mimetype = next((e for e in entries if e.filename == "mimetype"), None)
            declared = b""
            if mimetype is not None:
                with archive.open(mimetype) as member:
                    declared = member.read(100)
            # Never unpacked here, but whoever opens it would be: refuse zip bombs, also those
            # that hide their size in archives inside the archive (42.zip).
            limit = _MAX_UNPACKED_RATIO * current_app.config["ATTACHMENT_MAX_BYTES"]
            budget = [current_app.config["ATTACHMENT_MAX_BYTES"]]
            if _unpacked_size(archive, limit, budget) > limit:
                return None
    except _ZIP_ERRORS:
        return None
    declared = declared.decode("ascii", "replace").strip()
    if declared in _ODF_KINDS:
        return _ODF_KINDS[declared]
    names = [e.filename for e in entries]
    if "[Content_Types].xml" in names:
        for prefix, key in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(n.startswith(prefix) for n in names):
                return key
    return "zip"


def _ole_kind(data, extension):
    """Tell legacy Word and Excel files by the streams their directory names."""
    found = [key for key, streams in _OLE_STREAMS.items()
             if any(s.encode("utf-16-le") + b"\x00\x00" in data for s in streams)]
    # A workbook may embed a Word document (and the reverse): the name decides between them.
    return extension if extension in found else next(iter(found), None)


def _is_text(data):
    """Tell whether the content is UTF-8 text that no browser takes for markup."""
    return _is_utf8(data) and not data.decode("utf-8-sig")[:1024].lstrip().lower().startswith(
        _MARKUP)


def _is_utf8(data):
    """Tell whether the content is UTF-8 without NUL bytes (UTF-16 text has them)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in data


def _extension(name):
    """Return the lowercase extension of a file name, or ""."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def _uploaded_by(attachment, visitor, advisor):
    """Tell whether this visitor or advisor uploaded the file."""
    if visitor is not None:
        return attachment.uploader_visitor_id == visitor.id
    return advisor is not None and attachment.uploader_advisor_id == advisor.id


def _refuse_file(message):
    """Refuse an upload, the message shown on the file field."""
    raise Invalid(message, fields={"file": [message]})


def _refuse_claim(message):
    """Refuse a claim, the message shown on the attachments field."""
    raise Invalid(message, fields={"attachments": [message]})


def _path(storage_key):
    """Return the absolute path of a stored file."""
    return os.path.join(current_app.config["UPLOADS_DIR"], *storage_key.split("/"))


def _write_atomically(storage_key, data):
    """Write the file under a temporary name, then move it into place; return its path."""
    path = _path(storage_key)
    folder = os.path.dirname(path)
    os.makedirs(folder, exist_ok=True)
    # mkstemp creates the file readable by this user only.
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise
    return path


def _remove(path):
    """Delete a file if it is there."""
    try:
        os.remove(path)
    except FileNotFoundError:
        pass

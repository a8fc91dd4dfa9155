"""What an uploaded file really is, by its content: the accepted kinds, and the name it must carry.

Images, PDF, Office and OpenDocument files, ZIP archives and plain UTF-8 text are accepted when
their content and their extension agree; markup, zip bombs and anything else are refused.
"""
import io
import math
import zipfile

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Invalid


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
def check(name, data):
    """Return (kind, name) when content and name agree; refuse anything else."""
    extension = _extension(name)
    key = _detect(data, extension)
    if key is None:
        if extension in KINDS["text"].extensions and not _is_utf8(data):
            refuse_file(_l("“%(name)s” is not plain text in UTF-8. Save it as UTF-8 text "
                            "(CSV UTF-8 in Excel) and try again.", name=name))
        refuse_file(_NOT_ACCEPTED)
    kind = KINDS[key]
    if not extension:
        # A pasted screenshot may come unnamed; the content says what it is.
        return kind, f"{name}.{kind.extensions[0]}"
    if extension not in kind.extensions:
        if key == "text":
            # Text is what is left when nothing else matched: no better name to suggest.
            refuse_file(_NOT_ACCEPTED)
        refuse_file(_l("“%(name)s” is really %(kind)s, not a .%(extension)s file. Rename it "
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


def refuse_file(message):
    """Refuse an upload, the message shown on the file field."""
    raise Invalid(message, fields={"file": [message]})


def stored_type(kind, name):
    """Return the content type a file of this kind and name is stored with."""
    return _TEXT_TYPES.get(_extension(name), kind.content_type)

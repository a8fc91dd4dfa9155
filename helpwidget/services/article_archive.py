"""A site's articles as a zip of Markdown files: the console's import and export.

The zip holds the folder layout of `flask articles import|export` (<locale>/<slug>.md and
<locale>/_categories.yaml); it is unpacked, within bounds, into a private temporary folder that
the folder importer reads, so the console and the command give the same per-file report.
"""
import io
import os
import posixpath
import re
import shutil
import tempfile
import zipfile

from flask_babel import lazy_gettext as _l

from helpwidget.errors import Invalid
from helpwidget.services import article_files

# Bounds of an uploaded archive: a zip of a few KB can claim or unpack to gigabytes.
MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 50 * 1024 * 1024
MAX_FILE_BYTES = 2 * 1024 * 1024
_CHUNK = 64 * 1024
_WANTED = (".md", ".markdown")
_DRIVE = re.compile(r"^[A-Za-z]:")


def import_zip(site, stream, locale=None, *, load):
    """Import the Markdown files of a zip; return {imported, errors, ignored} by path in it.

    `load` validates one file's fields, as for article_files.import_folder.
    """
    archive = _open(stream)
    folder = tempfile.mkdtemp(prefix="helpwidget-import-")
    try:
        ignored = _unpack(archive, folder)
        report = article_files.import_folder(site, folder, locale, load=load)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    inside = _relative_to(folder)
    return {"imported": [{"path": inside(path), "locale": code, "slug": slug}
                         for path, code, slug in report.imported],
            "errors": [{"path": inside(path), "reason": reason} for path, reason in report.errors],
            "ignored": ignored}


def export_zip(site, locale=None):
    """Return (zip bytes, article count) of the site's articles, in the import's layout."""
    folder = tempfile.mkdtemp(prefix="helpwidget-export-")
    try:
        count = article_files.export_folder(site, folder, locale)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for directory, _, names in sorted(os.walk(folder)):
                for name in sorted(names):
                    path = os.path.join(directory, name)
                    archive.write(path, os.path.relpath(path, folder).replace(os.sep, "/"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return buffer.getvalue(), count


def _open(stream):
    """Return the ZipFile of an upload, or raise Invalid when it is not a readable zip."""
    try:
        return zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError):
        message = _l("This file is not a zip archive.")
        raise Invalid(message, {"file": [message]}) from None


def _unpack(archive, folder):
    """Write the archive's Markdown and category files under `folder`; return ignored names."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        _refuse(_l("The archive holds more than {count} files.").format(count=MAX_ENTRIES))
    wanted, ignored = [], []
    for entry in entries:
        name = _safe_name(entry.filename)
        if entry.is_dir():
            continue
        base = posixpath.basename(name)
        # Nested zips, images, hidden files and macOS resource forks are not articles.
        if (base.startswith(".") or name.startswith("__MACOSX/")
                or not (base.lower().endswith(_WANTED) or base == article_files.CATEGORIES_FILE)):
            ignored.append(name)
            continue
        wanted.append((entry, name))
    if sum(entry.file_size for entry, _ in wanted) > MAX_TOTAL_BYTES:
        _refuse(_too_big())
    budget = MAX_TOTAL_BYTES
    for entry, name in wanted:
        budget -= _extract(archive, entry, os.path.join(folder, *name.split("/")), budget)
    return ignored


def _safe_name(raw):
    """Return an entry's name as a relative path, or refuse the archive if it leaves it."""
    name = raw.replace("\\", "/")
    parts = name.split("/")
    if name.startswith("/") or _DRIVE.match(name) or ".." in parts or "\x00" in name:
        _refuse(_l("The archive names a file outside itself: {name}.").format(name=raw[:200]))
    return "/".join(part for part in parts if part not in ("", "."))


def _extract(archive, entry, target, budget):
    """Copy one entry to `target`, counting real bytes (sizes in a zip can lie); return them."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    written = 0
    try:
        with archive.open(entry) as source, open(target, "wb") as out:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > min(budget, MAX_FILE_BYTES):
                    _refuse(_too_big())
                out.write(chunk)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError):
        # Encrypted, damaged or compressed in a way zipfile cannot read.
        _refuse(_l("The archive is damaged or encrypted: {name}.").format(
            name=entry.filename[:200]))
    return written


def _too_big():
    """Return the message of an archive that unpacks to too much."""
    return _l("The archive unpacks to more than {mb} MB, or one file to more than {file_mb} MB."
              ).format(mb=MAX_TOTAL_BYTES // 2**20, file_mb=MAX_FILE_BYTES // 2**20)


def _refuse(message):
    """Raise Invalid about the uploaded file."""
    raise Invalid(message, {"file": [message]})


def _relative_to(folder):
    """Return a function giving a path under `folder` as the zip names it."""
    def inside(path):
        return os.path.relpath(path, folder).replace(os.sep, "/")
    return inside

"""The built widget files (widget_static/dist), found and hashed when a request needs them."""
import hashlib
import os
import re

from flask import current_app
from flask_babel import lazy_gettext as _l

# The committed build next to the package in a checkout; WIDGET_DIST_DIR overrides it.
DEFAULT_DIST = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "widget_static", "dist")
_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$")
TYPES = {".js": "text/javascript", ".css": "text/css", ".map": "application/json",
         ".woff2": "font/woff2", ".svg": "image/svg+xml", ".png": "image/png"}
# path -> ((mtime_ns, size), hash); the build may be rewritten while the server runs.
_hashes = {}


class MissingBuild(Exception):
    """A widget file is not built (yet): answered with 503 and how to build it."""

    message = _l("The help widget is not built on this server yet. Build it with "
                 "`npm run build` in widget_static, then reload.")

    def __init__(self, name):
        super().__init__(name)
        self.name = name


def dist_dir():
    """Return the folder holding the built widget files."""
    return current_app.config.get("WIDGET_DIST_DIR") or DEFAULT_DIST


def path_of(name):
    """Return the path of the built file `name`, or None if the name is not a built file."""
    if not _NAME.match(name or "") or ".." in name:
        return None
    path = os.path.join(dist_dir(), name)
    return path if os.path.isfile(path) else None


def require(name):
    """Return the path of the built file `name`, or raise MissingBuild."""
    path = path_of(name)
    if path is None:
        raise MissingBuild(name)
    return path


def read(path):
    """Return (bytes, content hash) of a built file."""
    with open(path, "rb") as source:
        data = source.read()
    return data, hashlib.sha256(data).hexdigest()[:16]


def content_hash(path):
    """Return the content hash of a built file, re-read only when the file changed."""
    stat = os.stat(path)
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _hashes.get(path)
    if cached and cached[0] == key:
        return cached[1]
    digest = read(path)[1]
    _hashes[path] = (key, digest)
    return digest


def content_type(name):
    """Return the Content-Type of a built file."""
    kind = TYPES.get(os.path.splitext(name)[1], "application/octet-stream")
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind

"""The built widget files (helpwidget/widget/dist), found and hashed when a request needs them."""
import hashlib
import json
import os
import re

from flask import current_app
from flask_babel import lazy_gettext as _l

# The committed build, package data of this package (so a wheel carries it); WIDGET_DIST_DIR
# overrides it. `npm run build` in widget_static writes it.
DEFAULT_DIST = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dist")
# The build's brotli and gzip variants are served in place of their file, never by their name.
VARIANT_SUFFIXES = (".br", ".gz")
_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$")
# The panel's chunks (esbuild splitting) are named by their content hash: cached for good.
_CHUNK = re.compile(r"^panel-\w+-[A-Z0-9]{8}\.js$")
# The chunks panel.js imports, as the build lists them: the panel page preloads them with it.
PRELOAD = "panel.preload.json"
# path -> ((mtime_ns, size), hash); the build may be rewritten while the server runs.
_hashes = {}
_preloads = {}


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
    if not _NAME.match(name or "") or ".." in name or name.endswith(VARIANT_SUFFIXES):
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


def is_chunk(name):
    """Tell whether `name` is one of the panel's chunks, named by its content hash."""
    return bool(_CHUNK.match(name))


def preloads():
    """Return the chunks panel.js imports, as the build listed them ([] without the list)."""
    path = path_of(PRELOAD)
    if path is None:
        return []
    stat = os.stat(path)
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _preloads.get(path)
    if cached and cached[0] == key:
        return cached[1]
    with open(path, encoding="utf-8") as source:
        listed = json.load(source)
    names = [name for name in listed if isinstance(name, str) and is_chunk(name)]
    _preloads[path] = (key, names)
    return names

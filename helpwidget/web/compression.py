"""Brotli and gzip variants of static files and pages, chosen by the request's Accept-Encoding."""
import gzip
import hashlib
import os
import threading

import brotli
from flask import Blueprint, Response, abort, request
from werkzeug.security import safe_join

# The server's order of preference; a client's q=0 rules an encoding out.
ENCODINGS = ("br", "gzip")
SUFFIX = {"br": ".br", "gzip": ".gz"}
# Only text compresses; images and fonts are compressed already.
TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")
# Bodies this small gain less than the header costs.
MIN_SIZE = 512
# Pages rendered per request are compressed at once with a fast setting.
PAGE_BROTLI_QUALITY = 5
PAGE_GZIP_LEVEL = 6

# Content types of the static files served (the widget's build, the console's files).
FILE_TYPES = {".js": "text/javascript", ".css": "text/css", ".map": "application/json",
              ".woff2": "font/woff2", ".svg": "image/svg+xml", ".png": "image/png"}
# path -> (stat key, {encoding: (bytes, etag)}): each file version is compressed once.
_cache = {}
_lock = threading.Lock()


def content_type(name):
    """Return the Content-Type of a static file by its name."""
    kind = FILE_TYPES.get(os.path.splitext(name)[1], "application/octet-stream")
    return f"{kind}; charset=utf-8" if kind.startswith("text/") else kind


def chosen_encoding(available=ENCODINGS):
    """Return the encoding to send ("br", "gzip") or None for identity, by Accept-Encoding."""
    accepted = request.accept_encodings
    for encoding in ENCODINGS:
        if encoding in available and accepted.quality(encoding) > 0:
            return encoding
    return None


def compress(data, encoding, brotli_quality=11, gzip_level=9):
    """Return `data` encoded with `encoding` (gzip without a timestamp, so it is reproducible)."""
    if encoding == "br":
        return brotli.compress(data, quality=brotli_quality, mode=brotli.MODE_TEXT)
    return gzip.compress(data, compresslevel=gzip_level, mtime=0)


def decompress(data, encoding):
    """Return the decoded bytes of `data` sent with Content-Encoding `encoding`."""
    return brotli.decompress(data) if encoding == "br" else gzip.decompress(data)


def _stat_key(path):
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _prebuilt(path, encoding, data):
    """Return the build's variant of `path` (file.br, file.gz) if it decodes to `data`."""
    try:
        with open(path + SUFFIX[encoding], "rb") as source:
            encoded = source.read()
        # A variant left from an older build must never stand in for the current file.
        return encoded if decompress(encoded, encoding) == data else None
    except (OSError, ValueError, EOFError, brotli.error):
        return None


def variants(path, compressible=True):
    """Return {None | "br" | "gzip": (bytes, etag)} of a static file, read once per version.

    Variants the build wrote next to the file are used when they decode to its bytes; others
    are made here, once for each version of the file. An encoding that saves nothing is left out.
    """
    key = tuple(_stat_key(p) for p in (path, path + ".br", path + ".gz"))
    cached = _cache.get(path)
    if cached and cached[0] == key:
        return cached[1]
    with _lock:
        cached = _cache.get(path)
        if cached and cached[0] == key:
            return cached[1]
        with open(path, "rb") as source:
            data = source.read()
        digest = hashlib.sha256(data).hexdigest()[:16]
        found = {None: (data, digest)}
        if compressible and len(data) >= MIN_SIZE:
            for encoding in ENCODINGS:
                encoded = _prebuilt(path, encoding, data) or compress(data, encoding)
                if len(encoded) < len(data):
                    found[encoding] = (encoded, f"{digest}-{SUFFIX[encoding][1:]}")
        _cache[path] = (key, found)
        return found


def is_text(content_type):
    """Tell whether a Content-Type is text worth compressing."""
    return (content_type or "").startswith(TEXT_TYPES)


def file_response(path, content_type, cache_control):
    """Answer a static file in the encoding the client prefers, with Vary and a per-variant ETag.

    Each variant has its own ETag (the content hash, suffixed by the encoding), so a cache never
    hands a gzip body to a client that revalidates for brotli.
    """
    found = variants(path, compressible=is_text(content_type))
    encoding = chosen_encoding([e for e in found if e])
    data, etag = found[encoding]
    response = Response(data, content_type=content_type)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(etag)
    response.headers["Cache-Control"] = cache_control
    return response


def compress_page(response):
    """Compress a rendered page or JSON answer for this request, when the client accepts it.

    Only for answers that hold no secret: compressing a secret next to text an attacker can put
    in the same answer would leak it through the answer's size (BREACH).
    """
    response.vary.add("Accept-Encoding")
    if (response.direct_passthrough or response.status_code != 200
            or "Content-Encoding" in response.headers or not is_text(response.content_type)):
        return response
    data = response.get_data()
    encoding = chosen_encoding()
    if encoding is None or len(data) < MIN_SIZE:
        return response
    response.set_data(compress(data, encoding, PAGE_BROTLI_QUALITY, PAGE_GZIP_LEVEL))
    response.headers["Content-Encoding"] = encoding
    return response


class CompressedStaticBlueprint(Blueprint):
    """A blueprint whose static files are answered compressed (console scripts and styles)."""

    def send_static_file(self, filename):
        """Serve `filename` from the static folder, compressed once per version of the file."""
        path = safe_join(self.static_folder, filename) if self.static_folder else None
        if path is None or not os.path.isfile(path):
            abort(404)
        response = file_response(path, content_type(filename), "no-cache")
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response.make_conditional(request)

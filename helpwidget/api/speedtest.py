"""Internet speed test: latency, download and upload against this server, never cached."""
import os

from flask import Response, current_app, jsonify, request
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from helpwidget.api import bp
from helpwidget.api.auth import ip_key
from helpwidget.errors import Invalid
from helpwidget.extensions import limiter

CHUNK = 64 * 1024
# Random bytes made once and sent over and over: incompressible, and no CPU per request.
_BLOCK = os.urandom(1024 * 1024)
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache",
            "X-Content-Type-Options": "nosniff"}


def _limited(view):
    """Count ping, download and upload together, per IP address."""
    return limiter.shared_limit(lambda: current_app.config["RATELIMIT_SPEEDTEST"], "speedtest",
                                key_func=ip_key)(view)


def _too_big(limit):
    """Return the error for a transfer over `limit` bytes."""
    size = format_decimal(round(limit / (1024 * 1024), 1))
    return Invalid(_l("The speed test moves at most {mb} MB at a time.").format(mb=size),
                   fields={"bytes": [_l("Enter a number from {min} to {max}.").format(
                       min=1, max=limit)]})


def _size(limit):
    """Return the `bytes` query parameter, or raise Invalid when it is missing or out of range."""
    text = request.args.get("bytes", "")
    if not text.isdigit() or len(text) > 12:
        raise Invalid(_l("Say how many bytes to download."), fields={
            "bytes": [_l("Enter a number from {min} to {max}.").format(min=1, max=limit)]})
    size = int(text)
    if not 0 < size <= limit:
        raise _too_big(limit)
    return size


def _random_bytes(size):
    """Yield `size` bytes from the random block, a chunk at a time."""
    offset = 0
    while size > 0:
        piece = _BLOCK[offset:offset + min(CHUNK, size)]
        offset = (offset + len(piece)) % len(_BLOCK)
        size -= len(piece)
        yield piece


@bp.get("/speedtest/ping")
@_limited
def speedtest_ping():
    """Answer at once with nothing, for measuring the round trip."""
    return Response(status=204, headers=NO_STORE)


@bp.get("/speedtest/download")
@_limited
def speedtest_download():
    """Send `bytes` random bytes, uncompressed and uncached."""
    size = _size(current_app.config["SPEEDTEST_MAX_BYTES"])
    response = Response(_random_bytes(size),
                        content_type="application/octet-stream", headers=NO_STORE)
    response.headers["Content-Length"] = str(size)
    # Compressing random bytes only costs time, and would skew the measure if it worked.
    response.headers["Content-Encoding"] = "identity"
    return response


@bp.post("/speedtest/upload")
@_limited
def speedtest_upload():
    """Read the raw request body, throw it away and say how many bytes arrived."""
    limit = current_app.config["SPEEDTEST_MAX_BYTES"]
    if (request.content_length or 0) > limit:
        raise _too_big(limit)
    request.max_content_length = limit
    received = 0
    try:
        while chunk := request.stream.read(CHUNK):
            received += len(chunk)
    except RequestEntityTooLarge:
        raise _too_big(limit)
    response = jsonify(bytes=received)
    response.headers.update(NO_STORE)
    return response

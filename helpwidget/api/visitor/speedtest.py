"""Internet speed test: latency, download and upload against this server, never cached."""
import os

from flask import Response, current_app, jsonify, request
from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.limits import ip_key
from helpwidget.auth.visitor import current_visitor, load_site
from helpwidget.errors import AppError, Invalid, NotFound
from helpwidget.extensions import limiter
from helpwidget.schemas.speedtest import DownloadQuerySchema, SiteQuerySchema
from helpwidget.services import quotas, widget_config

CHUNK = 64 * 1024
# Random bytes made once and sent over and over: incompressible, and no CPU per request.
_BLOCK = os.urandom(1024 * 1024)


class TooMany(AppError):
    """The speed test moved too many bytes for this visitor or address this hour."""

    status = 429


NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache",
            "X-Content-Type-Options": "nosniff"}


def _limited(view):
    """Count ping, download and upload together, per IP address."""
    return limiter.shared_limit(lambda: current_app.config["RATELIMIT_SPEEDTEST"], "speedtest",
                                key_func=ip_key)(view)


def _tester():
    """Return the visitor running the test: a live session of a site that offers the test.

    Without this anyone could pull the server's bandwidth for free, whatever the site says.
    """
    site = load_site(request.args.get("site", "")[:64])
    if not any(entry["item"] == "speed_test" for entry in widget_config.enabled_menu(site)):
        raise NotFound(_l("This help center does not offer a speed test."))
    return current_visitor(site, required=True)


def _charge(visitor, size):
    """Count `size` bytes against the hourly byte allowances per visitor and per IP address."""
    config = current_app.config
    if not quotas.take_all([
            ((config["SPEEDTEST_BYTES_PER_VISITOR"], 3600), "speedtest-bytes", visitor.id, size),
            ((config["SPEEDTEST_BYTES_PER_IP"], 3600), "speedtest-bytes-ip",
             request.remote_addr or "", size)]):
        raise TooMany(_l("You have run the speed test a lot in the last hour. Try again later."),
                      code="speedtest_quota")


def _too_big(limit):
    """Return the error for a transfer over `limit` bytes."""
    size = format_decimal(round(limit / (1024 * 1024), 1))
    return Invalid(_l("The speed test moves at most {mb} MB at a time.").format(mb=size),
                   fields={"bytes": [_l("Enter a number from {min} to {max}.").format(
                       min=1, max=limit)]})


def _size(limit):
    """Return the `bytes` query parameter, or raise Invalid when it is missing or out of range."""
    text = request.args.get("bytes", "")
    if not text.isdecimal() or len(text) > 12:
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
@operation("Speed test: an empty answer for measuring latency.", query=SiteQuerySchema,
           status=204, auth=True)
@_limited
def speedtest_ping():
    """Answer at once with nothing, for measuring the round trip."""
    _tester()
    return Response(status=204, headers=NO_STORE)


@bp.get("/speedtest/download")
@operation("Speed test: this many random bytes, uncached.", query=DownloadQuerySchema,
           response=shapes.FILE, auth=True, refuses=True)
@_limited
def speedtest_download():
    """Send `bytes` random bytes, uncompressed and uncached."""
    visitor = _tester()
    size = _size(current_app.config["SPEEDTEST_MAX_BYTES"])
    _charge(visitor, size)
    response = Response(_random_bytes(size),
                        content_type="application/octet-stream", headers=NO_STORE)
    response.headers["Content-Length"] = str(size)
    # Compressing random bytes only costs time, and would skew the measure if it worked.
    response.headers["Content-Encoding"] = "identity"
    return response


@bp.post("/speedtest/upload")
@operation("Speed test: send a raw body; answers how many bytes arrived.",
           query=SiteQuerySchema, body=shapes.FILE, media="application/octet-stream",
           response=shapes.OBJECT, auth=True, refuses=True)
@_limited
def speedtest_upload():
    """Read the raw request body, throw it away and say how many bytes arrived."""
    visitor = _tester()
    limit = current_app.config["SPEEDTEST_MAX_BYTES"]
    if (request.content_length or 0) > limit:
        raise _too_big(limit)
    # Charged before reading: what is declared, or the most a body may be when it says nothing.
    _charge(visitor, request.content_length or limit)
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

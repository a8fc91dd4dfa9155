"""Signed alert webhooks: the POST we send, and how a receiver checks that it came from us.

A receiver verifies a call like this (Python; any language with HMAC-SHA256 works the same):

    from helpwidget.services.webhooks import verify_signature

    ok = verify_signature(secret, request.headers["X-HelpWidget-Timestamp"],
                          request.get_data(), request.headers["X-HelpWidget-Signature"])

The signature is "sha256=" + hex(HMAC-SHA256(secret, "<timestamp>.<raw body>")), computed over
the exact bytes of the body, so verify before parsing the JSON. The timestamp (Unix seconds)
is signed too: refusing old ones stops a captured call from being replayed later. A retried
call is signed anew and carries the same X-HelpWidget-Delivery id, so receivers can drop
duplicates.
"""
import hashlib
import hmac
import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from helpwidget.services import webhook_targets

USER_AGENT = "helpwidget-webhooks/1"
# Statuses that say "try again later" although they are 4xx.
_TEMPORARY_4XX = (408, 425, 429)


class WebhookError(Exception):
    """A webhook call that did not go through; `permanent` ones are not retried."""

    def __init__(self, message, permanent=False, retry_after=None):
        """Keep the reason, whether retrying can help, and the receiver's wish of a delay."""
        super().__init__(message)
        self.permanent = permanent
        self.retry_after = retry_after


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Refuse redirects: urllib would turn our POST into a GET without its body."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        """Return None so the 3xx answer surfaces as an HTTPError."""
        return None


def _pinned(connection_class, address):
    """Return an HTTP(S) connection class that connects to `address`, whatever DNS says now.

    The Host header, TLS server name and certificate check still use the URL's host name.
    """

    class Pinned(connection_class):
        """A connection to the address vetted by webhook_targets."""

        def connect(self):
            """Open the socket to the vetted address (and wrap it in TLS for https)."""
            sock = socket.create_connection((address, self.port), self.timeout,
                                            self.source_address)
            if isinstance(self, http.client.HTTPSConnection):
                sock = self._context.wrap_socket(sock, server_hostname=self.host)
            self.sock = sock

    return Pinned


def _opener(address):
    """Return an opener without redirects or proxies, connecting to `address` if given."""
    handlers = [urllib.request.ProxyHandler({}), _NoRedirects]
    if address is not None:
        http_class = _pinned(http.client.HTTPConnection, address)
        https_class = _pinned(http.client.HTTPSConnection, address)

        class PinnedHTTP(urllib.request.HTTPHandler):
            """Plain HTTP to the vetted address."""

            def http_open(self, req):
                """Open the request over the pinned connection."""
                return self.do_open(http_class, req)

        class PinnedHTTPS(urllib.request.HTTPSHandler):
            """HTTPS to the vetted address, the certificate checked for the host name."""

            def https_open(self, req):
                """Open the request over the pinned connection."""
                return self.do_open(https_class, req, context=self._context)

        handlers += [PinnedHTTP, PinnedHTTPS]
    return urllib.request.build_opener(*handlers)


def encode(body):
    """Return the exact bytes sent (and signed) for a JSON body."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8")


def sign(secret, timestamp, raw):
    """Return the X-HelpWidget-Signature value of a raw body sent at `timestamp`."""
    message = str(timestamp).encode("ascii") + b"." + raw
    return "sha256=" + hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def verify_signature(secret, timestamp, body, header, max_age=300, now=None):
    """Tell whether `header` signs `body` at `timestamp` with `secret` and is fresh enough.

    `body` is the raw request body (bytes, or str as received); `max_age` (seconds, None to
    skip) bounds how old or early the timestamp may be, against replays.
    """
    if not secret or not header or timestamp is None:
        return False
    try:
        stamp = int(str(timestamp).strip())
    except ValueError:
        return False
    if max_age is not None and abs((time.time() if now is None else now) - stamp) > max_age:
        return False
    raw = body.encode("utf-8") if isinstance(body, str) else bytes(body)
    return hmac.compare_digest(sign(secret, stamp, raw), str(header).strip())


def post(url, event, body, secret="", delivery_id=None, timeout=10.0):
    """POST `body` as JSON to `url`, signed when there is a secret; return the HTTP status.

    Raises WebhookError: temporary for network errors, timeouts, 5xx, 408 and 429;
    permanent for other 4xx, redirects and unusable URLs.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise WebhookError("the webhook URL is not an http(s) URL", permanent=True)
    try:  # again at send time: the host may resolve inward now (DNS rebinding)
        address = webhook_targets.vetted_address(url)
    except webhook_targets.UnsafeTarget as exc:
        raise WebhookError(f"{_origin(url)}: {exc}", permanent=True) from exc
    raw = encode(body)
    timestamp = str(int(time.time()))
    headers = {"Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT,
               "X-HelpWidget-Event": event, "X-HelpWidget-Timestamp": timestamp}
    if delivery_id is not None:
        headers["X-HelpWidget-Delivery"] = str(delivery_id)
    if secret:
        headers["X-HelpWidget-Signature"] = sign(secret, timestamp, raw)
    request = urllib.request.Request(url, data=raw, headers=headers, method="POST")
    try:
        with _opener(address).open(request, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        raise _http_error(exc) from exc
    except ValueError as exc:  # a malformed URL never becomes valid by waiting
        raise WebhookError(f"bad webhook URL at {_origin(url)}", permanent=True) from exc
    except (OSError, http.client.HTTPException) as exc:  # refused, DNS, TLS, timeout, garbage
        reason = getattr(exc, "reason", None) or exc
        raise WebhookError(f"{_origin(url)}: {reason}") from exc


def _origin(url):
    """Return scheme://host[:port] of a URL for errors and logs.

    Receivers often put their credential in the path, query or user part of the URL.
    """
    parts = urllib.parse.urlsplit(url)
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{parts.hostname or ''}{port}"


def _http_error(exc):
    """Turn an HTTP error answer into a WebhookError that says whether to retry."""
    code = exc.code
    try:
        detail = exc.read(300).decode("utf-8", "replace").strip()
    except OSError:
        detail = ""
    message = f"HTTP {code} {exc.reason}" + (f": {detail}" if detail else "")
    if 300 <= code < 400:
        location = exc.headers.get("Location", "")
        return WebhookError(f"HTTP {code} redirect to {location}; use the final URL",
                            permanent=True)
    retry_after = _seconds(exc.headers.get("Retry-After"))
    permanent = 400 <= code < 500 and code not in _TEMPORARY_4XX
    return WebhookError(message, permanent=permanent, retry_after=retry_after)


def _seconds(value):
    """Return a Retry-After header given in seconds as a number, else None."""
    try:
        return max(0, int(value)) if value is not None else None
    except ValueError:  # an HTTP date: our own backoff is good enough
        return None

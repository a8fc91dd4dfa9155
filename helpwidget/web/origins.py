"""Browser origins: of an address, and the help server's own (the panel and sockets check them)."""
from urllib.parse import urlsplit

from flask import current_app


def origin_of(url):
    """Return scheme://host[:port] of a URL, lowercased, or ""."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def own_origins(environ):
    """Return the help server's own origins: the one the request came to, and PUBLIC_URL's."""
    host = environ.get("HTTP_HOST", "")
    scheme = environ.get("wsgi.url_scheme", "http")
    return {o for o in (f"{scheme}://{host}".lower() if host else "",
                        origin_of(current_app.config["PUBLIC_URL"])) if o}

"""Production mode: a server that would sign with the published default SECRET_KEY refuses.

Production mode is any serving but the tests (TESTING), Flask's debug mode (DEBUG) and the demo
(DEMO_HOST, which `flask demo` turns on). `python wsgi.py` stops at start with one line; an app
served by another WSGI server answers every request 503 and logs the same line once.
"""
import hmac
import logging
import os
import sys

from helpwidget import config as defaults

log = logging.getLogger(__name__)

MESSAGE = ("Error: SECRET_KEY is the built-in default; set HELPWIDGET_SECRET_KEY (or SECRET_KEY "
           "in instance/config.py) to a long random value before serving")


def refuses(app):
    """Tell whether this app is in production mode with the default SECRET_KEY."""
    config = app.config
    demo_or_dev = config.get("TESTING") or config.get("DEBUG") or config.get("DEMO_HOST")
    key = str(config.get("SECRET_KEY") or "").encode()
    return not demo_or_dev and hmac.compare_digest(key, defaults.SECRET_KEY.encode())


def check_at_start(app):
    """Stop `python wsgi.py` (the production server) at once when it would refuse."""
    main = getattr(sys.modules.get("__main__"), "__file__", "") or ""
    if os.path.basename(main) == "wsgi.py" and refuses(app):
        raise SystemExit(MESSAGE)


def guard(app):
    """Wrap the app so that, while it would refuse, every request answers 503."""
    inner = app.wsgi_app
    logged = []

    def guarded(environ, start_response):
        if not refuses(app):
            return inner(environ, start_response)
        if not logged:
            logged.append(True)
            log.error(MESSAGE)
        start_response("503 Service Unavailable", [("Content-Type", "text/plain; charset=utf-8"),
                                                   ("Retry-After", "60")])
        return [b"This server is not configured yet.\n"]

    app.wsgi_app = guarded

"""Serving the app and its Socket.IO endpoint from one process (`python wsgi.py`)."""
import logging
import resource
import sys

from helpwidget.background import worker
from helpwidget.config import DefaultAddress
from helpwidget.extensions import socketio

log = logging.getLogger(__name__)


def raise_fd_limit():
    """Lift this process's open-file limit to the hard limit: every connection holds a socket."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def without_tracebacks(wsgi_app):
    """Wrap a WSGI app so that an error escaping it answers a bare 500 and is only logged."""
    def guarded(environ, start_response):
        try:
            return wsgi_app(environ, start_response)
        except Exception:
            log.exception("error outside the app's error handlers")
            start_response("500 Internal Server Error", [("Content-Type", "application/json")],
                           sys.exc_info())
            return [b'{"error": "Internal Server Error"}']
    return guarded


def follow_address(app, host, port):
    """Point links (emails, chat) at where this process listens, unless PUBLIC_URL was set."""
    if not isinstance(app.config["PUBLIC_URL"], DefaultAddress):
        return
    # A wildcard address is not one a browser can open: links name this machine's loopback.
    host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "[::1]"}.get(host, host)
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    app.config["PUBLIC_URL"] = DefaultAddress(f"http://{host}:{int(port)}")


def serve(app):
    """Serve on HOST:PORT in the app's async mode, with this process's background worker."""
    raise_fd_limit()
    worker.start(app)  # outbox mail and periodic chores run inside this process
    host, port = app.config["HOST"], int(app.config["PORT"])
    mode = socketio.async_mode
    options = {}
    if mode == "eventlet":
        # eventlet's server holds a green thread per open connection; its default cap is 1024.
        options["max_size"] = int(app.config["SERVER_MAX_CONNECTIONS"])
        # eventlet's server answers an error that escapes the app with its traceback.
        app.wsgi_app = without_tracebacks(app.wsgi_app)
    elif mode == "threading":
        options["allow_unsafe_werkzeug"] = True  # werkzeug's server: for development only
    print(f"helpwidget: serving http://{host}:{port}/ ({mode})", flush=True)
    socketio.run(app, host=host, port=port, **options)

"""Serving the app and its Socket.IO endpoint from one process (`python wsgi.py`)."""
import logging
import resource
import sys

from helpwidget import worker
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

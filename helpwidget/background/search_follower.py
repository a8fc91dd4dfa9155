"""The search follower: applies the search change log to this machine's index as it grows.

It runs beside the worker in every serving process (and in `flask outbox run`). On PostgreSQL
it LISTENs for the NOTIFY each logged commit sends and wakes at once; it also looks every
SEARCH_SYNC_INTERVAL seconds, which is all it does on SQLite and whenever the listening
connection is down. The processes of one machine share its index: the sync lock lets one of
them apply a change and the others find it applied.
"""
import logging
import os
import select
import time

from helpwidget.extensions import db, socketio
from helpwidget.services import search_log, search_sync

log = logging.getLogger(__name__)
# The process running the follower, and the generation of the loop that may run: a loop whose
# generation is no longer current ends (stop, or a forked child starting its own).
_current = {"pid": None, "generation": 0}


def start(app):
    """Start this process's follower as a background task; return False if one runs."""
    if _current["pid"] == os.getpid():
        return False
    _current["pid"] = os.getpid()
    _current["generation"] += 1
    socketio.start_background_task(_loop, app, _current["generation"])
    return True


def stop():
    """Make this process's follower end after its current look."""
    _current["pid"] = None
    _current["generation"] += 1


def _loop(app, generation):
    """Catch up, then wait for a NOTIFY or the interval, until stopped."""
    listener = _Listener(app)
    try:
        while _current["generation"] == generation:
            with app.app_context():
                try:
                    search_sync.follow()
                except Exception:  # a database or index outage must not end the follower
                    log.exception("search follower could not catch up")
                    db.session.rollback()
                finally:
                    db.session.remove()
                wait = search_sync.interval()
            listener.wait(wait)
    finally:
        listener.close()


class _Listener:
    """A LISTEN connection of its own on PostgreSQL; elsewhere waiting is sleeping."""

    def __init__(self, app):
        """Remember where to listen; connect lazily (and again after a failure)."""
        with app.app_context():
            url = db.engine.url
        self.dsn = url.set(drivername="postgresql").render_as_string(hide_password=False) \
            if url.get_backend_name() == "postgresql" else None
        self.conn = None

    def wait(self, timeout):
        """Return after a NOTIFY of the log's channel or `timeout` seconds."""
        if self.dsn is None or not self._connected():
            time.sleep(timeout)
            return
        try:
            # select() is cooperative under eventlet, so the server goes on while we wait.
            ready, _, _ = select.select([self.conn.fileno()], [], [], timeout)
            if ready:
                self.conn.pgconn.consume_input()
                while self.conn.pgconn.notifies() is not None:
                    pass
        except Exception:  # the connection dropped: poll until it is back
            log.warning("search follower lost its LISTEN connection", exc_info=True)
            self.close()
            time.sleep(timeout)

    def _connected(self):
        """Open the LISTEN connection if needed; tell whether it is open."""
        if self.conn is not None:
            return True
        try:
            import psycopg

            self.conn = psycopg.connect(self.dsn, autocommit=True)
            self.conn.execute(f"LISTEN {search_log.CHANNEL}")
            return True
        except Exception:
            log.warning("search follower cannot LISTEN; looking every interval", exc_info=True)
            self.conn = None
            return False

    def close(self):
        """Close the LISTEN connection."""
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None

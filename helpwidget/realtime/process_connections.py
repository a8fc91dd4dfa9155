"""This process's connections of one kind, and a background task that runs over them."""
import logging
import os
import threading

from flask import current_app

from helpwidget.extensions import db, socketio

log = logging.getLogger(__name__)


class ProcessConnections:
    """Connections held by this process (sid -> a value), and a task run over them on a timer.

    The task starts with the first connection of each process, so a forked child runs its own.
    """

    def __init__(self, doing, interval, task):
        self.doing = doing  # what the task does, for the log
        self.interval = interval  # app config -> seconds between runs
        self.task = task  # called with a copy of the connections, inside an app context
        self._lock = threading.Lock()
        self._pid = None
        self._sids = {}

    def track(self, sid, value=None):
        """Remember a connection; start the task in this process if it is not running."""
        with self._lock:
            if self._pid != os.getpid():
                self._pid, self._sids = os.getpid(), {}
                socketio.start_background_task(self._run_forever, current_app._get_current_object())
            self._sids[sid] = value

    def untrack(self, sid):
        """Forget a connection."""
        with self._lock:
            self._sids.pop(sid, None)

    def snapshot(self):
        """A copy of the connections, sid -> value."""
        with self._lock:
            return dict(self._sids)

    def _run_forever(self, app):
        """Run the task every interval, for the process's life."""
        interval = self.interval(app.config)
        while True:
            socketio.sleep(interval)
            with app.app_context():
                try:
                    self.task(self.snapshot())
                except Exception:  # a database outage must not end the task
                    log.exception("could not %s", self.doing)
                    db.session.rollback()
                finally:
                    db.session.remove()

"""The background worker: delivers the outbox and runs the registered periodic jobs.

It runs as a Socket.IO background task (a green thread under eventlet, a thread otherwise)
inside the server when OUTBOX_WORKER is set, or in the foreground with
`flask --app wsgi outbox run`. Several processes may run it at once: outbox rows are claimed
before sending, and periodic jobs must be safe to run concurrently (they usually are single
UPDATE or DELETE statements).
"""
import logging
import os
import threading
import time

from helpwidget.background import outbox_sender, search_follower, stop_signals
from helpwidget.extensions import db, socketio
from helpwidget.services import signals

log = logging.getLogger(__name__)

_lock = threading.Lock()
_jobs = {}
# The worker of this process: its task, the event that wakes it, and whether it must stop.
_current = {"pid": None, "task": None, "wakeup": None, "stop": False}


class _Job:
    """A periodic job and the monotonic time of its next run."""

    def __init__(self, fn, every_seconds):
        """Remember the function and its period; the first run is at the next pass."""
        self.fn = fn
        self.every = float(every_seconds)
        self.next_run = 0.0


def register(name, fn, every_seconds):
    """Run `fn()` inside an app context every `every_seconds`; a name registered again is replaced.

    Jobs run after each outbox pass that finds them due, in every process running a worker,
    so they must tolerate running twice at the same time.
    """
    with _lock:
        _jobs[name] = _Job(fn, every_seconds)


def unregister(name):
    """Stop running the periodic job `name` (nothing happens if there is none)."""
    with _lock:
        _jobs.pop(name, None)


def jobs():
    """Return the names of the registered periodic jobs."""
    with _lock:
        return sorted(_jobs)


def run_pass(app):
    """Deliver due outbox messages, then run due jobs; return True if more mail waits."""
    busy = False
    with app.app_context():
        try:
            counts = outbox_sender.deliver_due()
            busy = sum(counts.values()) >= int(app.config["OUTBOX_BATCH"])
        except Exception:  # a database outage must not end the worker
            log.exception("outbox delivery pass failed")
            db.session.rollback()
        for name, job in _due_jobs():
            try:
                job.fn()
            except Exception:  # one broken job must not stop the others or the mail
                log.exception("periodic job %s failed", name)
                db.session.rollback()
        db.session.remove()
    return busy


def _due_jobs():
    """Return the jobs due now, scheduling each one's next run."""
    now = time.monotonic()
    with _lock:
        due = [(name, job) for name, job in _jobs.items() if job.next_run <= now]
        for _name, job in due:
            job.next_run = now + job.every
    return due


def _loop(app, wakeup, stopping):
    """Run passes every OUTBOX_INTERVAL seconds, or at once when woken, until told to stop."""
    interval = float(app.config["OUTBOX_INTERVAL"])
    while not stopping():
        busy = run_pass(app)
        if stopping():
            break
        if not busy:  # a full batch means more is due: go on without waiting
            wakeup.wait(interval)
        wakeup.clear()


def _running():
    """Tell whether this process has a worker (a forked child does not inherit its thread)."""
    return _current["task"] is not None and _current["pid"] == os.getpid()


def start(app):
    """Start this process's worker as a background task; return False if one already runs."""
    with _lock:
        if _running():
            return False
        server = socketio.server
        wakeup = server.eio.create_event() if server is not None else threading.Event()
        _current.update(pid=os.getpid(), wakeup=wakeup, stop=False)
        _current["task"] = socketio.start_background_task(
            _loop, app, wakeup, lambda: _current["stop"])
    log.info("outbox worker started (every %ss)", app.config["OUTBOX_INTERVAL"])
    # Wherever chores run, this machine's search index follows the change log too.
    search_follower.start(app)
    return True


def stop():
    """Stop this process's background worker after its current pass, and wait for it."""
    with _lock:
        if not _running():
            return False
        task = _current["task"]
        _current["stop"] = True
        _current["wakeup"].set()
    task.join()
    with _lock:
        _current.update(pid=None, task=None, wakeup=None, stop=False)
    search_follower.stop()
    return True


def wake(_sender=None, **_kwargs):
    """Make this process's worker run a pass now (does nothing without a worker).

    Subscribed to signals.outbox_queued, so new mail goes out at once rather than at the next
    interval.
    """
    wakeup = _current["wakeup"]
    if wakeup is not None and _current["pid"] == os.getpid():
        wakeup.set()


def run_forever(app):
    """Run the worker loop in the calling thread until Ctrl-C or SIGTERM."""
    stop()  # one loop per process: this one replaces a background worker
    search_follower.start(app)
    wakeup = threading.Event()
    with _lock:
        _current.update(pid=os.getpid(), wakeup=wakeup, stop=False)
    try:
        with stop_signals.until_signalled() as signalled:
            _loop(app, wakeup, lambda: signalled.requested)
    finally:
        with _lock:
            _current.update(pid=None, wakeup=None)
        search_follower.stop()  # its loop ends within one interval, and the process with it


def init_app(app):
    """Wake this process's worker whenever the outbox gets new rows."""
    signals.outbox_queued.connect(wake, weak=False)

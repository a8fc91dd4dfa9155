"""Closes this process's widget connections whose visitor session has ended elsewhere.

A logout closes the widgets of the process that answered it at once; a widget held by another
process (several behind a message queue) is closed here within WIDGET_SWEEP_SECONDS, so it
stops hearing the user's events.
"""
import logging
import os
import threading

from flask import current_app
from sqlalchemy import select

from helpwidget.extensions import db, socketio
from helpwidget.models import Visitor

log = logging.getLogger(__name__)

_lock = threading.Lock()
_state = {"pid": None, "sids": {}}  # sid -> visitor id, for this process's widgets
_CHUNK = 500  # ids per query, well under every database's parameter limit


def track(sid, visitor_id):
    """Remember a widget connection of this process; start the sweeper if it is not running."""
    with _lock:
        if _state["pid"] != os.getpid():  # a forked child starts its own sweeper
            _state.update(pid=os.getpid(), sids={})
            socketio.start_background_task(_sweep_forever, current_app._get_current_object())
        _state["sids"][sid] = visitor_id


def untrack(sid):
    """Forget a widget connection of this process."""
    with _lock:
        _state["sids"].pop(sid, None)


def ended_sessions(visitor_ids):
    """Return which of these visitor sessions have ended (or no longer exist)."""
    wanted = sorted(set(visitor_ids))
    alive = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        alive.update(db.session.scalars(select(Visitor.id).where(
            Visitor.id.in_(chunk), Visitor.revoked_at.is_(None))))
    return set(wanted) - alive


def sweep():
    """Disconnect this process's widgets of ended sessions; return how many were closed."""
    with _lock:
        tracked = dict(_state["sids"])
    ended = ended_sessions(tracked.values()) if tracked else set()
    closing = [sid for sid, visitor_id in tracked.items() if visitor_id in ended]
    for sid in closing:
        socketio.server.disconnect(sid, namespace="/visitor")
        untrack(sid)
    return len(closing)


def _sweep_forever(app):
    """Sweep every WIDGET_SWEEP_SECONDS, for the process's life."""
    interval = app.config["WIDGET_SWEEP_SECONDS"]
    while True:
        socketio.sleep(interval)
        with app.app_context():
            try:
                sweep()
            except Exception:  # a database outage must not end the sweeper
                log.exception("could not sweep widget connections")
                db.session.rollback()
            finally:
                db.session.remove()

"""Keeps this process's console connections marked live; a dead process's ones expire."""
import logging
import os
import threading

from flask import current_app

from helpwidget.extensions import db, socketio

log = logging.getLogger(__name__)

_lock = threading.Lock()
_state = {"pid": None, "sids": set()}


def track(sid):
    """Remember a console connection of this process; start the refresher if it is not running."""
    with _lock:
        if _state["pid"] != os.getpid():  # a forked child starts its own refresher
            _state.update(pid=os.getpid(), sids=set())
            socketio.start_background_task(_refresh_forever, current_app._get_current_object())
        _state["sids"].add(sid)


def untrack(sid):
    """Forget a console connection of this process."""
    with _lock:
        _state["sids"].discard(sid)


def _refresh_forever(app):
    """Refresh this process's connections every third of PRESENCE_TTL, for the process's life."""
    from helpwidget.services import presence

    interval = app.config["PRESENCE_TTL"] / 3
    while True:
        socketio.sleep(interval)
        with _lock:
            sids = list(_state["sids"])
        with app.app_context():
            try:
                presence.refresh(sids)
            except Exception:  # a database outage must not end the refresher
                log.exception("could not refresh console presence")
                db.session.rollback()
            finally:
                db.session.remove()

"""Closes this process's widget connections whose visitor session has ended elsewhere.

A logout closes the widgets of the process that answered it at once; a widget held by another
process (several behind a message queue) is closed here within WIDGET_SWEEP_SECONDS, so it
stops hearing the user's events.
"""
from sqlalchemy import select

from helpwidget.extensions import db, socketio
from helpwidget.models import Visitor
from helpwidget.realtime.process_connections import ProcessConnections

_CHUNK = 500  # ids per query, well under every database's parameter limit


def ended_sessions(visitor_ids):
    """Return which of these visitor sessions have ended (or no longer exist)."""
    wanted = sorted(set(visitor_ids))
    alive = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start:start + _CHUNK]
        alive.update(db.session.scalars(select(Visitor.id).where(
            Visitor.id.in_(chunk), Visitor.revoked_at.is_(None))))
    return set(wanted) - alive


def close_ended(tracked):
    """Disconnect the widgets (sid -> visitor id) whose session has ended; return how many."""
    ended = ended_sessions(tracked.values()) if tracked else set()
    closing = [sid for sid, visitor_id in tracked.items() if visitor_id in ended]
    for sid in closing:
        socketio.server.disconnect(sid, namespace="/visitor")
        untrack(sid)
    return len(closing)


_widgets = ProcessConnections(
    "sweep widget connections", lambda config: config["WIDGET_SWEEP_SECONDS"], close_ended)
track = _widgets.track
untrack = _widgets.untrack

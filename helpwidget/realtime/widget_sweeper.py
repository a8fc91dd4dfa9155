"""Closes or re-rooms this process's widget connections whose session changed elsewhere.

A logout closes the widgets of the process that answered it at once; a widget held by another
process (several behind a message queue, or none) is closed here within WIDGET_SWEEP_SECONDS,
so it stops hearing the user's events. So is one whose token was replaced (the user identified)
or whose identity expired; one whose user moved to another account leaves the old account's
room and joins the new one.
"""
import hmac
from collections import namedtuple

from sqlalchemy import select

from helpwidget.extensions import db, socketio
from helpwidget.models import EndUser, Visitor
from helpwidget.realtime import rooms
from helpwidget.realtime.process_connections import ProcessConnections
from helpwidget.services import identity

_CHUNK = 500  # ids per query, well under every database's parameter limit
NAMESPACE = "/visitor"

# What a connection was given at connect: its session, the token it showed, and its rooms.
Seen = namedtuple("Seen", "visitor_id token_hash rooms")
# A live session as the sweep reads it: plain rows, not ORM objects. Every process reads all
# its widgets' sessions every few seconds; as objects (8,000 connections) that sweep held the
# process for hundreds of milliseconds and left tens of thousands of objects to the collector.
Session = namedtuple("Session", "id site_id token_hash identity_expires_at user")
User = namedtuple("User", "id account_id")


def seen(visitor):
    """Return what a widget connecting now as `visitor` is given."""
    return Seen(visitor.id, visitor.token_hash, frozenset(rooms.of_visitor(visitor)))


def live_sessions(visitor_ids):
    """Return {visitor id: Session} of these sessions that are still live."""
    wanted = sorted(set(visitor_ids))
    live = {}
    for start in range(0, len(wanted), _CHUNK):
        if start:
            socketio.sleep(0)  # the connections' own traffic goes on between chunks
        chunk = wanted[start:start + _CHUNK]
        rows = db.session.execute(
            select(Visitor.id, Visitor.site_id, Visitor.token_hash, Visitor.identity_expires_at,
                   Visitor.user_id, EndUser.account_id)
            .outerjoin(EndUser, EndUser.id == Visitor.user_id)
            .where(Visitor.id.in_(chunk), Visitor.revoked_at.is_(None)))
        for row in rows:
            user = User(row.user_id, row.account_id) if row.user_id is not None else None
            visitor = Session(row.id, row.site_id, row.token_hash, row.identity_expires_at, user)
            if not identity.identity_expired(visitor):
                live[visitor.id] = visitor
    return live


def ended_sessions(visitor_ids):
    """Return which of these visitor sessions have ended (or no longer exist)."""
    return set(visitor_ids) - set(live_sessions(visitor_ids))


def close_ended(tracked):
    """Close the widgets (sid -> Seen) whose session ended or changed token; re-room the rest.

    Return how many were closed.
    """
    live = live_sessions(s.visitor_id for s in tracked.values()) if tracked else {}
    still = _widgets.snapshot() if tracked else {}  # the sweep yields: some may have closed
    closed = 0
    for sid, was in tracked.items():
        if sid not in still:
            continue
        visitor = live.get(was.visitor_id)
        if visitor is None or not hmac.compare_digest(visitor.token_hash, was.token_hash):
            socketio.server.disconnect(sid, namespace=NAMESPACE)
            untrack(sid)
            closed += 1
            continue
        now = seen(visitor)
        if now.rooms != was.rooms:
            for room in was.rooms - now.rooms:
                socketio.server.leave_room(sid, room, namespace=NAMESPACE)
            for room in now.rooms - was.rooms:
                socketio.server.enter_room(sid, room, namespace=NAMESPACE)
            track(sid, now)
    return closed


_widgets = ProcessConnections(
    "sweep widget connections", lambda config: config["WIDGET_SWEEP_SECONDS"], close_ended)
track = _widgets.track
untrack = _widgets.untrack

"""Per-connection throttling of Socket.IO events, so no client floods the server or the others.

Every event a client sends counts against its connection's allowance (a token bucket:
SOCKET_EVENTS_PER_SECOND, up to SOCKET_EVENT_BURST at once); past it the event is refused with
`rate_limited` and never runs. Typing signals, worth only their latest value, have a tighter
allowance of their own and the excess is dropped: acknowledged, never queued or forwarded.
A connection lives in one process, so its counters live in that process's memory.
"""
import functools
import threading
import time

from flask import current_app, request
from flask_babel import lazy_gettext as _l

from helpwidget.errors import AppError
from helpwidget.realtime.acks import EventNamespace, acked

ADMIT, DROP, REFUSE = "admit", "drop", "refuse"
# Events whose excess is dropped rather than refused: a newer one says the same.
DROPPABLE = frozenset({"chat:typing"})
_RESERVED = frozenset({"connect", "disconnect"})

_lock = threading.Lock()
_buckets = {}


class Throttled(AppError):
    """Too many events on one connection in a short time."""

    status = 429


def _take(key, rate, burst, now):
    """Take one token from the bucket `key`; tell whether there was one."""
    tokens, stamp = _buckets.get(key, (float(burst), now))
    tokens = min(float(burst), tokens + (now - stamp) * rate)
    allowed = tokens >= 1
    _buckets[key] = (tokens - 1 if allowed else tokens, now)
    return allowed


def admit(namespace, sid, event, config, now=None):
    """Return ADMIT, DROP or REFUSE for one event of connection `sid`."""
    now = time.monotonic() if now is None else now
    droppable = event in DROPPABLE
    with _lock:
        if droppable and not _take((namespace, sid, "typing"), config["SOCKET_TYPING_PER_SECOND"],
                                   config["SOCKET_TYPING_BURST"], now):
            return DROP
        if not _take((namespace, sid, "all"), config["SOCKET_EVENTS_PER_SECOND"],
                     config["SOCKET_EVENT_BURST"], now):
            return DROP if droppable else REFUSE
    return ADMIT


def forget(namespace, sid):
    """Drop a closed connection's counters."""
    with _lock:
        for kind in ("typing", "all"):
            _buckets.pop((namespace, sid, kind), None)


class ThrottledNamespace(EventNamespace):
    """A namespace whose every event passes its connection's throttle before it runs."""

    def trigger_event(self, event, *args):
        """Run the event's handler if the connection is within its allowance."""
        if event in _RESERVED or not args:
            return super().trigger_event(event, *args)
        return self.socketio._handle_event(functools.partial(self._throttled, event), event,
                                           self.namespace, *args)

    def _throttled(self, event, *data):
        """Inside the event's context: count it, then run, drop or refuse it."""
        verdict = admit(self.namespace, request.sid, event, current_app.config)
        if verdict == DROP:
            return {"ok": True, "dropped": True}
        if verdict == REFUSE:
            return self._refuse(*data[:1])
        handler = getattr(self, "on_" + (event or "").replace(":", "_"), None)
        return handler(*data) if handler is not None else None

    @acked()
    def _refuse(self, _data=None):
        """Answer an event over the connection's allowance (in the connection's language)."""
        raise Throttled(_l("You are doing that too fast. Wait a moment."), code="rate_limited")

    def on_disconnect(self, *_args):
        """Forget the connection's counters."""
        forget(self.namespace, request.sid)

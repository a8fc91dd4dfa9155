"""Closes this process's console connections whose advisor session has ended elsewhere.

Signing out, a password change or deactivation closes the consoles of the process that did it
at once (and of others through the message queue); a console held by another process, with or
without a queue, closes here within CONSOLE_SWEEP_SECONDS, so a disabled advisor stops hearing
ticket events and alerts.
"""
from sqlalchemy import select

from helpwidget.extensions import db, socketio
from helpwidget.models import Advisor, AdvisorToken
from helpwidget.realtime.process_connections import ProcessConnections
from helpwidget.services import chat_requeue
from helpwidget.services.timeutil import utcnow

_CHUNK = 500  # ids per query, well under every database's parameter limit


def live_tokens(token_ids):
    """Return which of these advisor sessions are live: unrevoked, unexpired, advisor active."""
    wanted = sorted(set(token_ids))
    live = set()
    for start in range(0, len(wanted), _CHUNK):
        if start:
            socketio.sleep(0)  # the connections' own traffic goes on between chunks
        live.update(db.session.scalars(
            select(AdvisorToken.id).join(Advisor, Advisor.id == AdvisorToken.advisor_id).where(
                AdvisorToken.id.in_(wanted[start:start + _CHUNK]),
                AdvisorToken.revoked_at.is_(None), AdvisorToken.expires_at > utcnow(),
                Advisor.active.is_(True))))
    return live


def close_ended(tracked):
    """Disconnect the consoles (sid -> advisor token id) whose session ended; return how many."""
    live = live_tokens(tracked.values()) if tracked else set()
    closing = [sid for sid, token_id in tracked.items() if token_id not in live]
    for sid in closing:
        socketio.server.disconnect(sid, namespace="/advisor")
        untrack(sid)
    ended = {tracked[sid] for sid in closing}
    if ended:
        # Their chats go back to the queue unless another live console of theirs remains.
        for advisor_id in set(db.session.scalars(select(AdvisorToken.advisor_id).where(
                AdvisorToken.id.in_(sorted(ended))))):
            chat_requeue.requeue_if_gone(advisor_id, ended)
    return len(closing)


_consoles = ProcessConnections(
    "sweep console connections", lambda config: config["CONSOLE_SWEEP_SECONDS"], close_ended)
track = _consoles.track
untrack = _consoles.untrack

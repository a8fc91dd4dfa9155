"""Who else is replying: advisors viewing the same ticket or chat see "Marta is replying".

A console joins the room of the ticket or chat it shows (only advisors of its site may); while
its advisor writes, it sends `conversation:replying` at most every couple of seconds and the
others in the room hear it. The notice fades on their side when no new event comes (about six
seconds). Everything stays on /advisor: a visitor never hears of it.
"""
import time

from flask import request, session
from flask_socketio import join_room, leave_room

from helpwidget.extensions import socketio
from helpwidget.services import chat_queries, inbox

# One connection's replying events per conversation are forwarded at most this often; the
# console repeats them every two seconds while its advisor types.
MIN_INTERVAL = 1.5
EVENT = "conversation:replying"


def room(kind, conversation_id):
    """Return the room of the consoles showing one ticket or chat."""
    return f"viewing:{kind}:{conversation_id}"


def _check(advisor, kind, conversation_id):
    """Refuse a ticket or chat that is not of one of the advisor's sites (NotFound, like REST)."""
    if kind == "ticket":
        inbox.get_ticket(advisor, conversation_id)
    else:
        chat_queries.for_advisor(advisor, conversation_id)


def view(advisor, kind, conversation_id):
    """Join the room of the ticket or chat now shown, leaving the one of that kind shown before."""
    _check(advisor, kind, conversation_id)
    viewing = dict(session.get("viewing") or {})
    if viewing.get(kind) not in (None, conversation_id):
        leave_room(room(kind, viewing[kind]))
    join_room(room(kind, conversation_id))
    viewing[kind] = conversation_id
    session["viewing"] = viewing
    return {"viewing": {"kind": kind, "id": conversation_id}}


def leave(kind, conversation_id):
    """Leave the room of a ticket or chat no longer shown."""
    viewing = dict(session.get("viewing") or {})
    if viewing.get(kind) == conversation_id:
        leave_room(room(kind, conversation_id))
        viewing.pop(kind)
        session["viewing"] = viewing
    return {}


def replying(advisor, data, now=None):
    """Tell the other consoles showing this ticket or chat that the advisor writes (or stopped)."""
    kind, conversation_id = data["kind"], data["id"]
    if (session.get("viewing") or {}).get(kind) != conversation_id:
        return {"sent": False}  # only a console showing it speaks about it
    _check(advisor, kind, conversation_id)
    now = time.monotonic() if now is None else now
    key = f"{kind}:{conversation_id}"
    sent = dict(session.get("replying_at") or {})
    if data["typing"] and now - sent.get(key, -MIN_INTERVAL) < MIN_INTERVAL:
        return {"sent": False}  # the one just sent still stands
    sent[key] = now if data["typing"] else -MIN_INTERVAL
    session["replying_at"] = sent
    socketio.emit(EVENT, {"kind": kind, "id": conversation_id, "typing": data["typing"],
                          "note": data["note"],
                          "advisor": {"id": advisor.id, "name": advisor.name}},
                  to=room(kind, conversation_id), skip_sid=request.sid, namespace="/advisor")
    return {"sent": True}

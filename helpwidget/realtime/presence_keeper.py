"""Keeps this process's console connections marked live; a dead process's ones expire."""
from helpwidget.realtime.process_connections import ProcessConnections
from helpwidget.services import chat_requeue, presence


def _refresh(connections):
    """Mark this process's console connections live again; requeue chats of dead consoles."""
    for advisor_id in presence.refresh(list(connections)):
        chat_requeue.requeue_if_gone(advisor_id)


# Every third of PRESENCE_TTL, so a connection is refreshed well before it would expire.
_consoles = ProcessConnections(
    "refresh console presence", lambda config: config["PRESENCE_TTL"] / 3, _refresh)
track = _consoles.track
untrack = _consoles.untrack

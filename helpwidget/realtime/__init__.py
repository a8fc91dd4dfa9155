"""Socket.IO namespaces: thin edges like the REST API, one per kind of client.

The services announce what happened through services/signals.py; init_app subscribes the
handlers that tell the connected widgets and consoles.
"""
from flask import current_app

from helpwidget.extensions import socketio
from helpwidget.realtime import chat_events, notify, origins, rooms
from helpwidget.realtime.advisor import AdvisorNamespace
from helpwidget.realtime.visitor import VisitorNamespace, announce_availability
from helpwidget.services import chat_queries, chat_requeue, presence, signals, sites


def init_app(socketio):
    """Register the namespaces and subscribe to what the services announce."""
    socketio.on_namespace(VisitorNamespace("/visitor"))
    socketio.on_namespace(AdvisorNamespace("/advisor"))
    _drop_reserved_events(socketio.server)
    signals.advisor_sessions_ended.connect(_close_consoles, weak=False)
    signals.visitor_session_ended.connect(_close_widgets, weak=False)
    signals.ticket_changed.connect(_ticket_changed, weak=False)
    signals.chat_handed_off.connect(_chat_handed_off, weak=False)
    signals.chat_assigned.connect(_chat_assigned, weak=False)
    signals.chat_requeued.connect(_chat_requeued, weak=False)
    signals.chat_labels_changed.connect(_chat_labels_changed, weak=False)
    signals.chat_message_received.connect(_chat_message_received, weak=False)
    signals.site_changed.connect(_site_changed, weak=False)


def _ticket_changed(_app, event, ticket, comment=None, old_status=None, **_kwargs):
    """Tell the requester's widgets and the site's team what changed on a ticket."""
    notify.ticket_event(event, ticket, comment=comment, old_status=old_status)


def _chat_handed_off(_app, chat, **_kwargs):
    """Tell both sides of a chat that it became a request."""
    chat_events.status(chat)


def _chat_assigned(_app, chat, **_kwargs):
    """Tell both sides, as for a claim, that an advisor was given the chat."""
    chat_events.status(chat)


def _chat_requeued(_app, chat, message=None, **_kwargs):
    """Put a chat whose advisor left back in the team's queues and tell the visitor why."""
    chat_events.status(chat)
    chat_events.queued(chat, chat_queries.first_message(chat))
    if message is not None:
        chat_events.sent(chat, message)


def _chat_message_received(_app, chat, message, **_kwargs):
    """Deliver a visitor's emailed message to the chat's advisor and the visitor's open widgets."""
    chat_events.sent(chat, message)


def _chat_labels_changed(_app, chat, **_kwargs):
    """Tell the site's team a chat's labels changed (its visitor never hears of them)."""
    chat_events.labels(chat)


def _site_changed(_app, site_key=None, **_kwargs):
    """Read the sites' allowed origins again; tell the site's open widgets to refetch config."""
    origins.forget()
    try:
        site = sites.get_site(site_key)
        socketio.emit("site:updated", {"site": site.key}, to=rooms.site_visitors(site.id),
                      namespace="/visitor")
        announce_availability([site.id])  # hours or chat out of hours may change the offer
    except Exception:  # the change is stored; widgets see it at their next load
        current_app.logger.exception("could not announce the settings of site %s", site_key)


# Event names the Socket.IO protocol keeps for itself: the server runs its connect and disconnect
# handlers for them, so a client sending one as an EVENT could run them at will.
RESERVED_EVENTS = frozenset({"connect", "connect_error", "disconnect", "disconnecting",
                             "newListener", "removeListener"})


def _drop_reserved_events(server):
    """Drop, on every namespace, client events with a reserved or non-text name."""
    handle = server._handle_event

    def handle_event(eio_sid, namespace, id, data):
        name = data[0] if isinstance(data, list) and data else None
        if not isinstance(name, str) or name in RESERVED_EVENTS:
            return None  # no ack either: the client learns nothing it could use
        return handle(eio_sid, namespace, id, data)

    server._handle_event = handle_event


def _close_consoles(_app, advisor_id, token_ids, **_kwargs):
    """Disconnect, in whichever process holds them, the console sockets of ended sessions."""
    try:
        for sid in presence.connections_of(advisor_id, token_ids):
            socketio.server.disconnect(sid, namespace="/advisor")
    except Exception:  # the sessions are already revoked; every later event is refused anyway
        current_app.logger.exception("could not close the consoles of advisor %s", advisor_id)
    try:
        # Their chats go back to the queue unless another live console of theirs remains.
        chat_requeue.requeue_if_gone(advisor_id, token_ids)
    except Exception:  # the sweeper of stale consoles requeues them later
        current_app.logger.exception("could not requeue the chats of advisor %s", advisor_id)


def _close_widgets(_app, visitor_id, **_kwargs):
    """Disconnect the widgets of a session that ended, so they hear nothing of the user's any more.

    This process's connections close at once; other processes' (several behind a message
    queue) leave the session's own room at once and close at their next sweep
    (realtime/widget_sweeper.py).
    """
    room = f"visitor:{visitor_id}"
    try:
        for sid, _eio_sid in list(socketio.server.manager.get_participants("/visitor", room)):
            socketio.server.disconnect(sid, namespace="/visitor")
        socketio.close_room(room, namespace="/visitor")
    except Exception:  # the session is already revoked; every later event is refused anyway
        current_app.logger.exception("could not close the widgets of visitor %s", visitor_id)

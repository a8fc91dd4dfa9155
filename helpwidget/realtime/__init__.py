"""Socket.IO namespaces: thin edges like the REST API, one per kind of client."""
from flask import current_app


def init_app(socketio):
    """Register the namespaces; close the consoles and widgets whose sessions end."""
    from helpwidget.realtime.advisor import AdvisorNamespace
    from helpwidget.realtime.visitor import VisitorNamespace
    from helpwidget.services import advisors, identity

    socketio.on_namespace(VisitorNamespace("/visitor"))
    socketio.on_namespace(AdvisorNamespace("/advisor"))
    advisors.sessions_ended.connect(_close_consoles, weak=False)
    identity.session_ended.connect(_close_widgets, weak=False)


def _close_consoles(_app, advisor_id, token_ids, **_kwargs):
    """Disconnect, in whichever process holds them, the console sockets of ended sessions."""
    from helpwidget.extensions import socketio
    from helpwidget.services import presence

    try:
        for sid in presence.connections_of(advisor_id, token_ids):
            socketio.server.disconnect(sid, namespace="/advisor")
    except Exception:  # the sessions are already revoked; every later event is refused anyway
        current_app.logger.exception("could not close the consoles of advisor %s", advisor_id)


def _close_widgets(_app, visitor_id, **_kwargs):
    """Disconnect the widgets of a session that ended, so they hear nothing of the user's any more.

    This process's connections close at once; other processes' (several behind a message
    queue) leave the session's own room at once and close at their next sweep
    (realtime/widget_sweeper.py).
    """
    from helpwidget.extensions import socketio

    room = f"visitor:{visitor_id}"
    try:
        for sid, _eio_sid in list(socketio.server.manager.get_participants("/visitor", room)):
            socketio.server.disconnect(sid, namespace="/visitor")
        socketio.close_room(room, namespace="/visitor")
    except Exception:  # the session is already revoked; every later event is refused anyway
        current_app.logger.exception("could not close the widgets of visitor %s", visitor_id)

"""Socket.IO namespaces: thin edges like the REST API, one per kind of client."""
from flask import current_app


def init_app(socketio):
    """Register the visitor and advisor namespaces; end consoles whose sessions end."""
    from helpwidget.realtime.advisor import AdvisorNamespace
    from helpwidget.realtime.visitor import VisitorNamespace
    from helpwidget.services import advisors

    socketio.on_namespace(VisitorNamespace("/visitor"))
    socketio.on_namespace(AdvisorNamespace("/advisor"))
    advisors.sessions_ended.connect(_close_consoles, weak=False)


def _close_consoles(_app, advisor_id, token_ids, **_kwargs):
    """Disconnect, in whichever process holds them, the console sockets of ended sessions."""
    from helpwidget.extensions import socketio
    from helpwidget.services import presence

    try:
        for sid in presence.connections_of(advisor_id, token_ids):
            socketio.server.disconnect(sid, namespace="/advisor")
    except Exception:  # the sessions are already revoked; every later event is refused anyway
        current_app.logger.exception("could not close the consoles of advisor %s", advisor_id)

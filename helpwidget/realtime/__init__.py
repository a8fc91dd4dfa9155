"""Socket.IO namespaces: thin edges like the REST API, one per kind of client."""


def init_app(socketio):
    """Register the visitor and advisor namespaces."""
    from helpwidget.realtime.advisor import AdvisorNamespace
    from helpwidget.realtime.visitor import VisitorNamespace

    socketio.on_namespace(VisitorNamespace("/visitor"))
    socketio.on_namespace(AdvisorNamespace("/advisor"))

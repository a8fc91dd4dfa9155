"""The /visitor namespace: the widget's live channel, authenticated by its visitor token."""
from flask_socketio import Namespace, join_room

from helpwidget.errors import AppError
from helpwidget.realtime import rooms
from helpwidget.services import identity, sites


class VisitorNamespace(Namespace):
    """Widget connections: they hear about their own requests (and, later, chats)."""

    def on_connect(self, auth=None):
        """Accept a widget that shows a live visitor token of the site; join its rooms."""
        auth = auth if isinstance(auth, dict) else {}
        try:
            site = sites.get_site(auth.get("site"))
        except AppError:
            raise ConnectionRefusedError("unknown site")
        token = auth.get("token")
        visitor = identity.visitor_for_token(site, token if isinstance(token, str) else None)
        if visitor is None:
            raise ConnectionRefusedError("unauthorized")
        for room in rooms.of_visitor(visitor):
            join_room(room)

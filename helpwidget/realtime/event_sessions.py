"""Flask's cookie session, opened once per Socket.IO connection instead of once per event.

Flask-SocketIO runs every event in a request context built from the connection's handshake
environ, and Flask opens the cookie session of each one (a signing serializer made, the cookie
parsed and its signature checked); Flask-SocketIO then swaps in the connection's own session,
copied from the first. From the second event on, that opened session is never read.
"""
from flask.sessions import SecureCookieSessionInterface

# Flask-SocketIO keeps a connection's session in its environ under this key from the first event.
_CONNECTION_SESSION = "saved_session"


class EventSessionInterface(SecureCookieSessionInterface):
    """Cookie sessions as Flask keeps them; a connection's later events skip the opening."""

    def open_session(self, app, request):
        """Open the cookie session, unless the connection's own replaces it right after."""
        if _CONNECTION_SESSION in request.environ:
            return self.null_session_class()
        return super().open_session(app, request)

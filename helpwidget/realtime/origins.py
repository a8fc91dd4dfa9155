"""Which browser origins may open a Socket.IO connection: the help server's own, and each site's."""
import time

from flask import request

from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.web.origins import origin_of, own_origins

# Origins of every site, cached briefly: the transport asks on each long-polling request.
_CACHE_SECONDS = 30.0
_cache = {"at": 0.0, "origins": frozenset()}


def transport_checker(app):
    """Return the engine.io origin check: own origins, or an origin some site allows."""
    def allowed(origin, environ):
        if not origin:
            return True  # not a browser: the namespace's credentials decide
        with app.app_context():
            return origin.lower() in own_origins(environ) or origin.lower() in _site_origins()
    return allowed


def _site_origins():
    """Return the union of every site's allowed origins (cached for a few seconds)."""
    now = time.monotonic()
    if now - _cache["at"] > _CACHE_SECONDS:
        origins = set()
        for allowed in db.session.execute(db.select(Site.allowed_origins)).scalars():
            origins.update(origin_of(o) for o in allowed or [])
        db.session.remove()
        _cache.update(at=now, origins=frozenset(origins))
    return _cache["origins"]


def forget():
    """Drop the cached site origins (after a site's settings change)."""
    _cache["at"] = 0.0


def visitor_may_connect(site):
    """Tell whether this connection's browser origin may use the site's widget."""
    origin = request.headers.get("Origin")
    if not origin:
        return True
    origin = origin.lower()
    return origin in own_origins(request.environ) or origin in {
        origin_of(o) for o in site.allowed_origins or []}


def advisor_may_connect():
    """Tell whether this connection comes from the console's own origin (or is not a browser)."""
    origin = request.headers.get("Origin")
    return not origin or origin.lower() in own_origins(request.environ)

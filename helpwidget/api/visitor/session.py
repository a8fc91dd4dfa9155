"""POST/DELETE /session: the widget's visitor token, and identifying the host app's user."""
from flask import current_app, request

from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.bearer import bearer_token
from helpwidget.auth.limits import ip_key, rate_key
from helpwidget.auth.visitor import current_visitor, load_site
from helpwidget.extensions import limiter
from helpwidget.i18n import content_locale
from helpwidget.schemas.session import SessionEndSchema, SessionInputSchema, SiteSchema, UserSchema
from helpwidget.services import identity
from helpwidget.services.timeutil import aware


def live_token_key():
    """Key the session limit by the bearer token only once it is proved live, else by IP.

    Keying on any token presented would give every made-up token a fresh allowance.
    """
    token = bearer_token()
    if token and identity.visitor_for_token(None, token) is not None:
        return rate_key()
    return "anon:" + (request.remote_addr or "")


@bp.post("/session")
@operation("Start or continue a widget session; identify the user.", body=SessionInputSchema,
           status=201, response=shapes.OBJECT)
@limiter.limit(lambda: current_app.config["RATELIMIT_SESSION"], key_func=live_token_key)
@limiter.limit(lambda: current_app.config["RATELIMIT_SESSION_IP"], key_func=ip_key)
def open_session():
    """Start or continue a session; identify the user when a signed identity comes along."""
    data = SessionInputSchema().load(request.get_json(silent=True) or {})
    site = load_site(data["site"])
    visitor, token = identity.open_session(site, data.get("identity"), bearer_token())
    user = visitor.user
    locale = content_locale(site, data.get("locale") or (user.locale if user else None))
    return {"visitor_token": token, "locale": locale,
            "user": UserSchema().dump(user) if user else None,
            # When the identified session ends (the widget then asks the host to identify again).
            "identity_expires_at": _iso(visitor.identity_expires_at) if user else None,
            "site": SiteSchema().dump(site)}, 201


def _iso(moment):
    """Return an aware datetime as ISO 8601 UTC with a Z."""
    return aware(moment).isoformat().replace("+00:00", "Z") if moment else None


@bp.delete("/session")
@operation("End the session of the bearer token.", body=SessionEndSchema, status=204, auth=True)
def close_session():
    """End the session of the bearer token (the user logged out of the host app)."""
    data = SessionEndSchema().load(request.get_json(silent=True) or {})
    site = load_site(data["site"])
    identity.end_session(current_visitor(site, required=True))
    return "", 204

"""POST/DELETE /session: the widget's visitor token, and identifying the host app's user."""
from flask import current_app, request

from helpwidget.api import bp
from helpwidget.api.auth import bearer_token, current_visitor, load_site, rate_key
from helpwidget.extensions import limiter
from helpwidget.i18n import content_locale
from helpwidget.schemas.session import SessionEndSchema, SessionInputSchema, SiteSchema, UserSchema
from helpwidget.services import identity


@bp.post("/session")
@limiter.limit(lambda: current_app.config["RATELIMIT_SESSION"], key_func=rate_key)
def open_session():
    """Start or continue a session; identify the user when a signed identity comes along."""
    data = SessionInputSchema().load(request.get_json(silent=True) or {})
    site = load_site(data["site"])
    visitor, token = identity.open_session(site, data.get("identity"), bearer_token())
    user = visitor.user
    locale = content_locale(site, data.get("locale") or (user.locale if user else None))
    return {"visitor_token": token, "locale": locale,
            "user": UserSchema().dump(user) if user else None,
            "site": SiteSchema().dump(site)}, 201


@bp.delete("/session")
def close_session():
    """End the session of the bearer token (the user logged out of the host app)."""
    data = SessionEndSchema().load(request.get_json(silent=True) or {})
    site = load_site(data["site"])
    identity.end_session(current_visitor(site, required=True))
    return "", 204

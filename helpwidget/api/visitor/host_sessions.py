"""POST /host/sessions/revoke: the host app ends every session of one of its users.

Server to server: the host's backend signs a short-lived JWT with the site's identity secret,
`{"sub": user id, "purpose": "revoke", "iat", "exp"}`. Every widget and help center session of
that user ends, their live connections close, and identity tokens signed before now are refused.
"""
from flask import current_app, request

from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.limits import ip_key
from helpwidget.auth.visitor import load_site
from helpwidget.extensions import limiter
from helpwidget.schemas.session import HostRevokeSchema
from helpwidget.services import identity


@bp.post("/host/sessions/revoke")
@operation("The host's backend ends every session of one user: `token` is a JWT signed with the "
           "site's identity secret, claims sub, purpose \"revoke\", iat and exp.",
           body=HostRevokeSchema, response=shapes.OBJECT)
@limiter.limit(lambda: current_app.config["RATELIMIT_SESSION"], key_func=ip_key)
def revoke_user_sessions():
    """End every session of the user the host's signed revoke token names."""
    data = HostRevokeSchema().load(request.get_json(silent=True) or {})
    site = load_site(data["site"])
    return {"revoked": identity.revoke_user(site, data["token"])}

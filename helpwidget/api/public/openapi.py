"""GET /openapi.json: the OpenAPI 3 description of this API, built once per app."""
from flask import current_app

from helpwidget.api.public import bp
from helpwidget.api.spec import build_spec


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI document."""
    spec = current_app.extensions.get("openapi_spec")
    if spec is None:
        spec = current_app.extensions["openapi_spec"] = build_spec(current_app)
    return spec

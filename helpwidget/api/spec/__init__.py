"""The OpenAPI 3 document of the API, built from its routes and their marshmallow schemas.

Each API view says what it takes and answers with `operation(...)` (api/spec/operation.py);
paths, path parameters and methods come from the app's URL rules.
"""
import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin

from helpwidget.api.spec import shapes
from helpwidget.schemas.article import ArticleSchema, CategoryRefSchema
from helpwidget.schemas.attachment import AttachmentSchema

# The blueprint whose routes need a signed-in caller unless an operation says otherwise.
_SIGNED_IN = "api.advisor"
_PARAM = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


class _ApiPaths(FlaskPlugin):
    """Flask's paths, written relative to the API's server URL (the document's `servers`)."""

    def __init__(self, prefix):
        super().__init__()
        self.prefix = prefix

    def path_helper(self, *args, **kwargs):
        """Return the view's OpenAPI path without the API's prefix."""
        return super().path_helper(*args, **kwargs).removeprefix(self.prefix)


def build_spec(app):
    """Return the OpenAPI document of the app's API routes as a dict."""
    prefix = app.blueprints["api"].url_prefix
    spec = APISpec(title="helpwidget API", version="1", openapi_version="3.0.3",
                   plugins=[_ApiPaths(prefix), MarshmallowPlugin()],
                   info={"description": "Help center search, help on this page and sessions."},
                   servers=[{"url": prefix}])
    spec.components.schema("Error", shapes.ERROR)
    spec.components.schema("CategoryRef", schema=CategoryRefSchema)
    spec.components.schema("Article", schema=ArticleSchema)
    spec.components.security_scheme("visitor", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme("advisor", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Attachment", schema=AttachmentSchema)
    forms = []
    for rule, view in _documented_rules(app, prefix):
        (method,) = {m.lower() for m in rule.methods} - {"head", "options"}
        spec.path(view=view, app=app,
                  operations={method: _operation(view.openapi, rule, _blueprint_of(rule))})
        if view.openapi.media == "multipart/form-data":
            forms.append((re.sub(_PARAM, r"{\2}", rule.rule.removeprefix(prefix)), method))
    document = spec.to_dict()
    for path, method in forms:
        _add_file_part(document, document["paths"][path][method])
    return document


def documented_operations():
    """Return (method, path) of every operation the document describes, without an app."""
    from flask import Flask

    from helpwidget.api import bp

    app = Flask(__name__)
    app.register_blueprint(bp)
    prefix = bp.url_prefix
    return [(method, re.sub(_PARAM, r"{\2}", rule.rule.removeprefix(prefix)))
            for rule, _view in _documented_rules(app, prefix)
            for method in sorted({m.lower() for m in rule.methods} - {"head", "options"})]


def _documented_rules(app, prefix):
    """Yield (rule, view) of the API's routes that are described (all but the document's)."""
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.rule.startswith(prefix + "/") and hasattr(view, "openapi"):
            yield rule, view


def _blueprint_of(rule):
    """Return the blueprint part of a rule's endpoint (`api.advisor` of `api.advisor.x`)."""
    return rule.endpoint.rpartition(".")[0]


def _operation(described, rule, blueprint):
    """Return the OpenAPI operation of a described view on its URL rule."""
    auth = described.auth if described.auth is not None else blueprint == _SIGNED_IN
    op = {"summary": described.summary,
          "responses": _responses(described.status, described.response, auth)}
    if described.refuses:
        op["responses"]["422"] = {"description": "Input breaks a rule", **_error()}
    if described.query is not None:
        op["parameters"] = [{"in": "query", "schema": described.query}]
    for converter, name in _PARAM.findall(rule.rule):
        schema = shapes.ID if converter == "id" else {"type": "string"}
        op.setdefault("parameters", []).append(
            {"in": "path", "name": name, "required": True, "schema": schema})
    if described.body is not None:
        op["requestBody"] = {"required": True,
                             "content": {described.media: {"schema": described.body}}}
    scheme = "advisor" if blueprint == _SIGNED_IN else "visitor"
    op["security"] = [{scheme: []}] if auth else [{}, {scheme: []}]
    return op


def _add_file_part(document, operation):
    """List a multipart form's `file` part, which its schema (the other fields) leaves out."""
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    form = document["components"]["schemas"][form["$ref"].rsplit("/", 1)[-1]]
    form["properties"]["file"] = shapes.FILE
    form["required"] = [*form.get("required", []), "file"]


def _error():
    """Return the content of an error response."""
    return {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}


def _responses(status, response, auth):
    """Describe the success response and the errors every operation may answer."""
    error = _error()
    ok = {"description": "Success"}
    if isinstance(response, str):
        ref = {"$ref": f"#/components/schemas/{response}"}
        ok["content"] = {"application/json": {"schema": ref}}
    elif response is shapes.DOWNLOAD:
        ok["content"] = {kind: {"schema": shapes.FILE} for kind in shapes.DOWNLOAD_TYPES}
    elif response is shapes.ZIP:
        ok["content"] = {"application/zip": {"schema": response}}
    elif response is shapes.CSV:
        ok["content"] = {"text/csv": {"schema": response}}
    elif response is shapes.EML:
        ok["content"] = {"message/rfc822": {"schema": response}}
    elif response is shapes.FILE:
        ok["content"] = {"application/octet-stream": {"schema": response}}
    elif response is not None:
        ok["content"] = {"application/json": {"schema": response}}
    out = {str(status): ok, "400": {"description": "Invalid input", **error},
           "404": {"description": "Unknown site or article", **error},
           "429": {"description": "Too many requests", **error},
           "503": {"description": "Database unavailable for a moment: send again after "
                                  "Retry-After", **error}}
    out["401"] = {"description": "Missing, expired or forged identity", **error}
    if status in (200, 201) and auth or status == 201 and response is not None:
        out["422"] = {"description": "Input breaks a rule", **error}
    if auth:
        out["403"] = {"description": "Not allowed for this user", **error}
        out["409"] = {"description": "Not possible in the current state", **error}
        out["413"] = {"description": "Too large", **error}
    return out

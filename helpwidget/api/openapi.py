"""GET /openapi.json: the OpenAPI 3 description of this API, built from the schemas."""
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app

from helpwidget.api import bp
from helpwidget.api.articles import SiteQuerySchema
from helpwidget.schemas import article, search, session

_ERROR = {"type": "object", "properties": {
    "error": {"type": "string"},
    "fields": {"type": "object", "additionalProperties": {}}}, "required": ["error"]}

_SEARCH_RESULT = {"type": "object", "properties": {
    "query": {"type": "string"}, "locale": {"type": "string"}, "total": {"type": "integer"},
    "page": {"type": "integer"}, "per_page": {"type": "integer"},
    "suggestion": {"type": "string", "nullable": True},
    "results": {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"},
        "kind": {"type": "string"}, "snippet": {"type": "string"}, "score": {"type": "number"},
        "category": {"allOf": [{"$ref": "#/components/schemas/CategoryRef"}],
                     "nullable": True}}}}}}

# (method, path, summary, query schema, body schema, 2xx status, response, auth)
_OPERATIONS = [
    ("post", "/session", "Start or continue a widget session; identify the user.", None,
     session.SessionInputSchema, 201, {"type": "object"}, False),
    ("delete", "/session", "End the session of the bearer token.", None,
     session.SessionEndSchema, 204, None, True),
    ("get", "/search", "Search the help center.", search.SearchQuerySchema, None, 200,
     _SEARCH_RESULT, False),
    ("get", "/context", "Articles for the host page the reader is on.",
     search.ContextQuerySchema, None, 200, {"type": "object"}, False),
    ("get", "/categories", "Categories of the help center.", SiteQuerySchema, None, 200,
     {"type": "object"}, False),
    ("get", "/articles", "Articles of the help center.", SiteQuerySchema, None, 200,
     {"type": "object"}, False),
    ("get", "/articles/{slug}", "One article.", SiteQuerySchema, None, 200, "Article", False),
    ("post", "/articles/{slug}/feedback", "Say whether an article helped.", SiteQuerySchema,
     article.FeedbackInputSchema, 201, {"type": "object"}, True),
]


def build_spec():
    """Return the OpenAPI document as a dict."""
    spec = APISpec(title="helpwidget API", version="1", openapi_version="3.0.3",
                   plugins=[MarshmallowPlugin()],
                   info={"description": "Help center search, help on this page and sessions."},
                   servers=[{"url": "/api/v1"}])
    spec.components.schema("Error", _ERROR)
    spec.components.schema("CategoryRef", schema=article.CategoryRefSchema)
    spec.components.schema("Article", schema=article.ArticleSchema)
    spec.components.security_scheme("visitor", {"type": "http", "scheme": "bearer"})
    paths = {}
    for method, path, summary, query, body, status, response, auth in _OPERATIONS:
        op = {"summary": summary, "responses": _responses(status, response, auth)}
        if query is not None:
            op["parameters"] = [{"in": "query", "schema": query}]
        if "{slug}" in path:
            op.setdefault("parameters", []).append(
                {"in": "path", "name": "slug", "required": True, "schema": {"type": "string"}})
        if body is not None:
            op["requestBody"] = {"required": True,
                                 "content": {"application/json": {"schema": body}}}
        op["security"] = [{"visitor": []}] if auth else [{}, {"visitor": []}]
        paths.setdefault(path, {})[method] = op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def _responses(status, response, auth):
    """Describe the success response and the errors every operation may answer."""
    error = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    ok = {"description": "Success"}
    if isinstance(response, str):
        ref = {"$ref": f"#/components/schemas/{response}"}
        ok["content"] = {"application/json": {"schema": ref}}
    elif response is not None:
        ok["content"] = {"application/json": {"schema": response}}
    out = {str(status): ok, "400": {"description": "Invalid input", **error},
           "404": {"description": "Unknown site or article", **error},
           "429": {"description": "Too many requests", **error}}
    out["401"] = {"description": "Missing, expired or forged identity", **error}
    if status == 201 and response is not None and not auth:
        out["422"] = {"description": "Input breaks a rule", **error}
    if auth:
        out["409"] = {"description": "Already answered", **error}
    return out


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI document."""
    spec = current_app.extensions.get("openapi_spec")
    if spec is None:
        spec = current_app.extensions["openapi_spec"] = build_spec()
    return spec

"""GET /openapi.json: the OpenAPI 3 description of this API, built from the schemas."""
import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import current_app

from helpwidget.api import bp
from helpwidget.api.articles import SiteQuerySchema
from helpwidget.schemas import (
    advisor,
    article,
    article_admin,
    attachment,
    chat,
    inbox,
    saved_reply,
    search,
    session,
    speedtest,
    ticket,
    widget,
)
from helpwidget.schemas import status as status_schemas
from helpwidget.services.attachments import SERVED_AS_IS

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

_PER_OS = {"type": "object", "properties": {"windows": {"type": "string"},
                                         "mac": {"type": "string"}}}
_WIDGET = {"type": "object", "properties": {
    "site": {"type": "object", "properties": {
        "key": {"type": "string"}, "name": {"type": "string"},
        "default_locale": {"type": "string"},
        "locales": {"type": "array", "items": {"type": "string"}},
        "brand_color": {"type": "string"}}},
    "menu": {"type": "array", "description": "Enabled menu items in order, with their settings.",
             "items": {"type": "object", "properties": {"item": {"type": "string"}},
                       "additionalProperties": {}}},
    "trainings": {"type": "object", "nullable": True,
                  "properties": {"url": {"type": "string"}}},
    "remote_support": {"type": "object", "nullable": True, "properties": {
        "tool": {"type": "string"}, "downloads": _PER_OS,
        "guides": {**_PER_OS, "description": "Article slugs per operating system."}}},
    "contact": {"type": "object", "properties": {
        "email": {"type": "string", "nullable": True}, "whatsapp": {"type": "string"},
        "phones": {"type": "array", "items": {"type": "object", "properties": {
            "region": {"type": "string"}, "number": {"type": "string"}}}},
        "hours": {"nullable": True}, "within_hours": {"type": "boolean"},
        "next_open": {"type": "string", "format": "date-time", "nullable": True},
        "hours_text": {"type": "array", "items": {"type": "string"}}}},
    "chat": {"type": "object", "properties": {
        "topics": {"type": "array", "items": {"type": "object", "properties": {
            "key": {"type": "string"}, "label": {"type": "string"}}}},
        "wait_minutes": {"type": "integer"}}},
    "status": {"type": "object", "description": "As GET /status answers."}}}

_INTEGER_PARAMS = {"number", "ticket_id", "reply_id", "article_id", "window_id"}
# Path ids as the `<id:...>` converter takes them; any other number answers 404.
_ID = {"type": "integer", "minimum": 0, "maximum": 999_999_999}
_FILE = {"type": "string", "format": "binary"}
# An attachment download: images and PDF keep their type, anything else is octet-stream.
_DOWNLOAD = {**_FILE}
_DOWNLOAD_TYPES = ["application/octet-stream", *sorted(SERVED_AS_IS)]
# Operations that refuse out-of-range input with 422 without needing a session.
_REFUSES = {"/speedtest/download", "/speedtest/upload"}
_MULTIPART = {"/uploads", "/advisor/uploads"}
_RAW = {"/speedtest/upload"}

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
    ("get", "/ticket-categories", "Request types (cards), platforms and who may open requests.",
     ticket.TicketSiteSchema, None, 200, {"type": "object"}, False),
    ("post", "/tickets", "Open a request; answers with its number and expected response.", None,
     ticket.TicketInputSchema, 201, {"type": "object"}, True),
    ("get", "/tickets", "My requests: open or closed.", ticket.TicketListQuerySchema, None, 200,
     {"type": "object"}, True),
    ("get", "/tickets/{number}", "One request with its thread.", ticket.TicketSiteSchema, None,
     200, {"type": "object"}, True),
    ("post", "/tickets/{number}/comments", "Reply in a request's thread.", None,
     ticket.CommentInputSchema, 201, {"type": "object"}, True),
    ("post", "/tickets/{number}/escalate", "Ask for escalation, saying why.", None,
     ticket.CommentInputSchema, 201, {"type": "object"}, True),
    ("post", "/tickets/{number}/close", "Close one's own request.", None,
     ticket.TicketSiteSchema, 200, {"type": "object"}, True),
    ("post", "/tickets/{number}/rating", "Rate a resolved or closed request, once.", None,
     ticket.RatingInputSchema, 201, {"type": "object"}, True),
    ("post", "/uploads", "Upload a file to attach to a ticket or comment.", None,
     attachment.UploadFormSchema, 201, "Attachment", True),
    ("get", "/attachments/{attachment_id}", "Download an attachment of a ticket you may read.",
     attachment.AttachmentQuerySchema, None, 200, _DOWNLOAD, True),
    ("post", "/advisor/session", "Sign an advisor in; answers with a console bearer token.",
     None, advisor.LoginSchema, 201, {"type": "object"}, False),
    ("delete", "/advisor/session", "Sign the advisor out: the bearer token stops working.", None,
     None, 204, None, True),
    ("get", "/advisor/me", "The signed-in advisor and the sites of their teams.", None, None,
     200, advisor.AdvisorSchema, True),
    ("get", "/advisor/tickets", "Inbox: tickets of the advisor's sites, filtered and sorted.",
     inbox.InboxQuerySchema, None, 200, {"type": "object"}, True),
    ("get", "/advisor/tickets/{ticket_id}", "A ticket with its whole thread, notes included.",
     None, None, 200, inbox.InboxTicketDetailSchema, True),
    ("post", "/advisor/tickets/{ticket_id}/comments", "Reply, or leave an internal note.", None,
     inbox.AdvisorCommentInputSchema, 201, inbox.ThreadCommentSchema, True),
    ("patch", "/advisor/tickets/{ticket_id}", "Change a ticket's status, assignee or priority.",
     None, inbox.TicketChangeSchema, 200, inbox.InboxTicketDetailSchema, True),
    ("get", "/advisor/attachments/{attachment_id}", "Download a file of a ticket or chat.", None,
     None, 200, _DOWNLOAD, True),
    ("get", "/chat/availability", "Whether an advisor can chat now, within support hours.",
     chat.AvailabilityQuerySchema, None, 200, {"type": "object"}, False),
    ("post", "/advisor/uploads", "Upload a file to send in a chat or ticket reply.", None,
     chat.SiteFormSchema, 201, "Attachment", True),
    ("get", "/advisor/sites/{site_key}/saved-replies",
     "Saved replies of a site's team, in one language or all.",
     saved_reply.SavedReplyQuerySchema, None, 200, {"type": "object"}, True),
    ("post", "/advisor/sites/{site_key}/saved-replies", "Add a saved reply (site admins).", None,
     saved_reply.SavedReplyInputSchema, 201, saved_reply.SavedReplySchema, True),
    ("put", "/advisor/sites/{site_key}/saved-replies/{reply_id}",
     "Rewrite a saved reply (site admins).", None, saved_reply.SavedReplyInputSchema, 200,
     saved_reply.SavedReplySchema, True),
    ("delete", "/advisor/sites/{site_key}/saved-replies/{reply_id}",
     "Remove a saved reply (site admins).", None, None, 204, None, True),
    ("get", "/advisor/sites/{site_key}/articles",
     "Articles of a site, published or not, for its admins.",
     article_admin.ArticleAdminQuerySchema, None, 200, {"type": "object"}, True),
    ("post", "/advisor/sites/{site_key}/articles", "Create an article (site admins).", None,
     article_admin.ArticleAdminInputSchema, 201, article_admin.ArticleAdminSchema, True),
    ("get", "/advisor/sites/{site_key}/articles/{article_id}", "One article for the editor.",
     None, None, 200, article_admin.ArticleAdminSchema, True),
    ("put", "/advisor/sites/{site_key}/articles/{article_id}",
     "Replace an article's content, routes and audience; search follows at once.", None,
     article_admin.ArticleAdminInputSchema, 200, article_admin.ArticleAdminSchema, True),
    ("delete", "/advisor/sites/{site_key}/articles/{article_id}",
     "Unpublish an article (it stays editable).", None, None, 200,
     article_admin.ArticleAdminSchema, True),
    ("post", "/advisor/sites/{site_key}/articles/{article_id}/unpublish",
     "Unpublish an article (it stays editable).", None, None, 200,
     article_admin.ArticleAdminSchema, True),
    ("post", "/advisor/markdown-preview", "The sanitized HTML of article Markdown (admins).",
     None, article_admin.MarkdownPreviewSchema, 200, {"type": "object"}, True),
    ("get", "/advisor/sites/{site_key}/team", "The active advisors of a site's team.", None,
     None, 200, {"type": "object"}, True),
    ("get", "/status", "System status, maintenance of the next 14 days and the banner to show.",
     status_schemas.StatusQuerySchema, None, 200, {"type": "object"}, False),
    ("get", "/advisor/sites/{site_key}/status",
     "A site's status with its history and maintenance windows (the site's team).", None, None,
     200, {"type": "object"}, True),
    ("put", "/advisor/sites/{site_key}/status", "Set a site's status and message (site admins).",
     None, status_schemas.StatusInputSchema, 200, {"type": "object"}, True),
    ("get", "/advisor/sites/{site_key}/maintenance", "A site's maintenance windows.", None, None,
     200, {"type": "object"}, True),
    ("post", "/advisor/sites/{site_key}/maintenance",
     "Plan a one-off or weekly maintenance window (site admins).", None,
     status_schemas.MaintenanceInputSchema, 201, {"type": "object"}, True),
    ("delete", "/advisor/sites/{site_key}/maintenance/{window_id}",
     "Remove a maintenance window (site admins).", None, None, 204, None, True),
    ("get", "/speedtest/ping", "Speed test: an empty answer for measuring latency.", None, None,
     204, None, False),
    ("get", "/speedtest/download", "Speed test: this many random bytes, uncached.",
     speedtest.DownloadQuerySchema, None, 200, _FILE, False),
    ("post", "/speedtest/upload", "Speed test: send a raw body; answers how many bytes arrived.",
     None, _FILE, 200, {"type": "object"}, False),
    ("get", "/widget", "The widget's configuration: menu, trainings, remote support, contact "
     "hours, chat topics and system status.", widget.WidgetQuerySchema, None, 200,
     _WIDGET, False),
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
    spec.components.security_scheme("advisor", {"type": "http", "scheme": "bearer"})
    spec.components.schema("Attachment", schema=attachment.AttachmentSchema)
    paths = {}
    for method, path, summary, query, body, status, response, auth in _OPERATIONS:
        op = {"summary": summary, "responses": _responses(status, response, auth)}
        if path in _REFUSES:
            op["responses"]["422"] = {"description": "Input breaks a rule", **_error()}
        if query is not None:
            op["parameters"] = [{"in": "query", "schema": query}]
        for name in re.findall(r"{(\w+)}", path):
            schema = _ID if name in _INTEGER_PARAMS else {"type": "string"}
            op.setdefault("parameters", []).append(
                {"in": "path", "name": name, "required": True, "schema": schema})
        if body is not None:
            media = "multipart/form-data" if path in _MULTIPART else \
                "application/octet-stream" if path in _RAW else "application/json"
            op["requestBody"] = {"required": True, "content": {media: {"schema": body}}}
        scheme = "advisor" if path.startswith("/advisor/") else "visitor"
        op["security"] = [{scheme: []}] if auth else [{}, {scheme: []}]
        paths.setdefault(path, {})[method] = op
    for path, operations in paths.items():
        spec.path(path=path, operations=operations)
    document = spec.to_dict()
    for path in _MULTIPART:
        _add_file_part(document, document["paths"][path]["post"])
    return document


def _add_file_part(document, operation):
    """List a multipart form's `file` part, which its schema (the other fields) leaves out."""
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    form = document["components"]["schemas"][form["$ref"].rsplit("/", 1)[-1]]
    form["properties"]["file"] = _FILE
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
    elif response is _DOWNLOAD:
        ok["content"] = {kind: {"schema": _FILE} for kind in _DOWNLOAD_TYPES}
    elif response is _FILE:
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


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI document."""
    spec = current_app.extensions.get("openapi_spec")
    if spec is None:
        spec = current_app.extensions["openapi_spec"] = build_spec()
    return spec

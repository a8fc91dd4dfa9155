"""Shapes of the OpenAPI document that no marshmallow schema describes: errors, files, dicts."""
from helpwidget.services.attachment_downloads import SERVED_AS_IS

ERROR = {"type": "object", "properties": {
    "error": {"type": "string"},
    "fields": {"type": "object", "additionalProperties": {}}}, "required": ["error"]}

SEARCH_RESULT = {"type": "object", "properties": {
    "query": {"type": "string"}, "locale": {"type": "string"}, "total": {"type": "integer"},
    "page": {"type": "integer"}, "per_page": {"type": "integer"},
    "suggestion": {"type": "string", "nullable": True},
    "search_id": {"type": "integer", "nullable": True,
                  "description": "This search as recorded for the site's insights (for "
                  "reporting a click or a solved problem); null when not recorded."},
    "results": {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "integer"}, "slug": {"type": "string"}, "title": {"type": "string"},
        "kind": {"type": "string"}, "snippet": {"type": "string"}, "score": {"type": "number"},
        "url": {"type": "string", "description": "Community questions (kind community): their "
                "help center page."},
        "category": {"allOf": [{"$ref": "#/components/schemas/CategoryRef"}],
                     "nullable": True}}}}}}

_PER_OS = {"type": "object", "properties": {"windows": {"type": "string"},
                                         "mac": {"type": "string"}}}
WIDGET = {"type": "object", "properties": {
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

OBJECT = {"type": "object"}
# Path ids as the `<id:...>` converter takes them; any other number answers 404.
ID = {"type": "integer", "minimum": 0, "maximum": 999_999_999}
FILE = {"type": "string", "format": "binary"}
# An attachment download: images and PDF keep their type, anything else is octet-stream.
DOWNLOAD = {**FILE}
# Files of one fixed type: an archive of articles, a spreadsheet of the audit trail.
ZIP = {**FILE}
CSV = {"type": "string"}
# An email exactly as it arrived (message/rfc822), downloaded as an .eml file.
EML = {**FILE}
DOWNLOAD_TYPES = ["application/octet-stream", *sorted(SERVED_AS_IS)]

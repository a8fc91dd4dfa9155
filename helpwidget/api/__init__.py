"""The REST API under /api/v1: thin edges that load, call a service and dump.

One blueprint per audience, each with its own rule of who may call it: `visitor` (the widget
and end users), `advisor` (the support console and admins) and `public` (no identity at all).
Errors answer in JSON the same way for all three.
"""
from flask import Blueprint, jsonify, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from helpwidget.errors import AppError, stringify

bp = Blueprint("api", __name__, url_prefix="/api/v1")


class RowIdConverter(IntegerConverter):
    """`<id:...>`: a row id or ticket number of at most 9 digits; longer ones name no row (404)."""

    # Unbounded, SQLite cannot even bind a long number and the query fails (a 500). Bounded in
    # the pattern, not with `max`: a value the converter refuses turns a PATCH into a 405.
    regex = r"\d{1,9}"


@bp.record_once
def _add_converters(state):
    """Teach the app `<id:...>` before the API's routes are added."""
    state.app.url_map.converters["id"] = RowIdConverter

_HTTP_MESSAGES = {
    400: _l("The request could not be understood."),
    404: _l("There is nothing here."),
    405: _l("This method is not allowed here."),
    413: _l("The request is too large."),
    415: _l("Send the request body as JSON."),
    429: _l("Too many requests. Wait a moment and try again."),
    500: _l("Something went wrong on our side. Try again in a moment."),
}


@bp.errorhandler(ValidationError)
def _invalid(error):
    """Answer bad input with a message per field."""
    fields = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
    body = {"error": str(_l("Some fields need your attention.")), "fields": stringify(fields)}
    return jsonify(body), 400


@bp.errorhandler(AppError)
def _app_error(error):
    """Answer a service's refusal with its status and message."""
    return jsonify(error.to_dict()), error.status


@bp.errorhandler(HTTPException)
def _http_error(error):
    """Answer HTTP errors in JSON, never with an HTML page."""
    message = _HTTP_MESSAGES.get(error.code, error.name)
    return jsonify({"error": str(message)}), error.code


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
def _unrouted(error):
    """Answer unknown API paths in JSON too; other paths keep their HTML pages."""
    if request.path.startswith(bp.url_prefix + "/"):
        return _http_error(error)
    return error


@bp.errorhandler(OperationalError)
def _database_unavailable(error):
    """Answer a lost database (a restart, a failover) with 503: the request may be sent again."""
    from flask import current_app
    current_app.logger.warning("database unavailable: %s", error.orig or error)
    return jsonify({"error": str(_HTTP_MESSAGES[500])}), 503, {"Retry-After": "2"}


@bp.errorhandler(Exception)
def _crash(error):
    """Answer an unexpected failure without a stack trace."""
    from flask import current_app
    current_app.logger.exception("unhandled error in API")
    return jsonify({"error": str(_HTTP_MESSAGES[500])}), 500


from helpwidget.api import advisor, public, visitor  # noqa: E402

for _audience in (visitor.bp, advisor.bp, public.bp):
    bp.register_blueprint(_audience)

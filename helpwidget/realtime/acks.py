"""Event handlers answer through their ack: {"ok": true, ...} or {"ok": false, "error": {...}}."""
import functools

from flask import current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_socketio import Namespace
from marshmallow import ValidationError
from sqlalchemy.exc import OperationalError

from helpwidget.errors import AppError, stringify
from helpwidget.extensions import db

_CODES = {400: "invalid", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          409: "conflict", 422: "invalid", 429: "rate_limited"}


def failure(code, message, fields=None):
    """Return a failed ack."""
    error = {"code": code, "message": str(message)}
    if fields:
        error["fields"] = stringify(fields)
    return {"ok": False, "error": error}


def acked(schema=None):
    """Load the event's payload with `schema`, run the handler, and turn the outcome into an ack."""
    loader = schema() if schema is not None else None

    def decorate(handler):
        @functools.wraps(handler)
        def wrapper(self, data=None, *_extra):
            # Arguments past the payload are ignored: a client sending them must still get
            # an ack, not a TypeError raised before any of this runs.
            g.locale = session.get("locale")
            try:
                payload = loader.load({} if data is None else data) if loader else data
                return {"ok": True, **(handler(self, payload) or {})}
            except ValidationError as error:
                messages = error.messages if isinstance(error.messages, dict) \
                    else {"_schema": error.messages}
                return failure("invalid", _l("Some fields need your attention."), messages)
            except AppError as error:
                return failure(error.code or _CODES.get(error.status, "invalid"), error.message,
                               error.fields)
            except Exception as error:
                db.session.rollback()
                message = _l("Something went wrong on our side. Try again in a moment.")
                if isinstance(error, OperationalError):
                    # The database is locked past its wait or unreachable for now: the event
                    # stored nothing, so the client may send it again (same client_id).
                    current_app.logger.warning("chat event %s: database busy: %s",
                                               handler.__name__, error.orig or error)
                    return failure("busy", message)
                current_app.logger.exception("chat event %s failed", handler.__name__)
                return failure("server_error", message)
        return wrapper
    return decorate


class EventNamespace(Namespace):
    """A namespace whose events may be named "area:action"; "chat:send" calls on_chat_send."""

    def trigger_event(self, event, *args):
        """Dispatch "area:action" events to on_area_action."""
        return super().trigger_event((event or "").replace(":", "_"), *args)

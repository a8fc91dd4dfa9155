"""Errors the services raise; the edges turn them into responses in the caller's language."""


class AppError(Exception):
    """A failure the user can understand: an HTTP status and a translatable message."""

    status = 400

    def __init__(self, message, fields=None, code=None, details=None):
        super().__init__(str(message))
        self.message = message
        self.fields = fields or {}
        self.code = code
        self.details = details or {}

    def to_dict(self):
        """Return the JSON body of the error response."""
        body = {"error": str(self.message)}
        if self.code:
            body["code"] = self.code
        if self.fields:
            body["fields"] = {k: [str(m) for m in v] for k, v in self.fields.items()}
        body.update(self.details)
        return body


class NotFound(AppError):
    """The thing does not exist, or the caller may not know that it does."""

    status = 404


class Unauthorized(AppError):
    """The caller's identity is missing, expired or forged."""

    status = 401


class Forbidden(AppError):
    """The caller is known but this action is not theirs to take."""

    status = 403


class Conflict(AppError):
    """The action cannot happen in the thing's current state."""

    status = 409


class Invalid(AppError):
    """The input is well-formed but breaks a rule."""

    status = 422


def stringify(messages):
    """Turn nested marshmallow messages (possibly lazy) into JSON-safe strings."""
    if isinstance(messages, dict):
        return {str(k): stringify(v) for k, v in messages.items()}
    if isinstance(messages, list):
        return [str(m) if not isinstance(m, (dict, list)) else stringify(m) for m in messages]
    return [str(messages)]

"""Loading an admin form's JSON body: 422 with a message per dotted field path."""
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from helpwidget.errors import Invalid, stringify


def load_body(schema, body, message=None):
    """Load a JSON object with `schema`; refuse with 422 and messages keyed "items.0.url"."""
    if not isinstance(body, dict):
        refusal = _l("Send a JSON object.")
        raise Invalid(refusal, fields={"_schema": [refusal]})
    try:
        return schema.load(body)
    except ValidationError as error:
        raise Invalid(message or _l("Some fields need your attention."),
                      fields=dotted(stringify(error.messages))) from None


def dotted(messages, prefix=""):
    """Flatten marshmallow's nested messages to {"items.0.url": [messages]}."""
    flat = {}
    for key, value in messages.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(dotted(value, path + "."))
        else:
            flat[path] = value
    return flat

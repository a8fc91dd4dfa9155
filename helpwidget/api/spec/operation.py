"""What the OpenAPI document says of a route, kept on its view function."""
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Operation:
    """One operation: its summary, inputs, success answer and who may call it.

    `response` is a schema class, a component name, a dict, shapes.FILE or shapes.DOWNLOAD;
    `auth` None takes the blueprint's rule (advisor routes need one, others do not);
    `refuses` documents 422 for operations that refuse out-of-range input without a session.
    """

    summary: str
    query: Any = None
    body: Any = None
    status: int = 200
    response: Any = None
    auth: bool | None = None
    media: str = "application/json"
    refuses: bool = False


def operation(summary, **details):
    """Describe the decorated view in the OpenAPI document (put it under the route decorator)."""
    def describe(view):
        view.openapi = Operation(summary, **details)
        return view
    return describe

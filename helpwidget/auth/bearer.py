"""The bearer token of a request, the one way the widget and API clients say who they are."""
from flask import request


def bearer_token():
    """Return the bearer token of the request, or None (tokens never travel in URLs)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None

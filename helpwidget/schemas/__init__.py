"""Marshmallow schemas: what crosses the edge, with messages a user can act on."""

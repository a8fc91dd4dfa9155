"""Query strings of the search and "help on this page" endpoints."""
from flask import current_app

from helpwidget.models.article import KINDS
from helpwidget.schemas.base import BaseSchema, Int, Str, in_range, locale_field, max_length, one_of


class SearchQuerySchema(BaseSchema):
    """GET /search parameters."""

    site = Str(required=True, validate=max_length(64))
    q = Str(load_default="", validate=max_length(200))
    locale = locale_field()
    kind = Str(validate=one_of(KINDS))
    page = Int(load_default=1, validate=in_range(1, 100))
    per_page = Int(load_default=lambda: current_app.config["SEARCH_PAGE_SIZE"],
                   validate=in_range(1, 50))


class ContextQuerySchema(BaseSchema):
    """GET /context parameters."""

    site = Str(required=True, validate=max_length(64))
    route = Str(required=True, validate=max_length(2000))
    title = Str(load_default="", validate=max_length(300))
    locale = locale_field()
    limit = Int(load_default=lambda: current_app.config["CONTEXT_LIMIT"],
                validate=in_range(1, 20))

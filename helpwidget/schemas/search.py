"""Query strings of the search and "help on this page" endpoints, and what readers did next."""
from flask import current_app

from helpwidget.models.article import KINDS
from helpwidget.models.insights import SOURCES
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
    # Where the reader searches: the search box, or suggestions while writing a request or chat.
    source = Str(load_default="search", validate=one_of(SOURCES))


class SearchSolvedSchema(BaseSchema):
    """POST /search/<search_id>/solved: the article of the results that solved the problem."""

    site = Str(required=True, validate=max_length(64))
    article_id = Int(required=True, strict=True, validate=in_range(1, 999_999_999))


class SearchClickSchema(SearchSolvedSchema):
    """POST /search/<search_id>/click: the article of the results opened, and its place."""

    rank = Int(required=True, strict=True, validate=in_range(1, 100))


class ContextQuerySchema(BaseSchema):
    """GET /context parameters."""

    site = Str(required=True, validate=max_length(64))
    route = Str(required=True, validate=max_length(2000))
    title = Str(load_default="", validate=max_length(300))
    locale = locale_field()
    limit = Int(load_default=lambda: current_app.config["CONTEXT_LIMIT"],
                validate=in_range(1, 20))

"""Full-text search of help articles: the facade the rest of the app calls."""
from flask import current_app

from helpwidget.search.document import ArticleDoc, document_for
from helpwidget.search.index import IndexBusyError, SearchIndex

__all__ = ["ArticleDoc", "IndexBusyError", "SearchIndex", "document_for", "get_index",
           "init_app"]


def init_app(app):
    """Open or create the index at SEARCH_INDEX_DIR; store its SearchIndex in app.extensions."""
    app.extensions["search"] = SearchIndex(app.config["SEARCH_INDEX_DIR"],
                                           app.config.get("SEARCH_WRITE_TIMEOUT", 30.0))


def get_index() -> SearchIndex:
    """Return current_app's index."""
    return current_app.extensions["search"]

"""SQLAlchemy models, one module per aggregate."""
from helpwidget.models.article import (
                                       Article,
                                       ArticleAudience,
                                       ArticleFeedback,
                                       ArticleRoute,
                                       Category,
)
from helpwidget.models.people import EndUser, Visitor
from helpwidget.models.site import Site

__all__ = ["Article", "ArticleAudience", "ArticleFeedback", "ArticleRoute", "Category", "EndUser",
           "Site", "Visitor"]

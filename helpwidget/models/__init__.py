"""SQLAlchemy models, one module per aggregate."""
from helpwidget.models.advisor import Advisor, AdvisorToken, SiteMembership
from helpwidget.models.article import (
                                       Article,
                                       ArticleAudience,
                                       ArticleFeedback,
                                       ArticleRoute,
                                       Category,
)
from helpwidget.models.attachment import Attachment
from helpwidget.models.chat import AdvisorConnection, Chat, ChatMessage, SavedReply
from helpwidget.models.outbox import OutboxMessage
from helpwidget.models.people import EndUser, Visitor
from helpwidget.models.site import Site
from helpwidget.models.status import MaintenanceWindow, StatusUpdate
from helpwidget.models.ticket import Ticket, TicketComment

__all__ = ["Advisor", "AdvisorConnection", "AdvisorToken", "Article", "ArticleAudience",
           "ArticleFeedback", "ArticleRoute", "Attachment", "Category", "Chat", "ChatMessage",
           "EndUser", "MaintenanceWindow", "OutboxMessage", "SavedReply", "Site", "SiteMembership",
           "StatusUpdate", "Ticket", "TicketComment", "Visitor"]

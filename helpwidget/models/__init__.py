"""SQLAlchemy models, one module per aggregate."""
from helpwidget.models.advisor import Advisor, AdvisorToken, SiteMembership
from helpwidget.models.article import (
                                       Article,
                                       ArticleAudience,
                                       ArticleFeedback,
                                       ArticleRoute,
                                       ArticleView,
                                       Category,
)
from helpwidget.models.article_revision import ArticleRevision
from helpwidget.models.attachment import Attachment
from helpwidget.models.audit import AdvisorInvitation, AuditEntry
from helpwidget.models.chat import AdvisorConnection, Chat, ChatMessage, SavedReply
from helpwidget.models.inbound_mail import InboundEmail
from helpwidget.models.insights import InsightSalt, SearchEvent
from helpwidget.models.label import Label, chat_labels, ticket_labels
from helpwidget.models.outbox import OutboxMessage
from helpwidget.models.people import EndUser, Visitor
from helpwidget.models.post import Post, PostFlag
from helpwidget.models.search_log import SearchChange, SearchLogState, SearchNode
from helpwidget.models.sign_in import SignInLink
from helpwidget.models.site import Site
from helpwidget.models.status import MaintenanceWindow, StatusUpdate
from helpwidget.models.synonym import SearchSynonym
from helpwidget.models.ticket import Ticket, TicketComment
from helpwidget.models.visitor_page import VisitorPage

__all__ = ["Advisor", "AdvisorConnection", "AdvisorInvitation", "AdvisorToken", "Article",
           "ArticleAudience", "ArticleFeedback", "ArticleRevision", "ArticleRoute",
           "ArticleView", "Attachment", "AuditEntry", "Category", "Chat", "ChatMessage",
           "EndUser", "InboundEmail", "InsightSalt", "Label", "MaintenanceWindow",
           "OutboxMessage", "Post",
           "PostFlag", "SavedReply", "SearchChange", "SearchEvent", "SearchLogState",
           "SearchNode", "SearchSynonym", "SignInLink", "Site",
           "SiteMembership", "StatusUpdate", "Ticket", "TicketComment", "Visitor", "VisitorPage",
           "chat_labels", "ticket_labels"]

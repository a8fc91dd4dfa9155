"""Public posts of the help center: comments under articles, community questions and answers."""
import re
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

# comment: under an article (a reply has the comment as parent); question: a community
# question (its answers have it as parent); answer: an answer to a question.
KINDS = ("comment", "question", "answer")
# pending: waits for an advisor (pre-moderation, a held pattern, or flagged); published:
# everyone who may read the article or community sees it; hidden: an advisor took it down.
STATES = ("pending", "published", "hidden")
# A web address in a post's text: shown as a link, and a reason to hold the post for review.
LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")


class Post(db.Model):
    """Something a signed-in user or an advisor wrote in public, in plain text."""

    __tablename__ = "posts"
    __table_args__ = (Index("ix_posts_site_kind_state", "site_id", "kind", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    kind: Mapped[str] = mapped_column(String(16))
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text)
    author_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("end_users.id", ondelete="SET NULL"), index=True)
    author_advisor_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisors.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(200), default="")
    state: Mapped[str] = mapped_column(String(16), default="published")
    # Why it waits for review: moderation, link, email, phone, card or flags.
    held_reason: Mapped[str] = mapped_column(String(32), default="")
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    # Questions: the answer the asker or an advisor accepted.
    accepted_answer_id: Mapped[int | None] = mapped_column(Integer)
    # Advisors' edits, oldest first: [{"at", "advisor_id", "advisor_name", "before"}].
    edits: Mapped[list] = mapped_column(JSON, default=list)
    # Questions turned by an advisor into a draft article or a ticket.
    converted_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"))
    converted_ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the support team first answered it (comments and questions).
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    article = relationship("Article", foreign_keys=[article_id])
    author_user = relationship("EndUser")
    author_advisor = relationship("Advisor")
    parent = relationship("Post", remote_side=[id], foreign_keys=[parent_id])
    # Read-only ways to what the ids name, for what the advisors' API shows of a post.
    site = relationship("Site", viewonly=True)
    converted_ticket = relationship("Ticket", foreign_keys=[converted_ticket_id], viewonly=True)

    @property
    def by_staff(self):
        """Tell whether the support team wrote it."""
        return self.author_advisor_id is not None


class PostFlag(db.Model):
    """A signed-in user's report that a public post is abusive or wrong, once per user."""

    __tablename__ = "post_flags"
    __table_args__ = (UniqueConstraint("post_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("end_users.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

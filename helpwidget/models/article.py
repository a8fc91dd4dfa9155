"""Help center content: categories, articles, the routes they help with, and feedback."""
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

KINDS = ("article", "faq", "video", "download")


class Category(db.Model):
    """A section of a site's help center in one locale."""

    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("site_id", "locale", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    slug: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Article(db.Model):
    """A help article, FAQ entry, video guide or download guide."""

    __tablename__ = "articles"
    __table_args__ = (UniqueConstraint("site_id", "locale", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    locale: Mapped[str] = mapped_column(String(8))
    slug: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16), default="article")
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="SET NULL"), index=True)
    tags: Mapped[list] = mapped_column(JSON, default=list)
    video_url: Mapped[str] = mapped_column(String(500), default="")
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    # Scheduled: unpublished with a publish_at, which the worker publishes once it is past.
    publish_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # Shared by the versions of one article in the site's languages; None when it has none.
    translation_key: Mapped[str | None] = mapped_column(String(36), index=True)
    views: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    site = relationship("Site")
    category = relationship("Category")
    routes = relationship("ArticleRoute", cascade="all, delete-orphan", order_by="ArticleRoute.id",
                          back_populates="article")
    # Account types allowed to read it; none means everyone.
    audiences = relationship("ArticleAudience", cascade="all, delete-orphan", lazy="selectin")

    @property
    def audience(self):
        """Return the account types allowed to read it ([] when public)."""
        return sorted(a.account_type for a in self.audiences)

    @property
    def route_patterns(self):
        """Return the host route patterns this article helps with."""
        return [r.pattern for r in self.routes]

    def visible_to(self, account_type):
        """Tell whether a reader of `account_type` ('' when anonymous) may see it."""
        return self.published and (not self.audience or account_type in self.audience)

    @property
    def state(self):
        """Return draft, scheduled or published."""
        if self.published:
            return "published"
        return "scheduled" if self.publish_at is not None else "draft"


class ArticleRoute(db.Model):
    """One host route pattern (exact, :param or * wildcard) an article helps with."""

    __tablename__ = "article_routes"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"))
    locale: Mapped[str] = mapped_column(String(8))
    pattern: Mapped[str] = mapped_column(String(500))
    # Exact patterns are looked up by equality; others are matched in Python.
    exact: Mapped[bool] = mapped_column(Boolean, default=True)

    article = relationship("Article", back_populates="routes")

    __table_args__ = (
        db.Index("ix_article_routes_lookup", "site_id", "locale", "exact", "pattern"),)


class ArticleAudience(db.Model):
    """One account type allowed to read a restricted article."""

    __tablename__ = "article_audiences"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            primary_key=True)
    account_type: Mapped[str] = mapped_column(String(64), primary_key=True)


class ArticleFeedback(db.Model):
    """A visitor's "was this helpful?" answer, one per article and visitor."""

    __tablename__ = "article_feedback"
    __table_args__ = (UniqueConstraint("article_id", "visitor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"),
                                            index=True)
    visitor_id: Mapped[int] = mapped_column(ForeignKey("visitors.id", ondelete="CASCADE"))
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ArticleView(db.Model):
    """A reader counted as having read an article on a day: one view per reader and day."""

    __tablename__ = "article_views"
    __table_args__ = (UniqueConstraint("article_id", "reader", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    # A hash of the visitor (or, without one, the IP address): no token or address is stored.
    reader: Mapped[str] = mapped_column(String(64))
    day: Mapped[date] = mapped_column(Date, index=True)

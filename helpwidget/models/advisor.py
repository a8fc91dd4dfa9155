"""Advisors: the support staff who answer tickets and chats, and the sites they serve."""
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

ROLES = ("advisor", "admin")
# scrypt of a very long password is slow; nobody types more than this.
PASSWORD_MAX_LENGTH = 200


class Advisor(db.Model):
    """A support person who signs in to the console with email and password."""

    __tablename__ = "advisors"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True),
                                                          default=utcnow)
    # What the advisor chose in the console: "online" takes chats, "away" does not.
    presence: Mapped[str] = mapped_column(String(16), default="away")
    # The server's owner: sees and administers every site, and creates sites.
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    # An admin forced a new password: sign-in is refused until the emailed link sets one.
    password_reset_required: Mapped[bool] = mapped_column(Boolean, default=False)
    # Chats at once automatic assignment may give this advisor.
    chat_capacity: Mapped[int] = mapped_column(Integer, default=3, server_default="3")
    # Email a reply on one of their tickets when they are not signed in.
    email_on_reply: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    memberships = relationship("SiteMembership", back_populates="advisor",
                               cascade="all, delete-orphan")


class SiteMembership(db.Model):
    """An advisor's place on a site's team: plain advisor or admin."""

    __tablename__ = "site_memberships"
    __table_args__ = (UniqueConstraint("advisor_id", "site_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id", ondelete="CASCADE"),
                                            index=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="advisor")
    # When automatic assignment last gave this advisor a chat or ticket of the site: the
    # round robin picks whoever waited longest.
    last_assigned_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    advisor = relationship("Advisor", back_populates="memberships")
    site = relationship("Site")


class AdvisorToken(db.Model):
    """A signed-in advisor's API session; only the token's SHA-256 is stored."""

    __tablename__ = "advisor_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id", ondelete="CASCADE"),
                                            index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    advisor = relationship("Advisor")

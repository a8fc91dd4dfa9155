"""End users identified by a host app, and the visitors (browser sessions) of the widget."""
from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpwidget.extensions import db
from helpwidget.models.base import utcnow


class EndUser(db.Model):
    """A logged-in user of a host app, as its signed identity token describes them."""

    __tablename__ = "end_users"
    __table_args__ = (UniqueConstraint("site_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    account_id: Mapped[str] = mapped_column(String(200), default="")
    account_name: Mapped[str] = mapped_column(String(200), default="")
    account_type: Mapped[str] = mapped_column(String(64), default="")
    support_user: Mapped[bool] = mapped_column(Boolean, default=False)
    locale: Mapped[str] = mapped_column(String(8), default="")
    # The host revoked every session of this user (deprovisioning): identity tokens issued
    # before this moment are refused.
    sessions_revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)


class Visitor(db.Model):
    """One widget session; anonymous until the host app identifies its user."""

    __tablename__ = "visitors"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the bearer token: a leaked database does not leak working tokens.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("end_users.id", ondelete="SET NULL"),
                                                index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The `exp` of the identity that signed the user in: the identified session ends then.
    identity_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Where the session lives: "widget" (bearer token) or "helpcenter" (cookie).
    channel: Mapped[str] = mapped_column(String(16), default="widget")

    site = relationship("Site")
    user = relationship("EndUser")

    @property
    def account_type(self):
        """Return the account type that decides which articles this visitor may read."""
        return self.user.account_type if self.user else ""

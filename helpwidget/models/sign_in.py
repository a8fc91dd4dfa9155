"""One-time sign-in links of the help center, and host sign-in tokens already spent."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from helpwidget.extensions import db
from helpwidget.models.base import utcnow


class SignInLink(db.Model):
    """A single-use proof of who is signing in: an emailed link, or a host's SSO token."""

    __tablename__ = "sign_in_links"
    __table_args__ = (Index("ix_sign_in_links_site_email", "site_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    # "email": a link mailed to `email`; "sso": a host identity token seen once (replays refused).
    purpose: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(320), default="")
    # SHA-256 of the secret: a leaked database holds no working link.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A help center path on the same site to land on after signing in.
    return_to: Mapped[str] = mapped_column(String(500), default="")
    locale: Mapped[str] = mapped_column(String(8), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

"""The audit trail: what admins changed, by whom, when and from where."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from helpwidget.extensions import db
from helpwidget.models.base import utcnow

# What an entry is about: a site's settings, its team, a secret, help content, a site itself.
KINDS = ("settings", "team", "secret", "content", "site")


class AuditEntry(db.Model):
    """One admin action; names are copied so the entry outlives the site or person it names."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("sites.id", ondelete="SET NULL"),
                                                index=True)
    site_key: Mapped[str] = mapped_column(String(64), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("advisors.id", ondelete="SET NULL"),
                                                 index=True)
    actor_email: Mapped[str] = mapped_column(String(320), default="")
    # The address the change came from ("" for the command line).
    address: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(16), index=True)
    # What was done, e.g. "settings.hours", "team.invite", "secret.rotate", "article.publish".
    action: Mapped[str] = mapped_column(String(64))
    # What it was done to, in words (a person's email, an article's title), for reading.
    target: Mapped[str] = mapped_column(String(300), default="")
    target_id: Mapped[int | None] = mapped_column(Integer)
    # {field: [before, after]}; secrets appear masked.
    changes: Mapped[dict] = mapped_column(JSON, default=dict)


class AdvisorInvitation(db.Model):
    """A one-time link to set a password: an invitation, or a reset an admin forced."""

    __tablename__ = "advisor_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    advisor_id: Mapped[int] = mapped_column(ForeignKey("advisors.id", ondelete="CASCADE"),
                                            index=True)
    # Only the token's SHA-256 is stored; the link carries the token itself.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # "invite" (a new advisor) or "reset" (an admin forced a new password).
    purpose: Mapped[str] = mapped_column(String(16), default="invite")
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("advisors.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

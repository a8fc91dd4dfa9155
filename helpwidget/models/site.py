"""A site: one host product served by this installation."""
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from helpwidget.extensions import db
from helpwidget.models.base import utcnow


class Site(db.Model):
    """A host product with its own help center, identity secret and widget settings."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    allowed_origins: Mapped[list] = mapped_column(JSON, default=list)
    identity_secret: Mapped[str] = mapped_column(String(200))
    # After a rotation the secret before it still verifies identities until this time, so
    # widgets signed in with it keep working while the host deploys the new one.
    previous_identity_secret: Mapped[str] = mapped_column(String(200), default="")
    previous_secret_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    default_locale: Mapped[str] = mapped_column(String(8), default="en")
    locales: Mapped[list] = mapped_column(JSON, default=list)
    brand_color: Mapped[str] = mapped_column(String(16), default="#1f6feb")
    # Menu items of the help panel, in order, each {"item": name, "enabled": bool, ...}.
    menu: Mapped[list] = mapped_column(JSON, default=list)
    # Support hours, phone numbers per region, email, training and status links.
    contact: Mapped[dict] = mapped_column(JSON, default=dict)
    # Account types of the host product (e.g. accountant, office_client, partner).
    account_types: Mapped[list] = mapped_column(JSON, default=list)
    # Ticket categories (cards with subcategories and default priority); empty: the defaults.
    ticket_categories: Mapped[list] = mapped_column(JSON, default=list)
    # Platforms a requester picks from (e.g. web, Android, iOS).
    platforms: Mapped[list] = mapped_column(JSON, default=list)
    # First-response hours per priority; missing priorities take the defaults.
    sla_hours: Mapped[dict] = mapped_column(JSON, default=dict)
    # Who hears about an emergency ("Plataforma inaccesible") at once.
    alert_emails: Mapped[list] = mapped_column(JSON, default=list)
    alert_webhook_url: Mapped[str] = mapped_column(String(500), default="")
    alert_webhook_secret: Mapped[str] = mapped_column(String(200), default="")
    # Days after which a resolved ticket closes by itself.
    auto_close_days: Mapped[int] = mapped_column(Integer, default=7)
    # Only designated support users of an account may open tickets.
    support_users_only: Mapped[bool] = mapped_column(Boolean, default=False)
    # Chat topics a visitor may pick, each {"key", "label": {locale: text}}.
    chat_topics: Mapped[list] = mapped_column(JSON, default=list)
    # Minutes a queued chat waits for an advisor before it becomes a ticket.
    chat_wait_minutes: Mapped[int] = mapped_column(Integer, default=5)
    # Whether chat is offered outside support hours when an advisor happens to be online.
    chat_out_of_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    # New chats and tickets go round robin to online advisors with room (models/advisor.py).
    auto_assign: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Whether email to the site's support address without a reply token opens a new request.
    mail_opens_tickets: Mapped[bool] = mapped_column(Boolean, default=False,
                                                     server_default=false())
    # Comments and answers of users: "pre" shows them after approval, "post" at once.
    comment_moderation: Mapped[str] = mapped_column(String(8), default="post")
    # Whether people with no request on this site may register in the help center.
    open_registration: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether the help center has a community section of questions and answers.
    community_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Whether searches and suggestion views are recorded for the Insights page.
    insights_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Recorded searches older than this many days are deleted by a chore.
    insights_retention_days: Mapped[int] = mapped_column(Integer, default=90)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def speaks(self, locale):
        """Tell whether the help center has content in `locale`."""
        return locale in (self.locales or [self.default_locale])

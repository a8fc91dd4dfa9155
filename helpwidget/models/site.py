"""A site: one host product served by this installation."""
from datetime import datetime

from sqlalchemy import JSON, DateTime, String
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
    default_locale: Mapped[str] = mapped_column(String(8), default="en")
    locales: Mapped[list] = mapped_column(JSON, default=list)
    brand_color: Mapped[str] = mapped_column(String(16), default="#1f6feb")
    # Menu items of the help panel, in order, each {"item": name, "enabled": bool, ...}.
    menu: Mapped[list] = mapped_column(JSON, default=list)
    # Support hours, phone numbers per region, email, training and status links.
    contact: Mapped[dict] = mapped_column(JSON, default=dict)
    # Account types of the host product (e.g. accountant, office_client, partner).
    account_types: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def speaks(self, locale):
        """Tell whether the help center has content in `locale`."""
        return locale in (self.locales or [self.default_locale])

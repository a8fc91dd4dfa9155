"""One-time links that let an advisor set a password: invitations and resets an admin forced.

Only a link's SHA-256 is stored. A new link voids the advisor's earlier unused ones of the same
purpose, so only the newest email works. The email goes through the outbox in the advisor's
language; the caller commits it together with the link's row.
"""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpwidget.errors import NotFound
from helpwidget.extensions import db
from helpwidget.models import Advisor, AdvisorInvitation
from helpwidget.services import advisors, emails, outbox
from helpwidget.services.identity import hash_token
from helpwidget.services.timeutil import aware, utcnow

PURPOSES = ("invite", "reset")
TOKEN_BYTES = 32


class LinkNotValid(NotFound):
    """The link is unknown, used or expired: the advisor needs a new one from an admin."""


def issue(advisor, purpose, created_by):
    """Add a new link for the advisor and queue its email; return the raw token (caller commits)."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    now = utcnow()
    for earlier in _unused(advisor, purpose):
        earlier.expires_at = now  # voided: only the newest email's link works
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    ttl = timedelta(seconds=current_app.config["ADVISOR_INVITATION_TTL"])
    db.session.add(AdvisorInvitation(
        advisor_id=advisor.id, token_hash=hash_token(raw), purpose=purpose,
        created_by_id=created_by.id if created_by is not None else None,
        created_at=now, expires_at=now + ttl))
    _queue_email(advisor, purpose, created_by, link_url(raw))
    return raw


def link_url(raw):
    """Return the console address of a link."""
    return f"{current_app.config['PUBLIC_URL'].rstrip('/')}/console/invitation/{raw}"


def find(raw):
    """Return the usable link row of this token, or raise LinkNotValid."""
    row = None
    if isinstance(raw, str) and 0 < len(raw) <= 200:
        row = db.session.execute(db.select(AdvisorInvitation).filter_by(
            token_hash=hash_token(raw))).scalar_one_or_none()
    if row is None or row.used_at is not None or aware(row.expires_at) <= utcnow():
        raise LinkNotValid(_l("This link has expired or was already used. Ask an admin of your "
                              "team for a new one."), code="link_not_valid")
    advisor = db.session.get(Advisor, row.advisor_id)
    if advisor is None or not advisor.active:
        raise LinkNotValid(_l("This link has expired or was already used. Ask an admin of your "
                              "team for a new one."), code="link_not_valid")
    return row


def redeem(raw, password):
    """Set the advisor's password from a link, mark it used and return the advisor."""
    row = find(raw)
    advisor = db.session.get(Advisor, row.advisor_id)
    row.used_at = utcnow()
    advisor.password_reset_required = False
    try:
        # Checks the password rules, ends every old session and commits all of the above.
        advisors.set_password(advisor, password)
    except Exception:
        db.session.rollback()
        raise
    return advisor


def pending_ids(advisor_ids):
    """Return the ids among `advisor_ids` invited who never set a password from a link."""
    if not advisor_ids:
        return set()
    rows = db.session.execute(db.select(
        AdvisorInvitation.advisor_id, AdvisorInvitation.used_at).where(
        AdvisorInvitation.advisor_id.in_(list(advisor_ids)),
        AdvisorInvitation.purpose == "invite")).all()
    invited = {advisor_id for advisor_id, _used in rows}
    accepted = {advisor_id for advisor_id, used in rows if used is not None}
    return invited - accepted


def _unused(advisor, purpose):
    """Return the advisor's links of this purpose not used and not yet expired."""
    return db.session.execute(db.select(AdvisorInvitation).where(
        AdvisorInvitation.advisor_id == advisor.id, AdvisorInvitation.purpose == purpose,
        AdvisorInvitation.used_at.is_(None),
        AdvisorInvitation.expires_at > utcnow())).scalars().all()


def _queue_email(advisor, purpose, created_by, url):
    """Render the link's email in the advisor's language and add it to the outbox."""
    hours = max(1, current_app.config["ADVISOR_INVITATION_TTL"] // 3600)
    locale = advisor.locale if advisor.locale in current_app.config["LOCALES"] else "en"
    teams = ", ".join(site.name for site, _role in advisors.sites_of(advisor))
    admin = created_by.name if created_by is not None else _server_name()
    with force_locale(locale):
        if purpose == "invite":
            subject = _("%(admin)s invited you to the support console", admin=admin)
            paragraphs = [
                _("Hello %(name)s,", name=advisor.name),
                _("%(admin)s added you to the support team of %(sites)s. Open this link to "
                  "choose your password and sign in to the support console.",
                  admin=admin, sites=teams or "-")]
            label = _("Choose your password")
        else:
            subject = _("Set a new password for the support console")
            paragraphs = [
                _("Hello %(name)s,", name=advisor.name),
                _("%(admin)s asked you to set a new password for the support console "
                  "(%(sites)s). You cannot sign in until you do.", admin=admin,
                  sites=teams or "-")]
            label = _("Set a new password")
        paragraphs.append(_("The link works once, within %(hours)s hours. If it has expired, "
                            "ask an admin of your team for a new one.", hours=hours))
        content = {"paragraphs": paragraphs, "signature": _("Support console"),
                   "link": (label, url)}
        text, html = emails.render(subject, content)
    return outbox.enqueue_email([advisor.email], subject, text, html)


def _server_name():
    """Name the sender when nobody in particular asked (the command line)."""
    return _("The support console")

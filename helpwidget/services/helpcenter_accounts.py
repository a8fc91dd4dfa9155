"""Help center accounts: sign-in from the host (SSO), emailed sign-in links, sessions, sign-out."""
import json
import secrets
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import email_validator
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import String, cast, func, or_
from sqlalchemy.exc import IntegrityError

from helpwidget.errors import Unauthorized
from helpwidget.extensions import db
from helpwidget.models import EndUser, SignInLink, Ticket, Visitor
from helpwidget.services import identity, sign_in_email
from helpwidget.services.addresses import limit_key  # noqa: F401  (the sign-in limits' key)
from helpwidget.services.identity import hash_token
from helpwidget.services.timeutil import aware

CHANNEL = "helpcenter"
# Users who signed in by email alone (no host identity) are keyed by their address.
EMAIL_USER_PREFIX = "email:"
# Seconds of clock difference allowed on a token's expiry, as identity.verify_identity allows.
_LEEWAY = 30


def normalize_email(text):
    """Return an address the way the forms store it (email-validator's form, lowercase), or None."""
    try:
        checked = email_validator.validate_email(str(text or "").strip(),
                                                 check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    return checked.normalized.lower()


def home_path(site, locale):
    """Return the path of the help center's home in `locale` (or the site's language)."""
    return f"/help/{site.key}/{locale if site.speaks(locale) else site.default_locale}/"


def safe_return_path(site, value):
    """Return `value` if it is a help center path of this site, else "" (no open redirects)."""
    if not isinstance(value, str) or not value or len(value) > 500:
        return ""
    if any(ord(c) < 0x21 or c in "\\\x7f" for c in value):
        return ""
    parts = urlsplit(value)
    path = parts.path
    # Only a path on this server: no scheme, no host, no "//host", no way up out of the site
    # (browsers read "%2e%2e" as "..").
    if parts.scheme or parts.netloc or not path.startswith(f"/help/{site.key}/") or (
            "//" in path or ".." in path or "%2e" in path.lower()):
        return ""
    return path + (f"?{parts.query}" if parts.query else "")


def locale_of_path(site, path):
    """Return the help center locale a path of this site is in, or None."""
    segments = path.split("/")
    if len(segments) > 3 and site.speaks(segments[3]):
        return segments[3]
    return None


def sso_sign_in(site, token, previous=None):
    """Sign in with a host identity token from a link; return (visitor, raw token, claims).

    The token is the widget's (same secret, same rules), but since it travelled in a URL it
    must expire within SSO_TOKEN_MAX_TTL and is accepted once. Raises Unauthorized.
    """
    if not isinstance(token, str) or not token or len(token) > 8192:
        raise Unauthorized(_l("This sign-in link is not valid."), code="invalid")
    claims = identity.verify_identity(site, token)
    expires = datetime.fromtimestamp(claims["exp"], UTC)
    if (expires - datetime.now(UTC)).total_seconds() > current_app.config["SSO_TOKEN_MAX_TTL"]:
        raise Unauthorized(_l("This sign-in link lives too long to be safe in an address."),
                           code="too_long")
    _purge_expired(site)
    db.session.add(SignInLink(site_id=site.id, purpose="sso", token_hash=hash_token(token),
                              expires_at=expires + timedelta(seconds=_LEEWAY),
                              used_at=datetime.now(UTC)))
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Unauthorized(_l("This sign-in link was already used."), code="replayed")
    user = identity.upsert_user(site, claims)
    # Rights the host's identity gave end with it: the session ends at the token's expiry.
    visitor, raw = _open_session(site, user, previous, until=expires)
    return visitor, raw, claims


def find_user(site, address):
    """Return the site's end user with this address (the most recently updated), or None."""
    return db.session.execute(db.select(EndUser).filter_by(site_id=site.id).where(
        EndUser.email != "", func.lower(func.trim(EndUser.email)) == address).order_by(
        EndUser.updated_at.desc(), EndUser.id.desc()).limit(1)).scalar_one_or_none()


def on_a_request(site, address):
    """Tell whether the address asked for help on this site (as requester or in Cc)."""
    # cc is a JSON list of normalized addresses; its text holds each one JSON-quoted.
    quoted = json.dumps(address)
    return db.session.execute(db.select(Ticket.id).filter_by(site_id=site.id).where(or_(
        func.lower(Ticket.requester_email) == address,
        cast(Ticket.cc, String).contains(quoted, autoescape=True))).limit(1)).first() is not None


def may_sign_in(site, address):
    """Tell whether a sign-in link may go to this address."""
    return (site.open_registration or find_user(site, address) is not None
            or on_a_request(site, address))


def request_link(site, email, locale, return_to=""):
    """Email a one-time sign-in link if the address may sign in; say nothing either way.

    The caller shows the same answer whatever happens, so nobody learns which addresses
    have an account; the email waits in the outbox, so answering takes as long either way.
    Returns whether a link was sent (for logs and tests, never for the reader).
    """
    address = normalize_email(email)
    if address is None or not may_sign_in(site, address):
        return False
    _purge_expired(site)
    raw = secrets.token_urlsafe(32)
    ttl = current_app.config["SIGN_IN_LINK_TTL"]
    locale = locale if site.speaks(locale) else site.default_locale
    db.session.add(SignInLink(site_id=site.id, purpose="email", email=address,
                              token_hash=hash_token(raw),
                              return_to=safe_return_path(site, return_to), locale=locale,
                              expires_at=datetime.now(UTC) + timedelta(seconds=ttl)))
    url = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/help/{site.key}/{locale}/sign-in/{raw}"
    sign_in_email.sign_in_link(site, address, url, locale, max(1, round(ttl / 60)))
    db.session.commit()
    return True


def usable_link(site, raw):
    """Return the unused, unexpired emailed link of this secret, or None."""
    if not isinstance(raw, str) or not raw or len(raw) > 200:
        return None
    link = db.session.execute(db.select(SignInLink).filter_by(
        site_id=site.id, purpose="email", token_hash=hash_token(raw))).scalar_one_or_none()
    if link is None or link.used_at is not None or aware(link.expires_at) <= datetime.now(UTC):
        return None
    return link


def consume_link(site, raw, previous=None):
    """Spend an emailed link and sign its address in; return (visitor, raw token, link)."""
    link = usable_link(site, raw)
    now = datetime.now(UTC)
    # One conditional update: of two clicks racing, exactly one spends the link.
    spent = link is not None and db.session.execute(
        db.update(SignInLink).where(SignInLink.id == link.id, SignInLink.used_at.is_(None))
        .values(used_at=now)).rowcount == 1
    if not spent:
        db.session.rollback()
        raise Unauthorized(_l("This sign-in link has expired or was already used. Enter your "
                              "email to get a new one."), code="link_used")
    user = find_user(site, link.email)
    if user is None:
        user = EndUser(site_id=site.id, external_id=EMAIL_USER_PREFIX + link.email,
                       email=link.email, locale=link.locale)
        db.session.add(user)
        db.session.flush()
    if user.external_id.startswith(EMAIL_USER_PREFIX):
        _adopt_tickets(site, user)
    visitor, token = _open_session(site, user, previous)
    return visitor, token, link


def sign_out(visitor):
    """End the user's sessions everywhere: help center in every browser, and their widgets."""
    if visitor.user_id is None:
        identity.end_session(visitor)
        return 1
    return identity.end_user_sessions(visitor.user)


def _adopt_tickets(site, user):
    """Give an email-only user the site's requests written from their address by nobody known."""
    found = db.session.execute(db.select(Ticket).filter_by(
        site_id=site.id, requester_user_id=None).where(
        func.lower(Ticket.requester_email) == user.email)).scalars().all()
    for ticket in found:
        ticket.requester_user_id = user.id
    return found


def _open_session(site, user, previous, until=None):
    """Open a help center session for `user` (ending at `until`), ending this browser's
    previous one; commit."""
    if previous is not None and previous.revoked_at is None:
        previous.revoked_at = datetime.now(UTC)
    raw = secrets.token_urlsafe(32)
    visitor = Visitor(site_id=site.id, token_hash=hash_token(raw), user=user, channel=CHANNEL,
                      last_seen_at=datetime.now(UTC), identity_expires_at=until)
    db.session.add(visitor)
    db.session.commit()
    return visitor, raw


def _purge_expired(site):
    """Forget this site's links and spent tokens that expired a day ago (no longer needed)."""
    cutoff = datetime.now(UTC) - timedelta(days=1)
    db.session.execute(db.delete(SignInLink).where(SignInLink.site_id == site.id,
                                                   SignInLink.expires_at < cutoff))


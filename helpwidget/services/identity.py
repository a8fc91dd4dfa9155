"""Who is asking: visitor tokens for the widget, and host-signed identity tokens."""
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import jwt
from blinker import Namespace
from flask import current_app
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Unauthorized
from helpwidget.extensions import db
from helpwidget.models import EndUser, Visitor
from helpwidget.services.timeutil import aware

_signals = Namespace()
# Sent after a visitor's session ends (logout) so its live widget connections close:
# sender is the app; keyword argument visitor_id.
session_ended = _signals.signal("visitor-session-ended")

_PROFILE_CLAIMS = {"name": 200, "email": 320, "account_id": 200, "account_name": 200,
                   "account_type": 64, "locale": 8}


def hash_token(raw):
    """Return the stored form of a bearer token."""
    return hashlib.sha256(raw.encode()).hexdigest()


def verify_identity(site, token):
    """Return the claims of a host app's identity token, or raise Unauthorized."""
    try:
        claims = jwt.decode(token, site.identity_secret, algorithms=["HS256"],
                            options={"require": ["exp", "sub"]}, leeway=30)
    except jwt.ExpiredSignatureError:
        raise Unauthorized(_l("Your sign-in has expired. Reload the page and try again."))
    except jwt.InvalidTokenError:
        raise Unauthorized(_l("The identity token is not valid for this site."))
    ttl = claims["exp"] - datetime.now(UTC).timestamp()
    if ttl > current_app.config["IDENTITY_MAX_TTL"]:
        raise Unauthorized(_l("The identity token lives too long; sign tokens that expire soon."))
    if not isinstance(claims["sub"], (str, int)) or not str(claims["sub"]).strip() or (
            "\x00" in str(claims["sub"])):
        raise Unauthorized(_l("The identity token does not name a user."))
    return claims


def _upsert_user(site, claims):
    """Create or refresh the end user an identity token describes."""
    external_id = str(claims["sub"])[:200]
    user = db.session.execute(db.select(EndUser).filter_by(
        site_id=site.id, external_id=external_id)).scalar_one_or_none()
    if user is None:
        user = EndUser(site_id=site.id, external_id=external_id)
        db.session.add(user)
    for claim, size in _PROFILE_CLAIMS.items():
        value = claims.get(claim)
        # NUL never belongs in a name, and PostgreSQL refuses it (the insert would fail).
        setattr(user, claim, str(value).replace("\x00", "")[:size] if value is not None else "")
    user.support_user = bool(claims.get("support_user", False))
    return user


def visitor_for_token(site, raw):
    """Return the live visitor a bearer token belongs to on this site, or None."""
    if not raw:
        return None
    visitor = db.session.execute(db.select(Visitor).filter_by(
        token_hash=hash_token(raw))).scalar_one_or_none()
    if visitor is None or visitor.revoked_at is not None or (site and visitor.site_id != site.id):
        return None
    ttl = timedelta(seconds=current_app.config["VISITOR_TOKEN_TTL"])
    if aware(visitor.last_seen_at) + ttl < datetime.now(UTC):
        return None
    return visitor


def open_session(site, identity_token=None, current_token=None):
    """Start or continue a widget session; return (visitor, bearer token)."""
    user = _upsert_user(site, verify_identity(site, identity_token)) if identity_token else None
    visitor = visitor_for_token(site, current_token)
    # An anonymous session becomes the user's; a session of someone else never does.
    if visitor is None or (visitor.user_id and (user is None or visitor.user_id != user.id)):
        raw = secrets.token_urlsafe(32)
        visitor = Visitor(site_id=site.id, token_hash=hash_token(raw))
        db.session.add(visitor)
    else:
        raw = current_token
    if user is not None:
        if visitor.user_id is None:
            from helpwidget.services import tickets
            tickets.adopt(visitor, user)
        visitor.user = user
    visitor.last_seen_at = datetime.now(UTC)
    db.session.commit()
    return visitor, raw


def end_session(visitor):
    """Revoke a visitor's bearer token (the widget's logout) and close its live connections."""
    visitor.revoked_at = datetime.now(UTC)
    db.session.commit()
    session_ended.send(current_app._get_current_object(), visitor_id=visitor.id)


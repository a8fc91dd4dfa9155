"""Who is asking: visitor tokens for the widget, and host-signed identity tokens."""
import hashlib
import secrets
from datetime import UTC, datetime, timedelta

import jwt
from flask import current_app
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Unauthorized
from helpwidget.extensions import db
from helpwidget.models import EndUser, Visitor
from helpwidget.services import addresses, identity_claims, signals, ticket_requester
from helpwidget.services.timeutil import aware

_PROFILE_CLAIMS = {"name": 200, "email": 320, "account_id": 200, "account_name": 200,
                   "account_type": 64, "locale": 8}


def hash_token(raw):
    """Return the stored form of a bearer token."""
    return hashlib.sha256(raw.encode()).hexdigest()


def verify_identity(site, token, purpose=None):
    """Return the claims of a host app's identity token (of `purpose`), or raise Unauthorized."""
    try:
        claims = _decode(site, token)
    except jwt.ExpiredSignatureError:
        raise Unauthorized(_l("Your sign-in has expired. Reload the page and try again."),
                           code="expired")
    except (jwt.InvalidTokenError, TypeError, ValueError, OverflowError):
        raise Unauthorized(_l("The identity token is not valid for this site."), code="invalid")
    identity_claims.check(claims, purpose)  # "exp": "1999999999" decodes, but is no time
    ttl = claims["exp"] - datetime.now(UTC).timestamp()
    if ttl > current_app.config["IDENTITY_MAX_TTL"]:
        raise Unauthorized(_l("The identity token lives too long; sign tokens that expire soon."),
                           code="too_long")
    if not isinstance(claims["sub"], (str, int)) or not str(claims["sub"]).strip() or (
            "\x00" in str(claims["sub"])):
        raise Unauthorized(_l("The identity token does not name a user."), code="invalid")
    if claims.get("email") not in (None, ""):
        # One address, or the user's mail would go to every address listed in the claim.
        claims["email"] = addresses.one_address(claims["email"])
        if claims["email"] is None:
            raise Unauthorized(_l("The identity token's email is not one valid address."),
                               code="invalid")
    return claims


def _decode(site, token):
    """Decode with the site's secret, or the previous one while its rotation overlap lasts."""
    try:
        return jwt.decode(token, site.identity_secret, algorithms=["HS256"],
                          options={"require": ["exp", "sub"]}, leeway=30)
    except jwt.InvalidSignatureError:
        expires = site.previous_secret_expires_at
        if not site.previous_identity_secret or expires is None or (
                aware(expires) <= datetime.now(UTC)):
            raise
        return jwt.decode(token, site.previous_identity_secret, algorithms=["HS256"],
                          options={"require": ["exp", "sub"]}, leeway=30)


def upsert_user(site, claims):
    """Create or refresh the end user of verified claims (the widget and help center share it)."""
    external_id = str(claims["sub"])[:200]
    user = db.session.execute(db.select(EndUser).filter_by(
        site_id=site.id, external_id=external_id)).scalar_one_or_none()
    if user is None:
        user = EndUser(site_id=site.id, external_id=external_id)
        db.session.add(user)
    elif _issued_before_revocation(user, claims):
        raise Unauthorized(_l("Your sign-in has expired. Reload the page and try again."),
                           code="expired")
    for claim, size in _PROFILE_CLAIMS.items():
        value = claims.get(claim)
        # NUL never belongs in a name, and PostgreSQL refuses it (the insert would fail).
        setattr(user, claim, str(value).replace("\x00", "")[:size] if value is not None else "")
    user.support_user = claims.get("support_user") is True  # a JSON boolean: "false" is no yes
    return user


def _issued_before_revocation(user, claims):
    """Tell whether the host revoked the user's sessions after this token was signed.

    A token without `iat` counts as signed IDENTITY_MAX_TTL before its expiry, the earliest
    it can have been.
    """
    if user.sessions_revoked_at is None:
        return False
    issued = claims.get("iat", claims["exp"] - current_app.config["IDENTITY_MAX_TTL"])
    return issued <= aware(user.sessions_revoked_at).timestamp()


def visitor_for_token(site, raw):
    """Return the live visitor a bearer token belongs to on this site, or None."""
    if not raw:
        return None
    visitor = db.session.execute(db.select(Visitor).filter_by(
        token_hash=hash_token(raw))).scalar_one_or_none()
    if visitor is None or visitor.revoked_at is not None or (site and visitor.site_id != site.id):
        return None
    ttl = timedelta(seconds=current_app.config["VISITOR_TOKEN_TTL"])
    if aware(visitor.last_seen_at) + ttl < datetime.now(UTC) or identity_expired(visitor):
        return None
    return visitor


def identity_expired(visitor):
    """Tell whether the identity that signed this session's user in has expired.

    Identified rights end with the host's token: the session then ends, and the widget asks
    the host to identify the user again.
    """
    expires = visitor.identity_expires_at
    return expires is not None and aware(expires) <= datetime.now(UTC)


def open_session(site, identity_token=None, current_token=None):
    """Start or continue a widget session; return (visitor, bearer token).

    Identifying always issues a new token and revokes the one shown, so a copy of a token
    taken before sign-in never reads the user's data (session fixation).
    """
    claims = verify_identity(site, identity_token) if identity_token else None
    user = upsert_user(site, claims) if claims else None
    visitor = visitor_for_token(site, current_token)
    # An anonymous session becomes the user's; a session of someone else never does.
    if visitor is None or (visitor.user_id and (user is None or visitor.user_id != user.id)):
        raw = secrets.token_urlsafe(32)
        visitor = Visitor(site_id=site.id, token_hash=hash_token(raw))
        db.session.add(visitor)
        rotated = False
    elif user is not None:
        raw = secrets.token_urlsafe(32)
        visitor.token_hash = hash_token(raw)
        rotated = True
    else:
        raw, rotated = current_token, False
    if user is not None:
        if visitor.user_id is None:
            ticket_requester.adopt(visitor, user)
        visitor.user = user
        visitor.identity_expires_at = datetime.fromtimestamp(claims["exp"], UTC)
    visitor.last_seen_at = datetime.now(UTC)
    db.session.commit()
    if rotated:
        # Sockets opened with the old token close (here at once, elsewhere at the next sweep);
        # the widget reconnects with the new one.
        signals.visitor_session_ended.send(current_app._get_current_object(),
                                           visitor_id=visitor.id)
    return visitor, raw


def end_session(visitor):
    """Revoke a visitor's bearer token (the widget's logout) and close its live connections."""
    visitor.revoked_at = datetime.now(UTC)
    db.session.commit()
    signals.visitor_session_ended.send(current_app._get_current_object(),
                                       visitor_id=visitor.id)


def end_user_sessions(user):
    """Revoke every live session of a user (widget and help center) and close their widgets."""
    live = db.session.execute(db.select(Visitor).filter_by(
        site_id=user.site_id, user_id=user.id, revoked_at=None)).scalars().all()
    now = datetime.now(UTC)
    for visitor in live:
        visitor.revoked_at = now
    db.session.commit()
    for visitor in live:
        signals.visitor_session_ended.send(current_app._get_current_object(),
                                           visitor_id=visitor.id)
    return len(live)



def revoke_user(site, token):
    """End every session of the user a host-signed revoke token names; return how many ended.

    Identity tokens of that user signed until now are refused from now on (deprovisioning).
    """
    claims = verify_identity(site, token, purpose="revoke")
    external_id = str(claims["sub"])[:200]
    user = db.session.execute(db.select(EndUser).filter_by(
        site_id=site.id, external_id=external_id)).scalar_one_or_none()
    if user is None:  # never signed in yet: still refuse the tokens already handed out
        user = EndUser(site_id=site.id, external_id=external_id)
        db.session.add(user)
    user.sessions_revoked_at = datetime.now(UTC)
    return end_user_sessions(user)

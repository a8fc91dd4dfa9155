"""Advisor accounts: passwords, site teams, sign-in and the API tokens of signed-in advisors."""
import functools
import secrets
from datetime import timedelta

import email_validator
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from helpwidget.errors import Forbidden, Invalid
from helpwidget.extensions import db
from helpwidget.models import Advisor, AdvisorToken, Site, SiteMembership
from helpwidget.models.advisor import PASSWORD_MAX_LENGTH, ROLES
from helpwidget.services import signals
from helpwidget.services.identity import hash_token
from helpwidget.services.timeutil import aware, utcnow

PASSWORD_MIN_LENGTH = 10


def normalize_email(email):
    """Return the stored form of an email address, or raise Invalid."""
    try:
        checked = email_validator.validate_email(str(email or "").strip(),
                                                 check_deliverability=False)
    except email_validator.EmailNotValidError:
        raise Invalid(_l("Check the advisor's details."),
                      fields={"email": [_l("Enter a valid email address.")]})
    return checked.normalized.lower()


def create_advisor(email, name, password, *, locale=None):
    """Create an active advisor with a hashed password; the email must be new."""
    email = normalize_email(email)
    if get_by_email(email) is not None:
        raise Invalid(_l("Check the advisor's details."),
                      fields={"email": [_l("An advisor with this email already exists.")]})
    advisor = Advisor(email=email, name=_name(name), password_hash=_hash(password),
                      locale=_locale(locale or current_app.config["DEFAULT_LOCALE"]),
                      active=True)
    db.session.add(advisor)
    db.session.commit()
    return advisor


def update_advisor(advisor, *, email=None, name=None, locale=None):
    """Change an advisor's email, name or language."""
    if email is not None:
        email = normalize_email(email)
        other = get_by_email(email)
        if other is not None and other.id != advisor.id:
            raise Invalid(_l("Check the advisor's details."),
                          fields={"email": [_l("An advisor with this email already exists.")]})
        advisor.email = email
    if name is not None:
        advisor.name = _name(name)
    if locale is not None:
        advisor.locale = _locale(locale)
    db.session.commit()
    return advisor


def get_by_email(email):
    """Return the advisor with this email as people type it, or None."""
    try:
        key = normalize_email(email)
    except Invalid:
        return None
    return db.session.execute(db.select(Advisor).filter_by(email=key)).scalar_one_or_none()


def all_advisors():
    """Return every advisor, by email."""
    return db.session.execute(db.select(Advisor).order_by(Advisor.email)).scalars().all()


def add_membership(advisor, site, role="advisor"):
    """Put the advisor on the site's team with this role, or change their role there."""
    if role not in ROLES:
        raise Invalid(_l("Check the advisor's details."),
                      fields={"role": [_l("Choose one of: {choices}.").format(
                          choices=", ".join(ROLES))]})
    membership = _membership(advisor, site)
    if membership is None:
        membership = SiteMembership(site_id=site.id, role=role)
        advisor.memberships.append(membership)
    membership.role = role
    db.session.commit()
    return membership


def remove_membership(advisor, site):
    """Take the advisor off the site's team (their tickets stay assigned until reassigned)."""
    membership = _membership(advisor, site)
    if membership is not None:
        advisor.memberships.remove(membership)
        db.session.commit()


def set_password(advisor, password, *, keep_token_id=None):
    """Replace the password and end every session of the advisor (but `keep_token_id`'s)."""
    advisor.password_hash = _hash(password)
    advisor.password_changed_at = utcnow()
    _revoke_all(advisor, keep_token_id=keep_token_id)


def end_sessions(advisor):
    """End every session of the advisor (an admin forced a new password); commits."""
    _revoke_all(advisor)


def set_owner(advisor, owner=True):
    """Make the advisor the server's owner (every site, creating sites), or take that away."""
    advisor.is_owner = bool(owner)
    db.session.commit()


def deactivate(advisor):
    """Refuse the advisor's sign-ins from now on and end every session they have."""
    advisor.active = False
    _revoke_all(advisor)


def authenticate(email, password):
    """Return the active advisor with this email and password, or None."""
    advisor = get_by_email(email) if isinstance(email, str) else None
    password = password if isinstance(password, str) else ""
    # Hash-check even for unknown emails so the answer time does not reveal which exist.
    if advisor is not None:
        stored = advisor.password_hash
    else:
        stored = _dummy_hash(current_app.config["PASSWORD_HASH_METHOD"])
    matches = check_password_hash(stored, password[:PASSWORD_MAX_LENGTH + 1])
    if advisor is None or not matches or not advisor.active:
        return None
    if advisor.password_reset_required:
        # Said only to whoever knows the password: the emailed link is the way back in.
        raise Forbidden(_l("An admin asked you to set a new password. Use the link we emailed "
                           "you, or ask an admin to send a new one."),
                        code="password_reset_required")
    return advisor


def issue_token(advisor):
    """Start an API session for the advisor and return its bearer token (stored hashed)."""
    raw = secrets.token_urlsafe(32)
    ttl = timedelta(seconds=current_app.config["ADVISOR_TOKEN_TTL"])
    db.session.add(AdvisorToken(advisor_id=advisor.id, token_hash=hash_token(raw),
                                expires_at=utcnow() + ttl))
    db.session.commit()
    return raw


def live_token(raw):
    """Return the unexpired, unrevoked token row of an active advisor, or None."""
    if not raw or not isinstance(raw, str):
        return None
    token = db.session.execute(db.select(AdvisorToken).filter_by(
        token_hash=hash_token(raw))).scalar_one_or_none()
    return token if token is not None and is_live(token) else None


def is_live(token):
    """Tell whether a token row is unrevoked, unexpired and of an active advisor."""
    return token.revoked_at is None and aware(token.expires_at) > utcnow() \
        and token.advisor.active


def advisor_for_token(raw):
    """Return the signed-in advisor a bearer token belongs to, or None."""
    token = live_token(raw)
    return token.advisor if token is not None else None


def revoke_token(raw):
    """End the API session of this bearer token (sign-out); unknown tokens are ignored."""
    token = db.session.execute(db.select(AdvisorToken).filter_by(
        token_hash=hash_token(raw or ""))).scalar_one_or_none()
    if token is None or token.revoked_at is not None:
        return
    token.revoked_at = utcnow()
    db.session.commit()
    signals.advisor_sessions_ended.send(current_app._get_current_object(),
                                        advisor_id=token.advisor_id, token_ids=[token.id])


def sites_of(advisor):
    """Return [(site, role)] of the advisor's teams, by site name; the owner admins every site."""
    if advisor.is_owner:
        pairs = [(site, "admin") for site in db.session.execute(db.select(Site)).scalars()]
    else:
        pairs = [(m.site, m.role) for m in advisor.memberships]
    return sorted(pairs, key=lambda pair: (pair[0].name.lower(), pair[0].key))


def site_ids_of(advisor):
    """Return the ids of the sites whose teams the advisor is on (every site for the owner)."""
    if advisor.is_owner:
        return list(db.session.execute(db.select(Site.id)).scalars())
    return [m.site_id for m in advisor.memberships]


def is_admin(advisor, site):
    """Tell whether the advisor is an active admin of the site's team (or the server's owner)."""
    if advisor.is_owner:
        return bool(advisor.active)
    membership = _membership(advisor, site)
    return bool(advisor.active and membership is not None and membership.role == "admin")


def team(site):
    """Return the active advisors of the site's team, by name."""
    query = (db.select(Advisor).join(SiteMembership).where(
        SiteMembership.site_id == site.id, Advisor.active.is_(True)).order_by(
        Advisor.name, Advisor.id))
    return db.session.execute(query).scalars().all()


def team_member(site, advisor_id):
    """Return the active advisor `advisor_id` of the site's team, or None."""
    if not isinstance(advisor_id, int) or isinstance(advisor_id, bool):
        return None
    query = (db.select(Advisor).join(SiteMembership).where(
        SiteMembership.site_id == site.id, Advisor.id == advisor_id,
        Advisor.active.is_(True)))
    return db.session.execute(query).scalar_one_or_none()


def _revoke_all(advisor, keep_token_id=None):
    """Revoke every live token of the advisor (but one), commit, and tell the socket layer."""
    now = utcnow()
    tokens = db.session.execute(db.select(AdvisorToken).where(
        AdvisorToken.advisor_id == advisor.id, AdvisorToken.revoked_at.is_(None),
        AdvisorToken.id != (keep_token_id or 0))).scalars().all()
    for token in tokens:
        token.revoked_at = now
    db.session.commit()
    signals.advisor_sessions_ended.send(current_app._get_current_object(),
                                        advisor_id=advisor.id,
                                        token_ids=[t.id for t in tokens])


def _membership(advisor, site):
    """Return the advisor's membership of the site's team, or None."""
    site_id = site.id if isinstance(site, Site) else site
    return next((m for m in advisor.memberships if m.site_id == site_id), None)


def _hash(password):
    """Check the password rules and return its hash (PASSWORD_HASH_METHOD)."""
    if not isinstance(password, str) or len(password) < PASSWORD_MIN_LENGTH:
        raise Invalid(_l("Check the advisor's details."), fields={"password": [
            _l("Use at least %(count)s characters.", count=PASSWORD_MIN_LENGTH)]})
    if len(password) > PASSWORD_MAX_LENGTH:
        raise Invalid(_l("Check the advisor's details."), fields={"password": [
            _l("Use at most {max} characters.").format(max=PASSWORD_MAX_LENGTH)]})
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def _name(name):
    """Return a valid display name, or raise Invalid."""
    name = str(name or "").strip()
    if not name or len(name) > 200:
        raise Invalid(_l("Check the advisor's details."),
                      fields={"name": [_l("Enter between {min} and {max} characters.").format(
                          min=1, max=200)]})
    return name


def _locale(locale):
    """Return a configured locale, or raise Invalid."""
    if locale not in current_app.config["LOCALES"]:
        raise Invalid(_l("Check the advisor's details."),
                      fields={"locale": [_l("This language is not available.")]})
    return locale


@functools.cache
def _dummy_hash(method):
    """Return a hash no password matches, with the same cost as real ones."""
    return generate_password_hash(secrets.token_urlsafe(32), method=method)

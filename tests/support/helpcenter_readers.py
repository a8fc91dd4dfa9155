"""Help center readers: signed-in sessions as the sign-in pages make them, their clients, pages."""
import secrets

from helpwidget.extensions import db
from helpwidget.models import EndUser, Visitor
from helpwidget.services import identity

COOKIE = "hw_help"


def help_center_user(site, sub, name, email, account_type="", locale=""):
    """Create a user with a signed-in help center session; return (user, raw token)."""
    user = EndUser(site_id=site.id, external_id=sub, name=name, email=email,
                   account_type=account_type, locale=locale)
    raw = secrets.token_urlsafe(32)
    db.session.add(user)
    db.session.flush()
    db.session.add(Visitor(site_id=site.id, token_hash=identity.hash_token(raw), user_id=user.id,
                           channel="helpcenter"))
    db.session.commit()
    return user, raw


def reader_client(app, site, raw=None, address="127.0.0.1"):
    """Return a test client calling from `address`, signed in to the help center with `raw`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    if raw:
        client.set_cookie(COOKIE, raw, path=f"/help/{site.key}/")
    return client


def help_center_session(site, name, email):
    """Create a user with a help center session as the sign-in pages would: (user, raw token)."""
    user = EndUser(site_id=site.id, external_id=email, name=name, email=email)
    db.session.add(user)
    db.session.flush()
    raw = secrets.token_urlsafe(32)
    db.session.add(Visitor(site_id=site.id, token_hash=identity.hash_token(raw), user_id=user.id,
                           channel="helpcenter"))
    db.session.commit()
    return user, raw


def sign_in(client, site, sub="ana", **claims):
    """Open a help center session for user `sub` (as sign-in would) and set its cookie."""
    user = db.session.execute(db.select(EndUser).filter_by(
        site_id=site.id, external_id=sub)).scalar_one_or_none()
    if user is None:
        user = EndUser(site_id=site.id, external_id=sub)
        db.session.add(user)
    fields = {"name": "Ana Pérez", "email": "ana@example.com", "account_id": "acc-1",
              "account_name": "Pérez y Asociados", "support_user": True, **claims}
    for name, value in fields.items():
        setattr(user, name, value)
    raw = secrets.token_urlsafe(32)
    visitor = Visitor(site_id=site.id, user=user, channel="helpcenter",
                      token_hash=identity.hash_token(raw))
    db.session.add(visitor)
    db.session.commit()
    client.set_cookie(COOKIE, raw, path=f"/help/{site.key}/")
    return user, visitor


class CookieJar:
    """Stands in for the test client: puts the help center cookie into the browser instead."""

    def __init__(self, context, base_url):
        self.context, self.base_url = context, base_url

    def set_cookie(self, name, value, path):
        """Give the browser the help center session cookie of this site."""
        self.context.add_cookies([{"name": name, "value": value, "path": path,
                                   "domain": "127.0.0.1", "httpOnly": True}])


def article_url(article):
    """Return the path of an article's public page."""
    return f"/help/{article.site.key}/{article.locale}/articles/{article.slug}"

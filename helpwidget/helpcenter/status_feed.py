"""The public Atom feed of a site's system status and scheduled maintenance."""
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from flask import Blueprint, Response, abort, current_app, request
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.errors import NotFound
from helpwidget.i18n import content_locale
from helpwidget.models.status import text_for
from helpwidget.schemas.status import LABELS, feed_url, public_url, when_text
from helpwidget.services import sites, status
from helpwidget.services.timeutil import aware, utcnow

bp = Blueprint("status_feed", __name__)
# Feed readers poll; a minute of caching spares the database without hiding news for long.
MAX_AGE = 60


def _tag(site, *parts):
    """Return a stable tag: URI (RFC 4151) for the feed or one of its entries."""
    # PUBLIC_URL's host rather than the request's, so ids do not change with the address used.
    authority = urlsplit(current_app.config["PUBLIC_URL"]).hostname or "localhost"
    created = aware(site.created_at) or utcnow()
    return f"tag:{authority},{created.date().isoformat()}:status/{'/'.join([site.key, *parts])}"


def build_feed(site, locale, self_url, now=None):
    """Return the Atom XML (bytes) of the site's status changes and upcoming maintenance."""
    now = now or utcnow()
    feed = FeedGenerator()
    feed.id(_tag(site))
    feed.title(_("%(site)s system status", site=site.name))
    feed.subtitle(_("Status changes and scheduled maintenance of %(site)s.", site=site.name))
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=public_url("helpcenter.home", site_key=site.key, locale=locale),
              rel="alternate", type="text/html")
    feed.author({"name": site.name})
    feed.language(locale)
    newest = aware(site.created_at) or now
    for update in reversed(status.history(site)):
        entry = feed.add_entry(order="prepend")
        label = str(LABELS.get(update.status, update.status))
        entry.id(_tag(site, "update", str(update.id)))
        entry.title(label)
        entry.content(text_for(site, update.message, locale) or label, type="text")
        entry.updated(aware(update.created_at))
        entry.published(aware(update.created_at))
        newest = max(newest, aware(update.created_at))
    for starts, ends, window in reversed(status.occurrences(site, now)):
        entry = feed.add_entry(order="prepend")
        title = text_for(site, window.title, locale)
        when = when_text(window, starts, ends, locale)
        entry.id(_tag(site, "maintenance", str(window.id), starts.strftime("%Y%m%dT%H%MZ")))
        entry.title(_("Scheduled maintenance: %(title)s — %(when)s", title=title, when=when))
        description = text_for(site, window.description, locale)
        entry.content("\n\n".join(x for x in (when, description) if x), type="text")
        entry.updated(aware(window.created_at))
        newest = max(newest, aware(window.created_at))
    feed.updated(newest)
    return feed.atom_str(pretty=True)


@bp.get("/status/<site_key>/feed.atom")
def feed(site_key):
    """Serve the site's status feed in `locale` (or the site's language)."""
    try:
        site = sites.get_site(site_key)
    except NotFound:
        abort(404)
    locale = content_locale(site, request.args.get("locale"))
    with force_locale(locale):
        body = build_feed(site, locale, feed_url(site, locale))
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    response.headers["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

"""Recording searches for the help center's insights, privately.

A reader appears only as an HMAC of "v:<visitor id>" (or "a:<address>|<browser>" without a
session) under a random salt of the day; salts are deleted after two days, so a row can be
linked to the same reader's later request or click for a day, and to nobody afterwards.
"""
import hashlib
import hmac
import logging
import secrets
import unicodedata
from datetime import timedelta

from flask import current_app, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from helpwidget.errors import NotFound
from helpwidget.extensions import db
from helpwidget.models import Article, InsightSalt, SearchEvent, Site
from helpwidget.services import quotas
from helpwidget.services.timeutil import utcnow

log = logging.getLogger(__name__)

MAX_QUERY = 200
# Keystrokes of one search: a query that grows or shrinks within this time is the same search.
TYPING_WINDOW = timedelta(seconds=60)
# A request or chat this soon after a search followed from it.
CONTACT_WINDOW = timedelta(minutes=30)


def normalise(query):
    """Return the query as recorded: NFC, case-folded, single spaces, at most 200 characters."""
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", query or "").casefold())
    return " ".join(text.split())[:MAX_QUERY].strip()


def reader_key(visitor=None):
    """Return who searches, before hashing: the visitor, else the address and browser."""
    if visitor is not None:
        return f"v:{visitor.id}"
    browser = request.user_agent.string[:300] if has_request_context() else ""
    return f"a:{_address()}|{browser}"


def _address():
    """Return the caller's IP address ("" outside a request)."""
    return (request.remote_addr or "") if has_request_context() else ""


def record(site, locale, query, results, visitor=None, source="search"):
    """Record a search (or grow the reader's search still being typed); return its id.

    Returns None when the site records nothing, the query has no text or its address has
    recorded SEARCH_INSIGHTS_PER_IP searches already. Commits.
    """
    text = normalise(query)
    if not site.insights_enabled or not text:
        return None
    now = utcnow()
    visitor_hash = _hash(_salt(now.date(), create=True), reader_key(visitor))
    last = db.session.execute(db.select(SearchEvent).where(
        SearchEvent.site_id == site.id, SearchEvent.visitor_hash == visitor_hash,
        SearchEvent.source == source, SearchEvent.locale == locale,
        SearchEvent.updated_at >= now - TYPING_WINDOW).order_by(
        SearchEvent.updated_at.desc(), SearchEvent.id.desc()).limit(1)).scalar_one_or_none()
    if last is not None and _typed_on(last, text):
        last.query, last.results, last.updated_at = text, results, now
    elif not quotas.take(current_app.config["SEARCH_INSIGHTS_PER_IP"], "search-insights-ip",
                         _address()):
        db.session.commit()  # the day's salt, made for this search
        return None
    else:
        last = SearchEvent(site_id=site.id, locale=locale, source=source, query=text,
                           results=results, visitor_hash=visitor_hash, created_at=now,
                           updated_at=now)
        db.session.add(last)
    db.session.commit()
    return last.id


def _typed_on(event, text):
    """Whether `text` continues the unclicked `event` (one query a prefix of the other)."""
    return (event.clicked_article_id is None and not event.solved
            and (text.startswith(event.query) or event.query.startswith(text)))


def click(site, search_id, visitor, article_id, rank=None, solved=False):
    """Record that the searcher opened an article of the results (and whether it solved it).

    NotFound unless the caller made that search and the article is the site's. Commits.
    """
    event = _own_event(site, search_id, visitor)
    article = db.session.get(Article, article_id)
    if article is None or article.site_id != site.id:
        raise NotFound(_l("This article does not exist or is not available to you."))
    if not solved or event.clicked_article_id is None:
        event.clicked_article_id = article.id
        event.clicked_rank = rank if rank is not None else event.clicked_rank
    if solved:
        event.solved = True
    event.updated_at = utcnow()
    db.session.commit()
    return event


def opened_from_results(site, search_id, visitor, article_id, rank):
    """Record a click that arrived as a link of the results; return whether it counted.

    Someone else's search, or a failure to record, is logged at most: the page reads the same.
    """
    try:
        click(site, search_id, visitor, article_id, rank=rank)
        return True
    except NotFound:
        return False
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("could not record a search result opened")
        return False


def contacted(site, visitor):
    """Mark the visitor's searches on the site of the last 30 minutes as followed by a contact.

    Called once a ticket or chat is stored; a failure is logged, never raised. Commits.
    """
    if visitor is None or not site.insights_enabled:
        return 0
    try:
        hashes = _hashes(reader_key(visitor))
        if not hashes:
            return 0
        marked = db.session.execute(db.update(SearchEvent).where(
            SearchEvent.site_id == site.id, SearchEvent.visitor_hash.in_(hashes),
            SearchEvent.created_at >= utcnow() - CONTACT_WINDOW,
            SearchEvent.contacted.is_(False)).values(contacted=True)).rowcount
        db.session.commit()
        return marked
    except SQLAlchemyError:
        db.session.rollback()
        log.exception("could not mark searches as followed by a contact")
        return 0


def _own_event(site, search_id, visitor):
    """Return the site's search `search_id` if the caller made it, else raise NotFound."""
    hashes = _hashes(reader_key(visitor))
    event = db.session.execute(db.select(SearchEvent).where(
        SearchEvent.id == search_id, SearchEvent.site_id == site.id,
        SearchEvent.visitor_hash.in_(hashes))).scalar_one_or_none() if hashes else None
    if event is None:
        raise NotFound(_l("This search is not available."))
    return event


def _hashes(key):
    """Return the caller's hashes under today's and yesterday's salts (those that exist)."""
    today = utcnow().date()
    salts = [_salt(day) for day in (today, today - timedelta(days=1))]
    return [_hash(salt, key) for salt in salts if salt]


def _hash(salt, key):
    """Return the 32 hex digits that stand for a reader on one day."""
    return hmac.new(salt.encode(), key.encode(), hashlib.sha256).hexdigest()[:32]


def _salt(day, create=False):
    """Return the salt of `day`; with `create`, make it first if needed (race-safe)."""
    found = db.session.execute(db.select(InsightSalt.salt).where(
        InsightSalt.day == day)).scalar_one_or_none()
    if found is not None or not create:
        return found
    # Two first searches of a day may race: both insert, the database keeps one, both read it.
    insert = postgresql_insert if db.session.get_bind().dialect.name == "postgresql" \
        else sqlite_insert
    db.session.execute(insert(InsightSalt).values(day=day, salt=secrets.token_hex(32))
                       .on_conflict_do_nothing(index_elements=["day"]))
    return db.session.execute(db.select(InsightSalt.salt).where(
        InsightSalt.day == day)).scalar_one()


def purge(now=None, batch=5000):
    """Delete each site's searches older than its retention days, and salts past linking.

    Deletes in batches of `batch` rows, each its own transaction, so a large backlog never
    holds the table for long. Returns how many searches were deleted.
    """
    now = now or utcnow()
    deleted = 0
    for site_id, days in db.session.execute(
            db.select(Site.id, Site.insights_retention_days)).all():
        cutoff = now - timedelta(days=max(1, days or 0))
        while True:
            ids = db.session.execute(db.select(SearchEvent.id).where(
                SearchEvent.site_id == site_id, SearchEvent.created_at < cutoff).limit(
                batch)).scalars().all()
            if not ids:
                break
            deleted += db.session.execute(db.delete(SearchEvent).where(
                SearchEvent.id.in_(ids)).execution_options(synchronize_session=False)).rowcount
            db.session.commit()
    # Today's and yesterday's salts still link a search to a request; older ones link nothing.
    db.session.execute(db.delete(InsightSalt).where(
        InsightSalt.day < now.date() - timedelta(days=1)).execution_options(
        synchronize_session=False))
    db.session.commit()
    return deleted

"""The search change log: every change to what search shows is logged in its own transaction.

Session events collect the articles, community questions and sites a flush touched; just
before the commit the collected targets take numbers from the log's state row, whose lock is
held until the commit, so numbers follow commit order, and are written to search_changes in
the same transaction. On PostgreSQL a NOTIFY wakes every machine's follower as the commit
lands. services/search_sync.py applies the log to this machine's index.
"""
from sqlalchemy import event, insert, inspect, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from helpwidget.models import (
    Article,
    ArticleAudience,
    ArticleRoute,
    Category,
    Post,
    SearchChange,
    SearchLogState,
    Site,
)
from helpwidget.services.timeutil import utcnow

CHANNEL = "helpwidget_search"
_PENDING = "helpwidget.search_log.pending"
# {(kind, id): seq} this session logged: the documents it built itself are the current ones.
MINE = "helpwidget.search_log.mine"
# Columns an article's or a category's search document is made of (views are not: they only
# break ties and are refreshed by a rebuild).
_ARTICLE_FIELDS = ("site_id", "locale", "slug", "title", "summary", "body_html", "kind",
                   "category_id", "tags", "published")
_CATEGORY_FIELDS = ("slug", "title")


@event.listens_for(Session, "after_flush")
def _collect(session, _flush_context):
    """Note which search documents the flushed rows change (ids are known after a flush)."""
    targets = set()
    for obj in session.new | session.dirty | session.deleted:
        targets.update(_targets(session, obj))
    if targets:
        session.info.setdefault(_PENDING, set()).update(targets)


def _targets(session, obj):
    """Yield the (kind, id) documents one changed row touches."""
    dirty = obj in session.dirty
    if isinstance(obj, Article):
        if not dirty or _changed(obj, _ARTICLE_FIELDS):
            yield "article", obj.id
    elif isinstance(obj, (ArticleAudience, ArticleRoute)):
        if obj.article_id:
            yield "article", obj.article_id
    elif isinstance(obj, Category):
        if dirty and _changed(obj, _CATEGORY_FIELDS):
            with session.no_autoflush:
                ids = session.execute(Article.__table__.select().with_only_columns(
                    Article.id).where(Article.category_id == obj.id)).scalars().all()
            yield from (("article", article_id) for article_id in ids)
    elif isinstance(obj, Post) and obj.kind in ("question", "answer"):
        question = obj.id if obj.kind == "question" else obj.parent_id
        if question:
            yield "question", question
    elif isinstance(obj, Site) and dirty and _changed(obj, ("community_enabled", "key")):
        yield "site", obj.id


def _changed(obj, fields):
    """Tell whether any of these attributes of a flushed object changed."""
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in fields)


@event.listens_for(Session, "before_commit")
def _write(session):
    """Number the collected changes and write them in the transaction about to commit."""
    session.flush()  # changes not yet flushed collect their targets now
    targets = sorted(session.info.pop(_PENDING, ()))
    if not targets:
        return
    count = len(targets)
    last = _take_numbers(session, count)
    first, now = last - count + 1, utcnow()
    session.execute(insert(SearchChange), [
        {"seq": first + offset, "kind": kind, "target_id": target_id, "created_at": now}
        for offset, (kind, target_id) in enumerate(targets)])
    session.info.setdefault(MINE, {}).update(
        {target: first + offset for offset, target in enumerate(targets)})
    if session.get_bind().dialect.name == "postgresql":
        # Delivered at commit (and never for a rollback): followers wake at once.
        session.execute(text("SELECT pg_notify(:channel, :seq)"),
                        {"channel": CHANNEL, "seq": str(last)})


def _take_numbers(session, count):
    """Take `count` numbers from the log's state row, locking it until the commit; return the
    last one."""
    bump = update(SearchLogState).where(SearchLogState.id == 1).values(
        last_seq=SearchLogState.last_seq + count).returning(SearchLogState.last_seq)
    last = session.execute(bump).scalar_one_or_none()
    if last is None:  # the row is missing (tables emptied by hand): make it, once
        dialect = session.get_bind().dialect.name
        make = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
            SearchLogState).values(id=1, last_seq=0, pruned_through=0).on_conflict_do_nothing()
        session.execute(make)
        last = session.execute(bump).scalar_one()
    return last


@event.listens_for(Session, "after_rollback")
def _forget(session):
    """Drop what a rolled-back transaction collected."""
    session.info.pop(_PENDING, None)

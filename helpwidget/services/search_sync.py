"""Keeping this machine's search index current: apply the change log, from where it stopped.

Every machine's index applies the same numbered log (services/search_log.py) in order and
records the last number it applied beside the index (search/sync_state.py), so a machine that
was down or is new catches up from there. Only an index that never applied anything, or one
that fell behind what was pruned, is rebuilt from the database. The machine's position is
reported in search_nodes; `prune` deletes the log rows every live machine has applied.
"""
import logging
import socket
from datetime import timedelta
from itertools import chain

from flask import current_app

from helpwidget import search
from helpwidget.extensions import db
from helpwidget.models import Article, Post, SearchChange, SearchLogState, SearchNode, Site
from helpwidget.search import community as community_search
from helpwidget.search import sync_state
from helpwidget.services import question_documents, search_log
from helpwidget.services.timeutil import aware, utcnow

log = logging.getLogger(__name__)
# Changes applied per index commit: an import of thousands of articles is one big write,
# which indexes much faster than many small ones.
BATCH = 20000


def catch_up(prebuilt=()):
    """Apply every logged change this index lacks; return how many changes were applied.

    `prebuilt` are documents the caller built from rows it just committed: used instead of
    reading those rows again, as long as no later change of the same document is in the log.
    """
    index = search.get_index()
    mine = db.session.info.pop(search_log.MINE, {})
    built = {("article", doc.id): doc for doc in prebuilt}
    applied = 0
    with sync_state.syncing(index.path, index.write_timeout) as state:
        while True:
            log_state = _log_state()
            if state.seq is None or state.seq < log_state.pruned_through:
                rebuild_locked(state)
                continue
            rows = db.session.execute(db.select(SearchChange).where(
                SearchChange.seq > state.seq).order_by(SearchChange.seq).limit(BATCH)
            ).scalars().all()
            if not rows:
                break
            latest = {}
            for row in rows:
                latest[(row.kind, row.target_id)] = row.seq
            ready = {target: built[target] for target, seq in latest.items()
                     if target in built and mine.get(target) == seq}
            _apply(index, [target for target in latest if target not in ready],
                   list(ready.values()))
            state.applied(rows[-1].seq)
            applied += len(rows)
        db.session.rollback()  # end the read transaction: the next look sees new commits
        _report(state)
    return applied


def follow():
    """The follower's look: catch up if the log moved past this index, else only report.

    Most looks find nothing new; reading the position file and the log's state row answers
    that without taking the index folder's sync lock.
    """
    state = sync_state.SyncState(search.get_index().path)
    log_state = _log_state()
    if state.seq != log_state.last_seq:  # behind (or new: None); catch_up rebuilds if pruned
        return catch_up()
    db.session.rollback()  # end the read transaction: the next look sees new commits
    _report(state)
    return 0


def rebuild():
    """Rebuild this machine's index from the database and record the log position it holds."""
    index = search.get_index()
    with sync_state.syncing(index.path, index.write_timeout) as state:
        rebuild_locked(state)
        _report(state)
    return index.doc_count()


def rebuild_locked(state):
    """Rebuild the index (the sync lock held): every change up to the number read first."""
    through = _log_state().last_seq
    db.session.rollback()  # read the documents in a transaction that sees that number's commit
    articles = db.session.execute(db.select(Article).where(Article.published.is_(True)))
    docs = (search.document_for(article) for article in articles.scalars())
    search.get_index().rebuild(chain(docs, question_documents.documents()))
    log.info("search index rebuilt from the database (change log at %s)", through)
    state.applied(through, rebuilt=True)


def prune(live_for=timedelta(days=1)):
    """Delete the log rows every machine seen within `live_for` has applied; return how many."""
    through = db.session.execute(db.select(db.func.min(SearchNode.applied_seq)).where(
        SearchNode.seen_at >= utcnow() - live_for)).scalar_one_or_none()
    if not through:
        return 0
    deleted = db.session.execute(db.delete(SearchChange).where(
        SearchChange.seq <= through)).rowcount
    db.session.execute(db.update(SearchLogState).where(
        SearchLogState.id == 1, SearchLogState.pruned_through < through).values(
        pruned_through=through))
    db.session.commit()
    return deleted


def _apply(index, targets, ready):
    """Bring these documents up to date in the index, from the database or as built."""
    upserts, deletes = list(ready), []
    for kind, target_id in sorted(targets):
        if kind == "article":
            article = db.session.get(Article, target_id)
            if article is None:
                deletes.append(target_id)
            else:
                upserts.append(search.document_for(article))
        elif kind == "question":
            question = db.session.get(Post, target_id)
            if question is None or question.kind != "question":
                deletes.append(community_search.doc_id(target_id))
            else:
                upserts.append(question_documents.document(question))
        elif kind == "site":
            questions = db.session.execute(db.select(Post).where(
                Post.site_id == target_id, Post.kind == "question")).scalars()
            site = db.session.get(Site, target_id)
            if site is not None:
                upserts.extend(question_documents.document(q, site) for q in questions)
    index.upsert(upserts)
    index.delete(deletes)


def _log_state():
    """Return the log's state row (a blank one for a database made without migrations)."""
    return db.session.get(SearchLogState, 1) or SearchLogState(id=1, last_seq=0,
                                                               pruned_through=0)


def _report(state):
    """Record this machine's position, so pruning keeps what it still needs."""
    if state.seq is None:
        return
    now = utcnow()
    node = db.session.get(SearchNode, state.node_id)
    if node is None:
        node = SearchNode(node_id=state.node_id, applied_seq=0)
        db.session.add(node)
    elif node.applied_seq == state.seq and node.seen_at and \
            now - aware(node.seen_at) < timedelta(seconds=60):
        return
    node.host = socket.gethostname()[:200]
    node.applied_seq, node.seen_at = state.seq, now
    try:
        db.session.commit()
    except Exception:  # another process of this machine reported at the same moment
        db.session.rollback()
        log.debug("search node report of %s skipped", state.node_id, exc_info=True)


def interval():
    """Return the seconds between two looks at the log when nothing wakes the follower."""
    return float(current_app.config["SEARCH_SYNC_INTERVAL"])

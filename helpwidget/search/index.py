"""SearchIndex: the article index on disk, written under Whoosh's lock and searched per process."""
import logging
import os
import threading
from contextlib import contextmanager

from whoosh import index as whoosh_index
from whoosh import writing
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.util.filelock import try_for

from helpwidget.search import community, query, suggest
from helpwidget.search.analysis import fold, language_for
from helpwidget.search.ranking import rank
from helpwidget.search.schema import ArticleCodec, build_schema, index_fields
from helpwidget.search.snapshot import PostingCache, Snapshot
from helpwidget.search.snippets import Highlighter

log = logging.getLogger(__name__)

# Whoosh's write lock of the default index name; also guards creating the index.
WRITELOCK = "MAIN_WRITELOCK"
# Big writes keep postings in memory up to this size instead of sorting runs on disk,
# which took twice as long for 10,000 articles.
BULK_POOL_MB = 1024
BULK = 500
MAX_PER_PAGE = 100
# Beside the index: how far it applied the search change log (search/sync_state.py).
STATE_FILE = "applied.json"


class IndexBusyError(LockError):
    """Another writer held the index lock for longer than the write timeout."""


class SearchIndex:
    """The article index in one directory, shared by every process and thread of the app.

    Writers take Whoosh's file lock, waiting up to `write_timeout` seconds. Each
    process searches one open snapshot and reopens it when another writer has
    committed, so writes from any process show up on the next search.
    """

    def __init__(self, path, write_timeout=30.0):
        self.path = path
        self.write_timeout = write_timeout
        # Processes that index a bulk write in parallel; only a command line process sets
        # more than one (a green-threaded server must not fork writer processes).
        self.processes = 1
        # Whoosh readers seek shared file handles, so reads are serialised too.
        self._lock = threading.RLock()
        self._snapshot = None
        self._postings = PostingCache()
        self._segment_cache = {}
        self._ix = self._open()

    def _open(self):
        """Open the index, creating it (or replacing one of an older schema) under the lock."""
        os.makedirs(self.path, exist_ok=True)
        schema = build_schema()
        if whoosh_index.exists_in(self.path):
            ix = whoosh_index.open_dir(self.path)
            if ix.schema.names() == schema.names():
                return ix
        lock = FileStorage(self.path).lock(WRITELOCK)
        self._acquire(lock)
        try:
            if whoosh_index.exists_in(self.path):
                ix = whoosh_index.open_dir(self.path)
                if ix.schema.names() == schema.names():
                    return ix
                log.warning("search index at %s has an older schema; recreated empty, it "
                            "is rebuilt from the database", self.path)
            created = whoosh_index.create_in(self.path, schema)
            # A new index holds nothing of the change log: without a position, the follower
            # rebuilds it from the database (search/sync_state.py).
            if os.path.exists(os.path.join(self.path, STATE_FILE)):
                os.remove(os.path.join(self.path, STATE_FILE))
            return created
        finally:
            lock.release()

    def _acquire(self, lock):
        """Take a file lock within the write timeout, or raise IndexBusyError."""
        if not try_for(lock.acquire, timeout=self.write_timeout, delay=0.05):
            raise IndexBusyError(self._busy_message())

    def _busy_message(self):
        return (f"search index {self.path} is locked by another writer; "
                f"gave up after {self.write_timeout:g}s")

    @contextmanager
    def _writer(self, **kwargs):
        """Yield a Whoosh writer holding the index lock; cancel it if the block raises."""
        try:
            writer = self._ix.writer(timeout=self.write_timeout, delay=0.05,
                                     codec=ArticleCodec(), **kwargs)
        except LockError as exc:
            raise IndexBusyError(self._busy_message()) from exc
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise

    def upsert(self, docs):
        """Add or replace articles by id in one commit; unpublished ones are removed instead."""
        latest = {doc.id: doc for doc in docs}
        if not latest:
            return
        parallel = self.processes > 1 and len(latest) >= BULK
        if parallel:
            # Writer processes index while this one analyses the next documents.
            fields = ((doc.id, doc) for doc in latest.values())
        else:
            # Analyse before locking, so other writers wait only for the write itself.
            fields = [(doc.id, index_fields(doc) if doc.published else None)
                      for doc in latest.values()]
        with self._writer(**_pool(len(latest), self.processes)) as writer:
            # A term look-up finds which ids are indexed; update_document() would run a
            # query per document, which dominated bulk imports.
            reader = writer.searcher().reader()
            for doc_id, values in fields:
                if ("id", str(doc_id)) in reader:
                    writer.delete_by_term("id", str(doc_id))
                if parallel:
                    values = index_fields(values) if values.published else None
                if values is not None:
                    writer.add_document(**values)
            writer.commit()
        if parallel:
            self._add_missing(latest.values())

    def _add_missing(self, docs):
        """Add again, in this process, documents a writer process failed to deliver.

        Whoosh's parallel commit drops a sub-writer's segment silently if that process
        died; the database is the source of truth, so the index is made whole from it.
        """
        with self._lock:
            searcher = self._current().searcher
            missing = [doc for doc in docs if doc.published
                       and searcher.document_number(id=str(doc.id)) is None]
        if missing:
            log.warning("search index: %d documents of a parallel write were missing; "
                        "adding them again", len(missing))
            with self._writer(limitmb=BULK_POOL_MB) as writer:
                for doc in missing:
                    writer.add_document(**index_fields(doc))
                writer.commit()

    def delete(self, ids):
        """Remove articles by id."""
        ids = list(ids)
        if not ids:
            return
        with self._writer() as writer:
            for doc_id in ids:
                writer.delete_by_term("id", str(doc_id))
            writer.commit()

    def rebuild(self, docs):
        """Replace the whole index with `docs`.

        The new documents go into a fresh segment and the commit swaps the table of
        contents to it alone, so searches keep using the old segments until then.
        """
        seen = set()
        with self._writer(limitmb=BULK_POOL_MB) as writer:
            for doc in docs:
                if doc.published and doc.id not in seen:
                    seen.add(doc.id)
                    writer.add_document(**index_fields(doc))
            writer.commit(mergetype=writing.CLEAR)

    def doc_count(self):
        """Return the number of indexed (published) articles."""
        with self._lock:
            return self._current().searcher.doc_count()

    def _current(self):
        """Return the snapshot of the latest commit, reopening it after any writer's commit."""
        snapshot = self._snapshot
        if snapshot is not None and snapshot.up_to_date():
            return snapshot
        # A fresh searcher rather than Searcher.refresh(): in whoosh-reloaded 2.7.5
        # refresh() keeps segments the new commit removed (merged or cleared).
        fresh = Snapshot(self._ix.searcher(), self._postings, self._segment_cache)
        if snapshot is not None:
            snapshot.close()
        live = {leaf.segment().segment_id() for leaf, _ in fresh.leaves}
        for key in [k for k in self._segment_cache if k[0] not in live]:
            del self._segment_cache[key]
        self._snapshot = fresh
        return fresh

    def search(self, site, locale, q, account_type="", kind=None, page=1, per_page=10,
               community=False, synonyms=()):
        """Search the articles of a site and locale that `account_type` may read.

        `community` adds the site's answered community questions (kind "community");
        `synonyms` are the site's groups of equivalent words for this language.
        """
        page, per_page = max(1, int(page)), min(max(1, int(per_page)), MAX_PER_PAGE)
        result = {"query": q, "total": 0, "page": page, "per_page": per_page,
                  "results": [], "suggestion": None}
        parsed = query.parse(q)
        if not parsed.words:
            return result
        language = language_for(locale)
        with self._lock:
            snapshot = self._current()
            scope = snapshot.scope(site, locale, account_type, kind, community)
            if not scope.n:
                return result

            def expand(word):
                return query.prefix_terms(snapshot, scope, language, site, word)

            clauses = query.clauses(parsed, language, expand, synonyms)
            ranking = rank(snapshot, scope, language.code, clauses, page * per_page)
            result["suggestion"] = suggest.suggestion(snapshot, scope, language, site,
                                                      parsed, clauses,
                                                      confident_only=bool(ranking.total))
            if not ranking.total and result["suggestion"]:
                corrected = query.parse(result["suggestion"] + " ")
                alternative = query.clauses(corrected, language, expand, synonyms)
                retry = rank(snapshot, scope, language.code, alternative, page * per_page)
                if retry.total:
                    parsed, clauses, ranking = corrected, alternative, retry
            shown = slice((page - 1) * per_page, page * per_page)
            hits = [(snapshot.searcher.stored_fields(int(scope.docs[position])), float(score))
                    for position, score in zip(ranking.order[shown], ranking.scores[shown],
                                               strict=True)]
        result["total"] = ranking.total
        typed = fold(parsed.words[-1]) if parsed.typing else ""
        highlighter = Highlighter(language, {t for c in clauses for t in c.terms + c.expansions},
                                  typed if len(typed) >= query.MIN_PREFIX else None)
        result["results"] = [_result(highlighter, stored, score) for stored, score in hits]
        return result


def _pool(count, processes=1):
    """Return writer options for a write of `count` documents by up to `processes`.

    A bulk write by several processes gives each a share of the documents and keeps the
    segment each one writes (Whoosh merges them later), which spares a merge pass.
    """
    if count < BULK:
        return {}
    if processes > 1:
        return {"procs": processes, "multisegment": True, "limitmb": BULK_POOL_MB // processes}
    return {"limitmb": BULK_POOL_MB}


def _result(highlighter, stored, score):
    """Shape one hit for the API."""
    if stored["kind"] == community.KIND:
        return {"id": community.question_id(stored["id"]), "slug": stored["slug"],
                "title": stored["title"], "kind": community.KIND, "category": None,
                "snippet": highlighter.snippet(stored.get("text", ""), stored.get("folded", "")),
                "score": round(score, 4)}
    category = None
    if stored.get("category_slug"):
        category = {"slug": stored["category_slug"], "title": stored.get("category_title")}
    return {
        "id": int(stored["id"]),
        "slug": stored["slug"],
        "title": stored["title"],
        "kind": stored["kind"],
        "category": category,
        "snippet": highlighter.snippet(stored.get("text", ""), stored.get("folded", "")),
        "score": round(score, 4),
    }

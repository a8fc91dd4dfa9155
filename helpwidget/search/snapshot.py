"""One open view of the index: its searcher plus numpy arrays of postings and columns."""
from array import array
from collections import OrderedDict

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching import FilterMatcher
from whoosh.reading import TermNotFound

from helpwidget.search.community import KIND as COMMUNITY
from helpwidget.search.schema import PUBLIC, TEXT_FIELDS, spell_term

EMPTY = (np.zeros(0, np.int32), np.zeros(0, np.float32))
# BM25's per-field length normalisation (b). A long title names several things, so one
# word of it says less than a word of a short title (LibreOffice's help, 0.4 -> 0.75:
# description queries MRR@10 +0.006 on dev).
LENGTH_B = {"title": 0.75, "meta": 0.6, "body": 0.75}


class PostingCache:
    """Posting lists of segments as arrays, least recently used dropped past `limit` postings.

    Segments never change once written, so entries outlive the searcher that read
    them. Postings include deleted documents (a Scope never contains those), so
    deleting an article does not invalidate a segment's entries.
    """

    def __init__(self, limit=4_000_000):
        self.limit = limit
        self._entries = OrderedDict()
        self._size = 0

    def get(self, leaf, field, term):
        """Return (docnums, weights) of `term` in one segment reader."""
        key = (leaf.segment().segment_id(), field, term)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry
        entry = _read_postings(leaf, field, term)
        self._entries[key] = entry
        self._size += entry[0].size
        while self._size > self.limit and len(self._entries) > 1:
            _, old = self._entries.popitem(last=False)
            self._size -= old[0].size
        return entry


def _read_postings(leaf, field, term):
    """Read a posting list through Whoosh's matcher, deleted documents included."""
    try:
        matcher = leaf.postings(field, term)
    except TermNotFound:
        return EMPTY
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "_read_ids"):
        return _read_blocks(matcher)
    ids, weights = array("i"), array("f")
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.frombuffer(ids, np.int32), np.frombuffer(weights, np.float32)


def _read_blocks(matcher):
    """Read an on-disk posting list a block at a time.

    Whoosh's matcher API steps one posting per Python call; taking its decoded blocks
    whole reads long lists (the common words) about three times faster.
    """
    ids, weights = [], []
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        ids.append(np.asarray(matcher._ids, np.int32))
        weights.append(np.asarray(matcher._weights, np.float32))
        matcher._next_block()
    if not ids:
        return EMPTY
    return np.concatenate(ids), np.concatenate(weights)


class Snapshot:
    """A searcher of one index generation, with the arrays BM25F needs, built on demand."""

    def __init__(self, searcher, postings, segment_cache):
        self.searcher = searcher
        self.reader = searcher.reader()
        # An empty index has one segment-less reader, with nothing to read.
        self.leaves = [(leaf, offset) for leaf, offset in self.reader.leaf_readers()
                       if leaf.segment() is not None]
        self.size = self.reader.doc_count_all()
        self._postings = postings
        # Arrays and word lists derived from a segment, keyed by its id first.
        self._segment_cache = segment_cache
        self._scopes = OrderedDict()
        self._vocabularies = {}
        # Per-snapshot filters (locale, audience, kind, live) as boolean arrays.
        self._masks = {}

    def close(self):
        """Release the searcher's files."""
        self.searcher.close()

    def up_to_date(self):
        """Tell whether no writer has committed since this snapshot was opened."""
        return self.searcher.up_to_date()

    def postings(self, field, term):
        """Return (global docnums, weights) of a term in a field across segments."""
        parts = []
        for leaf, offset in self.leaves:
            ids, weights = self._postings.get(leaf, field, term)
            if ids.size:
                parts.append((ids + offset if offset else ids, weights))
        if not parts:
            return EMPTY
        if len(parts) == 1:
            return parts[0]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def live_docs(self):
        """Return the global docnums of documents not deleted."""
        parts = []
        for leaf, offset in self.leaves:
            key = (leaf.segment().segment_id(), "live", leaf.doc_count())
            live = self._segment_cache.get(key)
            if live is None:
                if leaf.has_deletions():
                    live = np.fromiter(leaf.all_doc_ids(), np.int32)
                else:
                    live = np.arange(leaf.doc_count_all(), dtype=np.int32)
                self._segment_cache[key] = live
            parts.append(live + offset)
        return np.concatenate(parts) if parts else EMPTY[0]

    def mask(self, field, value):
        """Return a boolean array over docnums: which documents have `value` in an ID field."""
        key = ("mask", field, value)
        found = self._masks.get(key)
        if found is None:
            found = np.zeros(max(self.size, 1), bool)
            found[self.postings(field, value)[0]] = True
            self._masks[key] = found
        return found

    def live_mask(self):
        """Return a boolean array over docnums: which documents are not deleted."""
        found = self._masks.get("live")
        if found is None:
            found = np.zeros(max(self.size, 1), bool)
            found[self.live_docs()] = True
            self._masks["live"] = found
        return found

    def column(self, name):
        """Return a per-document numeric column over all segments as a float32 array."""
        parts = []
        for leaf, _ in self.leaves:
            key = (leaf.segment().segment_id(), "column", name)
            values = self._segment_cache.get(key)
            if values is None:
                count = leaf.doc_count_all()
                if leaf.has_column(name):
                    reader = leaf.column_reader(name, translate=False)
                    values = np.fromiter(reader, np.float32, count=count)
                else:
                    values = np.zeros(count, np.float32)
                self._segment_cache[key] = values
            parts.append(values)
        return np.concatenate(parts) if len(parts) > 1 else (parts[0] if parts else
                                                             np.zeros(0, np.float32))

    def vocabulary(self, field, site):
        """Return (sorted words, {word: document count}) of a site's spelling terms.

        Built once per segment and merged per snapshot, so completing a prefix or
        correcting a word never walks Whoosh's term index during a search.
        """
        key = (field, site)
        if key not in self._vocabularies:
            counts = {}
            for leaf, _ in self.leaves:
                cache_key = (leaf.segment().segment_id(), "vocabulary", field, site)
                segment_counts = self._segment_cache.get(cache_key)
                if segment_counts is None:
                    start = len(spell_term(site, ""))
                    segment_counts = {
                        term.decode("utf-8")[start:]: info.doc_frequency()
                        for term, info in leaf.iter_prefix(field, spell_term(site, ""))}
                    self._segment_cache[cache_key] = segment_counts
                if not counts:
                    counts = segment_counts
                else:
                    counts = dict(counts)
                    for word, count in segment_counts.items():
                        counts[word] = counts.get(word, 0) + count
            self._vocabularies[key] = (sorted(counts), counts)
        return self._vocabularies[key]

    def scope(self, site, locale, account_type="", kind=None, community=False):
        """Return the Scope of documents a reader may see, cached per filter."""
        key = (site, locale, account_type or "", kind or "", bool(community))
        scope = self._scopes.get(key)
        if scope is None:
            scope = Scope(self, *key)
            self._scopes[key] = scope
            if len(self._scopes) > 32:
                self._scopes.popitem(last=False)
        else:
            self._scopes.move_to_end(key)
        return scope


class Scope:
    """The documents visible to one filter (site, locale, audience, kind, community) and stats.

    Scores are computed over these documents only: idf and average lengths come from
    what the reader can see, so neither other tenants nor restricted articles sway them.
    """

    def __init__(self, snapshot, site, locale, account_type, kind, community=False):
        self.site = site
        # Start from the site's own documents and filter them through per-snapshot masks,
        # so building a scope costs the site's size, not the whole server's.
        docs = snapshot.postings("site", site)[0]
        keep = snapshot.mask("locale", locale)[docs] & snapshot.live_mask()[docs]
        allowed = snapshot.mask("audience", PUBLIC)[docs]
        if account_type:
            allowed |= snapshot.mask("audience", account_type)[docs]
        keep &= allowed
        if kind:
            keep &= snapshot.mask("kind", kind)[docs]
        # Answered community questions share the index; only searches that ask see them.
        questions = snapshot.mask("kind", COMMUNITY)
        if not community and not kind:
            keep &= ~questions[docs]
        self.docs = docs[keep].astype(np.int32)
        self.community = questions[self.docs]
        self.n = int(self.docs.size)
        # Global docnum -> position in `docs`, -1 when not visible.
        self.local = np.full(max(snapshot.size, 1), -1, np.int32)
        self.local[self.docs] = np.arange(self.n, dtype=np.int32)
        self.norms = {}
        for kind_ in TEXT_FIELDS:
            lengths = snapshot.column(f"{kind_}_len")[self.docs]
            average = float(lengths.mean()) if self.n else 0.0
            b = LENGTH_B[kind_]
            self.norms[kind_] = (1 - b) + b * lengths / (average or 1.0)
        self.views = snapshot.column("views")[self.docs]
        # Per-scope results worth keeping while the snapshot lives (prefix completions).
        self.memo = {}

    def localize(self, ids, values=None):
        """Map global docnums to visible positions, dropping invisible ones (and their values)."""
        local = self.local[ids]
        keep = local >= 0
        return (local[keep], values[keep]) if values is not None else local[keep]

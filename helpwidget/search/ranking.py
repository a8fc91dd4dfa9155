"""BM25F over the visible documents, with coordination, phrase and popularity adjustments."""
import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from helpwidget.search.schema import TEXT_FIELDS, field_name, pair_term, site_term

# What a word found in each field is worth, relative to the body (each field saturates
# on its own, see _bm25), and how fast repetitions in that field saturate.
FIELD_WEIGHT = {"title": 3.0, "meta": 1.0, "body": 1.0}
# A body that repeats a word is more about it than one that says it once (help bodies are
# long and wordy): it saturates slower than the short fields.
K1 = {"title": 1.2, "meta": 1.2, "body": 3.0}
# A word matched only through prefix expansion ranks below the word itself.
PREFIX_DISCOUNT = 0.8
# Adjacent query words found adjacent in the document (see schema.pair_term).
PAIR_WEIGHT = 0.5
# log(1 + views) scaled so popularity separates near-ties only (a million views: +1.4%).
VIEWS_WEIGHT = 0.001
# Community questions rank below articles of the same score: their final score is scaled by
# this factor, a small step that keeps a much better matching question above a weak article.
COMMUNITY_WEIGHT = 0.85
# Coordination: the score is scaled by (share of the query's words matched) ** exponent,
# COORDINATION for queries of up to COORDINATION_WORDS words (what people type: matching
# them all matters), fading fast beyond (a described problem: its every word need not be in
# the page). See coordination().
COORDINATION = 3.0
COORDINATION_WORDS = 3
COORDINATION_FALL = 4


@dataclass
class Clause:
    """One query word: its index terms, prefix-expanded terms, and how it pairs with neighbours."""

    word: str
    terms: tuple = ()
    expansions: tuple = ()
    pair_key: str | None = None
    # Filled by rank(): visible documents matching the clause.
    df: int = 0
    hits: np.ndarray | None = field(default=None, repr=False)
    idf: float = 0.0


@dataclass
class Ranking:
    """Scores of visible documents for one query."""

    total: int
    order: np.ndarray  # positions in scope.docs, best first (at least `limit` long)
    scores: np.ndarray


def rank(snapshot, scope, code, clauses, limit):
    """Score every visible document and return the best `limit` (ties broken by docnum)."""
    clauses = [c for c in clauses if c.terms or c.expansions]
    n = scope.n
    if not clauses or not n:
        return Ranking(0, np.zeros(0, np.int32), np.zeros(0, np.float32))
    score = np.zeros(n, np.float32)
    matched = np.zeros(n, np.float32)
    # Inflections of one word ("faktury ... fakturę") are one word, scored once.
    words = {}
    for clause in clauses:
        key = (clause.terms, clause.expansions)
        first = words.setdefault(key, clause)
        if first is not clause:
            clause.hits, clause.df, clause.idf = first.hits, first.df, first.idf
            continue
        clause_score = _clause_score(snapshot, scope, code, clause)
        clause.hits = clause_score > 0
        clause.df = int(np.count_nonzero(clause.hits))
        score += clause_score
        matched += clause.hits
    _add_pair_bonus(snapshot, scope, code, clauses, score)
    # Coordination: a document matching more of the query's words ranks higher.
    score *= (matched / len(words)) ** coordination(len(words))
    score *= 1 + VIEWS_WEIGHT * np.log1p(scope.views)
    score[scope.community] *= COMMUNITY_WEIGHT
    return _top(score, limit)


def coordination(words):
    """Return the coordination exponent of a query of `words` distinct words.

    On LibreOffice's help (dev), against the former plain share of words matched: page
    descriptions as queries MRR@10 +0.05 to +0.08, index keywords unchanged.
    """
    return COORDINATION * min(1.0, COORDINATION_WORDS / words) ** COORDINATION_FALL


def _clause_score(snapshot, scope, code, clause):
    """Return the BM25 score of one query word for every visible document.

    A word being typed also scores through its prefix expansions, discounted, for
    documents where that beats the word itself.
    """
    score, clause.idf = _bm25(scope, _tfs(snapshot, scope, code, clause.terms))
    extra = [t for t in clause.expansions if t not in clause.terms]
    if extra:
        expanded, idf = _bm25(scope, _tfs(snapshot, scope, code, extra))
        score = np.maximum(score, PREFIX_DISCOUNT * expanded)
        clause.idf = clause.idf or idf
    return score


def _bm25(scope, tfs):
    """Return (idf-weighted sum of each field's saturated tf, idf), idf over visible documents.

    Each field saturates on its own: a word in the title and in the body outranks
    either alone, where one shared saturation let a long body's repetitions drown
    the title (description-like queries on LibreOffice's help: MRR@10 +0.06).
    """
    present = np.zeros(scope.n, bool)
    for tf in tfs.values():
        present |= tf > 0
    df = int(np.count_nonzero(present))
    if not df:
        return np.zeros(scope.n, np.float32), 0.0
    idf = math.log(1 + (scope.n - df + 0.5) / (df + 0.5))
    score = np.zeros(scope.n, np.float32)
    for kind, tf in tfs.items():
        score += (FIELD_WEIGHT[kind] * idf) * tf / (K1[kind] + tf)
    return score, idf


def _tfs(snapshot, scope, code, terms):
    """Return {field: length-normalised term frequency} of some terms, per field.

    The terms are variants of one word (stems as written and folded, prefix
    completions): each document counts its best variant, so a word is never counted
    twice.
    """
    out = {}
    for kind in TEXT_FIELDS:
        best = np.zeros(scope.n, np.float32)
        for term in terms:
            ids, weights = snapshot.postings(field_name(kind, code), site_term(scope.site, term))
            if ids.size:
                local, weights = scope.localize(ids, weights)
                tf = np.zeros(scope.n, np.float32)
                tf[local] = weights / scope.norms[kind][local]
                np.maximum(best, tf, out=best)
        out[kind] = best
    return out


def _add_pair_bonus(snapshot, scope, code, clauses, score):
    """Reward documents where adjacent query words also stand side by side."""
    field = field_name("pairs", code)
    for left, right in itertools.pairwise(clauses):
        if not (left.pair_key and right.pair_key and left.df and right.df):
            continue
        pair = site_term(scope.site, pair_term(left.pair_key, right.pair_key))
        ids, weights = snapshot.postings(field, pair)
        if not ids.size:
            continue
        local, weights = scope.localize(ids, weights)
        # Hashed pairs can collide; only documents holding both words qualify.
        both = left.hits[local] & right.hits[local]
        bonus = PAIR_WEIGHT * (left.idf + right.idf) / 2 * weights / (weights + 1)
        score[local[both]] += bonus[both]


def _top(score, limit):
    """Return the Ranking of the `limit` best positions, deterministic on ties."""
    hits = np.flatnonzero(score > 0)
    total = int(hits.size)
    if total > limit > 0:
        cutoff = np.partition(score[hits], total - limit)[total - limit]
        hits = hits[score[hits] >= cutoff]
    order = hits[np.lexsort((hits, -score[hits]))][:max(limit, 0)]
    return Ranking(total, order.astype(np.int32), score[order])

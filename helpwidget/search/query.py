"""Turn what a reader typed into query clauses: plain words only, never query syntax."""
import heapq
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass

from helpwidget.search.analysis import MAX_WORD, WORD_RE, fold
from helpwidget.search.ranking import Clause
from helpwidget.search.schema import field_name, spell_term

# Bounds that keep any input cheap: a pasted page is cut, not searched word by word.
MAX_QUERY_CHARS = 500
MAX_WORDS = 12
# Search-as-you-type: the word being typed matches as a prefix from this many letters.
MIN_PREFIX = 2
MAX_EXPANSIONS = 16
PREFIX_SCAN = 5000


@dataclass
class Parsed:
    """The words of a query, as typed and lowercased, and whether the last is still being typed."""

    originals: list[str]
    words: list[str]
    typing: bool


def parse(q):
    """Split any string into words; operators, quotes and field syntax are just punctuation."""
    text = unicodedata.normalize("NFC", (q or "")[:MAX_QUERY_CHARS])
    found = [m for m in WORD_RE.finditer(text) if len(m.group()) <= MAX_WORD]
    kept = found[:MAX_WORDS]
    # Typing only if the text ends inside the last word we kept.
    typing = bool(kept) and len(found) == len(kept) and kept[-1].end() == len(text)
    originals = [m.group() for m in kept]
    return Parsed(originals, [w.casefold() for w in originals], typing)


def clauses(parsed, language, expand, synonyms=()):
    """Return one Clause per searchable word; `expand(word)` gives a typed prefix's terms.

    `synonyms` are groups of equivalent words or phrases; a query word (or phrase) found in
    a group also matches, as the same clause, the terms of the group's other entries.
    """
    out = []
    last = len(parsed.words) - 1
    extra = synonym_terms(parsed, language, synonyms) if synonyms else {}
    for i, word in enumerate(parsed.words):
        terms = language.terms(word)
        if i in extra:
            terms = tuple(dict.fromkeys(terms + extra[i]))
        expansions = ()
        if parsed.typing and i == last and len(fold(word)) >= MIN_PREFIX:
            expansions = expand(word)
        if terms or expansions:
            out.append(Clause(word, terms, expansions, language.pair_key(word)))
    return out


def synonym_terms(parsed, language, synonyms):
    """Return {query word position: extra terms} for the words matching a synonym entry.

    Entries match on stems, so "cancelé" finds the group of "cancelar"; a phrase entry
    matches consecutive query words (stop words between them are skipped), and each of
    those words then also matches every other entry of the group.
    """
    keyed = [(i, language.pair_key(w)) for i, w in enumerate(parsed.words)]
    keyed = [(i, key) for i, key in keyed if key]
    keys = [key for _, key in keyed]
    extra = {}
    for group in synonyms:
        entries = [_entry_words(entry, language) for entry in group]
        for at, entry in enumerate(entries):
            for start in _occurrences(keys, [key for key, _ in entry]):
                others = tuple(t for other, words in enumerate(entries) if other != at
                               for _, terms in words for t in terms)
                for i, _ in keyed[start:start + len(entry)]:
                    extra[i] = extra.get(i, ()) + others
    return extra


def _entry_words(entry, language):
    """Return [(pair key, terms)] of a synonym entry's non-stop words."""
    words = [w.casefold() for w in WORD_RE.findall(unicodedata.normalize("NFC", entry))]
    return [(language.pair_key(w), language.terms(w)) for w in words if language.terms(w)]


def _occurrences(keys, wanted):
    """Yield each start where `wanted` occurs as consecutive items of `keys`."""
    if not wanted:
        return
    for start in range(len(keys) - len(wanted) + 1):
        if keys[start:start + len(wanted)] == wanted:
            yield start


def prefix_terms(snapshot, scope, language, site, word):
    """Return the index terms of the most frequent visible words starting with `word`.

    Ranks at most PREFIX_SCAN words of the site's vocabulary and keeps MAX_EXPANSIONS
    that a document in `scope` contains, so a two-letter prefix stays cheap on any
    number of articles, and restricted articles lend no completions.
    """
    key = ("prefix", word)
    if key in scope.memo:
        return scope.memo[key]
    field = field_name("spell", language.code)
    words, counts = snapshot.vocabulary(field, site)
    candidates = set()
    for prefix in {word, fold(word)}:
        lo = bisect_left(words, prefix)
        hi = bisect_left(words, prefix + "\U0010ffff", lo, min(len(words), lo + PREFIX_SCAN))
        candidates.update(words[lo:hi])
    chosen = []
    for candidate in heapq.nlargest(MAX_EXPANSIONS * 3, candidates, key=counts.__getitem__):
        postings = snapshot.postings(field, spell_term(site, candidate))[0]
        if scope.localize(postings).size:
            chosen.append(candidate)
            if len(chosen) == MAX_EXPANSIONS:
                break
    terms = tuple(dict.fromkeys(t for w in chosen for t in language.terms(w)))
    if len(scope.memo) > 4096:
        scope.memo.clear()
    scope.memo[key] = terms
    return terms

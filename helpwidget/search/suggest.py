"""Did you mean: correct query words that no visible article contains."""
from bisect import bisect_left

from rapidfuzz import process
from rapidfuzz.distance import OSA

from helpwidget.search.analysis import fold
from helpwidget.search.schema import field_name, spell_term

MAX_CANDIDATES = 30


def suggestion(snapshot, scope, language, site, parsed, clauses, confident_only=False):
    """Return the query with unknown words corrected, or None when nothing needs correcting.

    A word is unknown when no document in `scope` (what this reader may see) matches
    it. Candidates come from the site's spelling vocabulary, and each one is kept only
    if a document in `scope` contains it, so words that occur only in articles this
    reader cannot see never surface. When the query found results already
    (`confident_only`), only one-edit corrections are offered: a real word that merely
    is not in the help center ("pongo") must not be "corrected" to a distant one ("pago").
    """
    known = {c.word for c in clauses if c.df}
    searched = {c.word for c in clauses}
    corrected, changed, attempts = [], False, 0
    for original, word in zip(parsed.originals, parsed.words, strict=True):
        fix = None
        if word in searched and word not in known and not word.isdigit() and attempts < 3:
            attempts += 1
            fix = correction(snapshot, scope, language, site, word, 1 if confident_only else 2)
        corrected.append(fix or original)
        changed = changed or fix is not None
    return " ".join(corrected) if changed else None


def correction(snapshot, scope, language, site, word, max_distance=2):
    """Return the closest visible word to a misspelt one, or None."""
    folded = fold(word)
    if len(folded) < 3:
        return None
    field = field_name("spell", language.code)
    best = None
    for candidate in _candidates(snapshot.vocabulary(field, site)[0], folded, max_distance):
        if fold(candidate) == folded:
            continue
        term = spell_term(site, candidate)
        visible = scope.localize(snapshot.postings(field, term)[0]).size
        if not visible:
            continue
        # Closest first, then the most common, then the accented spelling of a word.
        key = (OSA.distance(folded, fold(candidate)), -visible, candidate.isascii(), candidate)
        if best is None or key < best[0]:
            best = (key, candidate)
    return best[1] if best else None


def _candidates(vocabulary, folded, max_distance):
    """Return words of the sorted vocabulary within `max_distance` edits of `folded`.

    Misspellings rarely touch the first letter, so only words sharing it are compared
    (a few thousand at most), plus the word with its first two letters swapped.
    """
    lo = bisect_left(vocabulary, folded[0])
    hi = bisect_left(vocabulary, chr(ord(folded[0]) + 1))
    # Two edits in a short word reach too many unrelated words.
    limit = min(max_distance, 1 if len(folded) <= 7 else 2)
    found = [word for word, _, _ in process.extract(
        folded, vocabulary[lo:hi], scorer=OSA.distance, score_cutoff=limit, limit=MAX_CANDIDATES)]
    swapped = folded[1] + folded[0] + folded[2:]
    at = bisect_left(vocabulary, swapped)
    if at < len(vocabulary) and vocabulary[at] == swapped:
        found.append(swapped)
    return found

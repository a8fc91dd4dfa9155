"""Snippets: a window of article text, HTML-escaped, with the matched words in <mark>."""
import html
import re
from functools import lru_cache

from helpwidget.search.analysis import fold

SNIPPET_CHARS = 220
LEAD = 50  # characters of context kept before the first match of a window
MAX_SPANS = 400
_SPACE_RE = re.compile(r"\s+")


class Highlighter:
    """Finds a query's words in article text and cuts snippets around them."""

    def __init__(self, language, terms, prefix=None):
        """`terms`: index terms to mark; `prefix`: the folded word being typed, if any."""
        self.language = language
        self.terms = frozenset(terms)
        self.prefix = prefix
        # Words start with their stem give or take its last letters ("policy" -> "polici"),
        # so a regex over the folded text finds candidates and analysis confirms them:
        # far cheaper than analysing every word of every snippet.
        starts = {t if len(t) <= 3 else t[:max(3, len(t) - 2)] for t in self.terms}
        if prefix:
            starts.add(prefix)
        self._candidates = _pattern(tuple(sorted(starts))) if starts else None
        self._verdicts = {}

    def snippet(self, text, folded):
        """Return the best-matching window of `text` as safe HTML, else the start of it.

        `folded` is fold_in_place(text): the same offsets, letters lowercased and folded.
        """
        spans = self._spans(text, folded) if len(folded) == len(text) else []
        if not spans:
            return _render(text, 0, _cut_end(text, SNIPPET_CHARS), [])
        _, first, last = _best_window(spans)
        spans = spans[first:last]
        start = _cut_start(text, max(0, spans[0][0] - LEAD))
        end = _cut_end(text, max(spans[-1][1], start + SNIPPET_CHARS))
        return _render(text, start, end, spans)

    def _spans(self, text, folded):
        """Return (start, end, term) of each matching word in text."""
        if self._candidates is None:
            return []
        spans = []
        for match in self._candidates.finditer(folded):
            term = self._match(text[match.start():match.end()].casefold())
            if term:
                spans.append((match.start(), match.end(), term))
                if len(spans) >= MAX_SPANS:
                    break
        return spans

    def _match(self, word):
        """Return the query term a word matches, or ""."""
        term = self._verdicts.get(word)
        if term is None:
            term = next((t for t in self.language.terms(word) if t in self.terms), "")
            if not term and self.prefix and fold(word).startswith(self.prefix):
                term = self.prefix
            self._verdicts[word] = term
        return term


@lru_cache(maxsize=1024)
def _pattern(starts):
    """Compile the regex of words beginning with any of `starts`."""
    alternatives = "|".join(map(re.escape, starts))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _best_window(spans):
    """Return ((distinct terms, matches), first, last) of the best window of spans."""
    best = ((0, 0), 0, 1)
    last = 0
    for first, (start, _, _) in enumerate(spans):
        last = max(last, first + 1)
        while last < len(spans) and spans[last][1] - start <= SNIPPET_CHARS - LEAD:
            last += 1
        quality = (len({s[2] for s in spans[first:last]}), last - first)
        if quality > best[0]:
            best = (quality, first, last)
    return best


def _cut_start(text, start):
    """Move a window start forward to the beginning of a word."""
    if start <= 0:
        return 0
    space = text.find(" ", start, start + 20)
    return space + 1 if space >= 0 else start


def _cut_end(text, end):
    """Move a window end forward to the end of a word."""
    if end >= len(text):
        return len(text)
    space = text.find(" ", end, end + 20)
    return space if space >= 0 else end


def _render(text, start, end, spans):
    """Escape text[start:end], wrapping spans in <mark>, with ellipses where text was cut."""
    out = ["\u2026" if start > 0 else ""]
    position = start
    for span_start, span_end, _ in spans:
        if span_start < position or span_end > end:
            continue
        out.append(_escape(text[position:span_start]))
        out.append("<mark>" + _escape(text[span_start:span_end]) + "</mark>")
        position = span_end
    out.append(_escape(text[position:end]))
    out.append("\u2026" if end < len(text) else "")
    return "".join(out).strip()


def _escape(text):
    """HTML-escape text and collapse its whitespace."""
    return html.escape(_SPACE_RE.sub(" ", text), quote=True)

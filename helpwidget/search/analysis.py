"""Language analysis: words, case and accent folding, stop words and cached Snowball stems."""
import re
import threading
import unicodedata
from functools import lru_cache

import Stemmer
from whoosh.analysis import Analyzer, Token

from helpwidget.search.stopwords import STOPWORDS

WORD_RE = re.compile(r"[^\W_]+")
# A word, or an empty match for punctuation that ends a sentence.
_WORD_OR_STOP_RE = re.compile(r"([^\W_]+)|[.!?;:\n\r\u2022]")
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
# Longer "words" are hashes, URLs or base64; indexing them only bloats the vocabulary.
MAX_WORD = 40
_FOLD_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O",
                             "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "\u0131": "i"})
SNOWBALL = {"en": "english", "es": "spanish", "pl": "polish"}
GENERIC = "xx"


@lru_cache(maxsize=200_000)
def fold_word(word):
    """Fold one word, cached: vocabularies repeat the same words endlessly."""
    return fold(word)


def fold(text):
    """Strip accents and map letters like "ł" to their plain Latin base."""
    if text.isascii():
        return text
    text = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(c for c in text if not unicodedata.combining(c))


def _fold_one_table():
    """Map Latin letters to one lowercase folded letter each ("Ł" -> "l", "ß" -> "s")."""
    table = {}
    for code in range(0x41, 0x250):
        folded = fold(chr(code).lower())
        if folded and folded != chr(code):
            table[code] = folded[0]
    return table


_FOLD_ONE = _fold_one_table()


def fold_in_place(text):
    """Lowercase and fold Latin letters one character for one, keeping every offset."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a rare letter like "İ" lowercases to two characters
        return text.translate(_FOLD_ONE)
    # Only the few non-ASCII characters need a look-up; translate() would visit them all.
    return _NON_ASCII_RE.sub(lambda m: _FOLD_ONE.get(ord(m.group()), m.group()), lowered)


class Language:
    """The analysis of one language: stop words and stems, cached per word."""

    def __init__(self, code, algorithm=None, stopwords=()):
        self.code = code
        self.stopwords = frozenset(fold(w) for w in stopwords)
        self._stemmer = Stemmer.Stemmer(algorithm) if algorithm else None
        # PyStemmer objects are not thread-safe.
        self._lock = threading.Lock()
        self.terms = lru_cache(maxsize=200_000)(self._terms)

    def _terms(self, word):
        """Return the index terms of a lowercased word; () for a stop word.

        The first term is the stem of the word as written, folded afterwards, so
        Snowball still sees the diacritics it needs ("płatności" -> "platnosc"). When
        stemming the folded word gives something else ("wystawic" vs "wystawić"), that
        stem is a second term, so text typed without diacritics matches either way.
        """
        folded = fold(word)
        if folded in self.stopwords:
            return ()
        if self._stemmer is None:
            return (folded,)
        with self._lock:
            stem = self._stemmer.stemWord(word)
            folded_stem = self._stemmer.stemWord(folded) if folded != word else stem
        stem = fold(stem)
        return (stem,) if stem == folded_stem else (stem, folded_stem)

    def pair_key(self, word):
        """Return the term adjacent words are paired on, or None for a stop word."""
        terms = self.terms(word)
        # The stem of the folded word is the same whether or not the reader typed accents.
        return terms[-1] if terms else None

    def analyze(self, text):
        """Split text into sentences of (word, terms) for its non-stop words."""
        sentences, sentence = [], []
        terms = self.terms
        for word in _WORD_OR_STOP_RE.findall(text.casefold()):
            if not word:
                if sentence:
                    sentences.append(sentence)
                    sentence = []
            elif len(word) <= MAX_WORD:
                found = terms(word)
                if found:
                    sentence.append((word, found))
        if sentence:
            sentences.append(sentence)
        return sentences


LANGUAGES = {code: Language(code, algorithm, STOPWORDS[code])
             for code, algorithm in SNOWBALL.items()}
LANGUAGES[GENERIC] = Language(GENERIC)


def language_code(locale):
    """Return the analysis language of a locale ("es-MX" -> "es"; unknown -> generic)."""
    code = (locale or "").split("-")[0].split("_")[0].lower()
    return code if code in SNOWBALL else GENERIC


def language_for(locale):
    """Return the Language that analyzes text of `locale`."""
    return LANGUAGES[language_code(locale)]


class LanguageAnalyzer(Analyzer):
    """Whoosh analyzer for one language, so Whoosh tools analyze text like the index does."""

    def __init__(self, code):
        self.code = code

    def __repr__(self):
        return f"LanguageAnalyzer({self.code!r})"

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, mode="", **kwargs):
        language = LANGUAGES[self.code]
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for match in WORD_RE.finditer(value):
            word = match.group().casefold()
            if len(word) > MAX_WORD:
                continue
            for term in language.terms(word):
                token.text, token.boost, token.stopped = term, 1.0, False
                if keeporiginal:
                    token.original = match.group()
                if positions:
                    token.pos = pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token
            pos += 1

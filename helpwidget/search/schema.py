"""The Whoosh schema: filter fields, per-language text fields, and what is stored to display."""
import itertools
import unicodedata
import zlib

from whoosh import columns, formats
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import COLUMN, ID, STORED, FieldType, Schema

from helpwidget.search.analysis import (
    LANGUAGES,
    LanguageAnalyzer,
    fold_in_place,
    fold_word,
    language_code,
)

# Searched text fields of each language: title, summary+tags, body. Each language also
# has "pairs" (adjacent words, for phrase bonuses) and "spell" (its vocabulary). Every term
# of these fields is prefixed by its site (site_term), so a search reads only its own
# site's postings however many sites one server holds.
TEXT_FIELDS = ("title", "meta", "body")
PUBLIC = "*"
# Stored text is only read to cut snippets; past this a match is summarised, not shown.
STORED_BODY = 4000
STORED_SUMMARY = 600
MAX_LENGTH = 65535
PAIR_BUCKETS = 1 << 13
SITE_SEPARATOR = "\x1f"
# Phrase evidence is indexed for the title, summary, tags and the opening of the body,
# where an article states its topic; pairs of the whole body would double indexing time.
PAIRS_FROM_BODY = 60


def field_name(kind, code):
    """Return the name of a per-language field, e.g. ("title", "es") -> "title_es"."""
    return f"{kind}_{code}"


def build_schema():
    """Return the schema of the article index."""
    schema = Schema(
        id=ID(stored=True, unique=True),
        site=ID(),
        locale=ID(),
        kind=ID(stored=True),
        audience=ID(),
        slug=STORED(), title=STORED(), text=STORED(), folded=STORED(),
        # Marks the layout of site-prefixed terms: an index written before it is rebuilt.
        site_terms=STORED(),
        category_slug=STORED(), category_title=STORED(), updated=STORED(),
        # BM25F reads exact lengths and popularity per document as arrays.
        views=COLUMN(columns.NumericColumn("I")),
        **{f"{kind}_len": COLUMN(columns.NumericColumn("H")) for kind in TEXT_FIELDS},
    )
    for code in LANGUAGES:
        analyzer = LanguageAnalyzer(code)
        for kind in (*TEXT_FIELDS, "pairs"):
            schema.add(field_name(kind, code), FieldType(formats.Frequency(), analyzer))
        # Every distinct word as written and folded, prefixed by the site so that each
        # tenant's vocabulary is one contiguous range: the source of suggestions and prefixes.
        schema.add(field_name("spell", code), FieldType(formats.Existence(), analyzer))
    return schema


def index_fields(doc):
    """Return the Whoosh field values of an ArticleDoc, analyzing each text once.

    Text fields get lists of ready terms (Whoosh indexes a list as given), so
    analysis runs once per text rather than once per field.
    """
    code = language_code(doc.locale)
    language = LANGUAGES[code]
    # One Unicode form, so "é" typed precomposed matches "é" stored decomposed.
    title, summary, body = (unicodedata.normalize("NFC", t or "")
                            for t in (doc.title, doc.summary, doc.body))
    tags = [unicodedata.normalize("NFC", t) for t in doc.tags if t]
    title_words = language.analyze(title)
    meta_words = language.analyze(summary) + language.analyze("\n".join(tags))
    body_words = language.analyze(body)
    # Snippets are cut from the summary and the start of the body; the folded copy
    # lets them find matches with a plain regex, at the same offsets.
    text = (summary[:STORED_SUMMARY] + "\n" + body[:STORED_BODY]).strip()
    fields = {
        "id": str(doc.id), "site": doc.site, "locale": doc.locale, "kind": doc.kind,
        "audience": [a for a in doc.audience if a] or [PUBLIC],
        "slug": doc.slug, "title": title, "text": text, "folded": fold_in_place(text),
        "category_slug": doc.category_slug, "category_title": doc.category_title,
        "updated": doc.updated, "views": max(0, min(int(doc.views or 0), 2**32 - 1)),
        field_name("pairs", code): [site_term(doc.site, pair) for pair in
                                    _pairs(title_words + meta_words + _lead(body_words))],
        field_name("spell", code): _spellings(doc.site, title_words + meta_words + body_words),
    }
    for kind, sentences in zip(TEXT_FIELDS, (title_words, meta_words, body_words), strict=True):
        terms = [site_term(doc.site, t) for sentence in sentences for _, ts in sentence
                 for t in ts]
        fields[field_name(kind, code)] = terms
        fields[f"{kind}_len"] = min(sum(len(s) for s in sentences), MAX_LENGTH)
    return fields


def pair_term(a, b):
    """Return the hashed term of two adjacent words' pair keys.

    Distinct word pairs outnumber words ten to one, and Whoosh pays per distinct term
    in every segment it writes; hashing pairs into PAIR_BUCKETS keeps that bounded.
    An article's ~70 pairs fill about 1% of the buckets, so a collision rarely lends
    a phrase bonus, and only to an article holding both words anyway.
    """
    return format(zlib.crc32(f"{a} {b}".encode()) % PAIR_BUCKETS, "04x")


def _pairs(sentences):
    """Return the pair terms of adjacent non-stop words within each sentence."""
    pairs = []
    for sentence in sentences:
        # Same key as Language.pair_key: the stem of the folded word.
        keys = [terms[-1] for _, terms in sentence]
        pairs.extend(pair_term(a, b) for a, b in itertools.pairwise(keys))
    return pairs


def _lead(sentences):
    """Return the sentences holding the first PAIRS_FROM_BODY words of a body."""
    lead, count = [], 0
    for sentence in sentences:
        if count >= PAIRS_FROM_BODY:
            break
        lead.append(sentence)
        count += len(sentence)
    return lead


def site_term(site, term):
    """Return a term as indexed for one site: the site's key, a separator, the term."""
    return f"{site}{SITE_SEPARATOR}{term}"


# The spelling vocabulary is keyed the same way.
spell_term = site_term


def _spellings(site, sentences):
    """Return the spelling terms of each distinct word, as written (lowercased) and folded."""
    found = {word for sentence in sentences for word, _ in sentence
             if len(word) > 1 and not word.isdigit()}
    found |= {fold_word(word) for word in found}
    return [spell_term(site, word) for word in found]


class ArticleCodec(W3Codec):
    """Whoosh's codec without per-block length statistics.

    Whoosh looks up each posting's field length at commit only to let its own scorer
    skip blocks; our BM25F reads lengths from the *_len columns, and the look-ups were
    a third of indexing time.
    """

    length_stats = False

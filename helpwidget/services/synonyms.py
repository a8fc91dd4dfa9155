"""Search synonyms of a site and language: the groups admins manage, applied at query time.

Groups take effect on the next search (the engine expands queries with them); nothing is
reindexed. Every change is recorded in the audit trail in the same commit.
"""
import re

from flask_babel import lazy_gettext as _l

from helpwidget.errors import Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import SearchSynonym
from helpwidget.search.analysis import WORD_RE, fold
from helpwidget.services import audit
from helpwidget.services.timeutil import utcnow

MIN_TERMS, MAX_TERMS = 2, 20
MAX_TERM_CHARS = 60
MAX_TERM_WORDS = 4
_SPACES = re.compile(r"\s+")


def groups(site, locale):
    """Return the synonym groups of a site's language as lists of words or phrases."""
    rows = db.session.execute(db.select(SearchSynonym.terms).where(
        SearchSynonym.site_id == site.id, SearchSynonym.locale == locale)).scalars()
    return [list(terms) for terms in rows if terms]


def listing(site, locale=None):
    """Return the site's synonym groups, of one language or all, by language then age."""
    query = db.select(SearchSynonym).filter_by(site_id=site.id)
    if locale:
        query = query.filter_by(locale=locale)
    return db.session.execute(query.order_by(SearchSynonym.locale, SearchSynonym.id)
                              ).scalars().all()


def get(site, synonym_id):
    """Return the site's synonym group `synonym_id`, or raise NotFound."""
    row = db.session.get(SearchSynonym, synonym_id) if isinstance(synonym_id, int) else None
    if row is None or row.site_id != site.id:
        raise NotFound(_l("This synonym group does not exist."))
    return row


def create(site, locale, terms, *, actor=None, address=""):
    """Add a group of equivalent words to one of the site's languages."""
    problems = {}
    if not locale or not site.speaks(locale):
        # The site's languages are a setting of their own: a group never adds one.
        problems["locale"] = [_l("This site's help center is not in this language.")]
    cleaned = _checked(terms, problems)
    row = SearchSynonym(site_id=site.id, locale=locale, terms=cleaned)
    db.session.add(row)
    db.session.flush()
    audit.record(actor, "content", "synonym.create", site=site, target=label(cleaned),
                 target_id=row.id, address=address,
                 changes={"locale": [None, locale], "terms": [None, cleaned]})
    db.session.commit()
    return row


def update(site, row, terms, *, actor=None, address=""):
    """Replace the words of a synonym group; its language stays."""
    cleaned = _checked(terms, {})
    before = list(row.terms or [])
    if cleaned == before:
        return row
    row.terms = cleaned
    row.updated_at = utcnow()
    audit.record(actor, "content", "synonym.update", site=site, target=label(cleaned),
                 target_id=row.id, address=address, changes={"terms": [before, cleaned]})
    db.session.commit()
    return row


def delete(site, row, *, actor=None, address=""):
    """Remove a synonym group; searches stop using it at once."""
    terms = list(row.terms or [])
    audit.record(actor, "content", "synonym.delete", site=site, target=label(terms),
                 target_id=row.id, address=address,
                 changes={"locale": [row.locale, None], "terms": [terms, None]})
    db.session.delete(row)
    db.session.commit()


def label(terms):
    """Return a group as people read it: "anular ↔ cancelar ↔ void"."""
    return " ↔ ".join(terms)


def key(term):
    """Return what tells two entries apart: their words, lowercased and without accents."""
    return " ".join(WORD_RE.findall(fold(term.lower())))


def _checked(terms, problems):
    """Return the group's entries tidied (spaces collapsed), or raise Invalid naming each fault.

    `problems` may already hold faults of other fields; all are reported at once.
    """
    if not isinstance(terms, list) or not MIN_TERMS <= len(terms) <= MAX_TERMS:
        problems["terms"] = [_l("Enter between {min} and {max} words or phrases.").format(
            min=MIN_TERMS, max=MAX_TERMS)]
        raise Invalid(_l("Check the synonym group."), fields=problems)
    cleaned, seen = [], set()
    for index, term in enumerate(terms):
        field = f"terms.{index}"
        text = _SPACES.sub(" ", term).strip() if isinstance(term, str) else ""
        cleaned.append(text)
        if not 1 <= len(text) <= MAX_TERM_CHARS:
            problems[field] = [_l("Enter between {min} and {max} characters.").format(
                min=1, max=MAX_TERM_CHARS)]
            continue
        words = len(WORD_RE.findall(text))
        if not 1 <= words <= MAX_TERM_WORDS:
            problems[field] = [_l("Use between {min} and {max} words.").format(
                min=1, max=MAX_TERM_WORDS)]
            continue
        if key(text) in seen:
            problems[field] = [_l("This word is already in the group.")]
        seen.add(key(text))
    if problems:
        raise Invalid(_l("Check the synonym group."), fields=problems)
    return cleaned

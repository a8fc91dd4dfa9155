"""Search synonyms of a site and language: the groups admins manage, applied at query time."""
from helpwidget.extensions import db
from helpwidget.models import SearchSynonym


def groups(site, locale):
    """Return the synonym groups of a site's language as lists of words or phrases."""
    rows = db.session.execute(db.select(SearchSynonym.terms).where(
        SearchSynonym.site_id == site.id, SearchSynonym.locale == locale)).scalars()
    return [list(terms) for terms in rows if terms]

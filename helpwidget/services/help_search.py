"""Searching a help center as a reader: the site's synonyms applied, the search recorded."""
import logging

from helpwidget import search as search_index
from helpwidget.extensions import db
from helpwidget.search import query as search_query
from helpwidget.services import search_insights, synonyms

log = logging.getLogger(__name__)


def search(site, locale, q, *, account_type, kind=None, page=1, per_page=10, community=False,
           visitor=None, source="search", record=True):
    """Return the index's results for the reader plus `search_id` (None when not recorded).

    With `record`, a query with words is recorded for the site's insights (when it has them
    on); a failure to record is logged and the results are answered all the same.
    """
    found = search_index.get_index().search(
        site.key, locale, q, account_type=account_type, kind=kind, page=page,
        per_page=per_page, community=community, synonyms=synonyms.groups(site, locale))
    found["search_id"] = None
    if record and site.insights_enabled and search_query.parse(q).words:
        key = site.key
        try:
            found["search_id"] = search_insights.record(site, locale, q, found["total"],
                                                        visitor=visitor, source=source)
        except Exception:  # the reader came for answers: insights must never cost them
            db.session.rollback()  # first: the failed flush left the session unusable
            log.exception("could not record a search of site %s", key)
    return found

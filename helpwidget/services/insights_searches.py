"""What readers searched for: the top queries, those that found nothing or got no click, gaps.

The four lists come from one GROUP BY query over the site's searches (the search box;
suggestions shown while writing a request or chat count in the totals, not here): the
grouped rows are computed once and each list takes its top rows from them.
"""
from sqlalchemy import func, literal, union_all

from helpwidget.extensions import db
from helpwidget.models import SearchEvent
from helpwidget.services.insights_scope import (
    CLICKED,
    NO_CLICK,
    count_if,
    rate,
    search_filter,
)
from helpwidget.services.timeutil import aware, iso

LISTS = ("top_searches", "no_results", "no_clicks", "gaps")
# A query is a content gap once readers tried it this often and clicked this rarely.
GAP_MIN_COUNT = 2
GAP_MAX_CTR = 0.25


def _grouped(scope):
    """Return the scope's searches grouped by query, with the figures of every list.

    Few aggregates on purpose (each costs on every row): a click needs a result, so clicks
    are also the clicked searches with results, and those with results are count - empty.
    """
    empty = SearchEvent.results == 0
    return db.select(
        SearchEvent.query.label("query"), func.count().label("count"),
        func.max(SearchEvent.results).label("results"), count_if(CLICKED).label("clicks"),
        count_if(empty).label("empty"),
        func.max(SearchEvent.created_at).filter(empty).label("last_empty"),
        count_if(NO_CLICK).label("unclicked"),
    ).where(search_filter(scope)).group_by(SearchEvent.query).cte("per_query")


def _branch(grouped, name, limit):
    """Return the top `limit` grouped rows of one list, tagged with the list's name."""
    g = grouped.c
    where, order = {
        "top_searches": ((), (g.count.desc(), g.query)),
        "no_results": ((g.empty > 0,), (g.empty.desc(), g.last_empty.desc(), g.query)),
        "no_clicks": ((g.unclicked > 0,), (g.unclicked.desc(), g.query)),
        "gaps": ((g.count >= GAP_MIN_COUNT, (g.count == g.empty)
                  | (g.clicks < (g.count - g.empty) * GAP_MAX_CTR)),
                 (g.count.desc(), g.query)),
    }[name]
    top = db.select(literal(name).label("list"), *g).where(*where).order_by(*order) \
        .limit(limit).subquery()
    return db.select(*top.c)


# How each list orders its rows (again in Python: a UNION keeps no order).
_ORDER = {"top_searches": lambda r: (-r.count, r.query),
          "no_results": lambda r: (-r.empty, -aware(r.last_empty).timestamp(), r.query),
          "no_clicks": lambda r: (-r.unclicked, r.query),
          "gaps": lambda r: (-r.count, r.query)}


def lists(scope, limit, names=LISTS):
    """Return {list name: rows} of the named lists, each at most `limit` rows."""
    grouped = _grouped(scope)
    found = {name: [] for name in names}
    branches = [_branch(grouped, name, limit) for name in names]
    for row in db.session.execute(union_all(*branches) if len(branches) > 1 else branches[0]):
        found[row.list].append(row)
    return {name: [_SHAPES[name](r) for r in sorted(rows, key=_ORDER[name])]
            for name, rows in found.items()}


def _reason(row):
    """Say why a query is a gap: it found nothing, nothing was opened, or too little was."""
    if row.count == row.empty:
        return "no_results"
    return "no_clicks" if not row.clicks else "low_ctr"


_SHAPES = {
    "top_searches": lambda r: {"query": r.query, "count": r.count, "results": r.results,
                               "clicks": r.clicks,
                               "click_through_rate": rate(r.clicks, r.count - r.empty)},
    "no_results": lambda r: {"query": r.query, "count": r.empty,
                             "last_seen": iso(r.last_empty)},
    "no_clicks": lambda r: {"query": r.query, "count": r.unclicked, "results": r.results},
    "gaps": lambda r: {"query": r.query, "count": r.count, "results": r.results,
                       "clicks": r.clicks, "reason": _reason(r)},
}


def table(name):
    """Return a function(scope, limit) answering one list, for the CSV exports."""
    return lambda scope, limit: lists(scope, limit, (name,))[name]

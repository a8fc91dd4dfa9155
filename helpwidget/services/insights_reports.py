"""The Insights page of a site: totals, a day-by-day series and the lists behind them.

Everything is counted in SQL (GROUP BY); only aggregated rows come back to Python. The page
reads the site's searches twice: grouped by day (the series, whose sums are the totals) and
grouped by query (every list of queries).
"""
from sqlalchemy import func

from helpwidget.extensions import db
from helpwidget.models import SearchEvent
from helpwidget.services import insights_articles, insights_searches
from helpwidget.services.insights_scope import (
    CLICKED,
    EXPORT_LIMIT,
    LIST_LIMIT,
    NO_CLICK,
    Scope,
    as_day,
    count_if,
    event_filter,
    rate,
    utc_day,
)

__all__ = ["Scope", "TABLES", "daily", "report", "table", "totals"]

_SEARCH = SearchEvent.source == "search"
# What is counted per day: the series shows four, the totals sum them all.
# (A click needs a result: clicked searches are all among those with results.)
_COUNTS = {"events": func.count(), "searches": count_if(_SEARCH),
           "no_results": count_if(_SEARCH & (SearchEvent.results == 0)),
           "no_clicks": count_if(_SEARCH & NO_CLICK), "clicks": count_if(_SEARCH & CLICKED),
           "contacted": count_if(SearchEvent.contacted.is_(True)),
           "solved": count_if(SearchEvent.solved.is_(True))}


def daily(scope):
    """Return {day: {count name: n}} of the days of the range that have events."""
    day = utc_day(SearchEvent.created_at)
    rows = db.session.execute(db.select(day, *_COUNTS.values()).where(event_filter(scope))
                              .group_by(day))
    return {as_day(row[0]): dict(zip(_COUNTS, row[1:], strict=True)) for row in rows}


def series(scope, limit=None, days=None):
    """Return one row per day of the range, days without events counted as zero."""
    days = daily(scope) if days is None else days
    zero = dict.fromkeys(_COUNTS, 0)
    return [{"day": each.isoformat(),
             **{key: days.get(each, zero)[key]
                for key in ("searches", "no_results", "clicks", "contacted")}}
            for each in scope.days()]


def totals(scope, days=None):
    """Return the range's counts and rates (rates are 0..1, None when nothing to divide)."""
    days = daily(scope) if days is None else days
    summed = {key: sum(d[key] for d in days.values()) for key in _COUNTS}
    events, contacted = summed["events"], summed["contacted"]
    views, helpful, not_helpful = insights_articles.view_totals(scope)
    return {"searches": summed["searches"], "suggestion_views": events - summed["searches"],
            "no_results": summed["no_results"], "no_clicks": summed["no_clicks"],
            "clicks": summed["clicks"],
            "click_through_rate": rate(summed["clicks"],
                                       summed["searches"] - summed["no_results"]),
            "deflection_rate": rate(events - contacted, events),
            "contact_rate": rate(contacted, events), "solved": summed["solved"],
            "article_views": views, "helpful": helpful, "not_helpful": not_helpful}


# The tables of the page, each exportable as CSV: name -> function(scope, limit).
TABLES = {"series": series,
          **{name: insights_searches.table(name) for name in insights_searches.LISTS},
          "articles": insights_articles.articles, "feedback": insights_articles.feedback}


def table(scope, name, limit=EXPORT_LIMIT):
    """Return the rows of one table (as many as an export holds unless `limit` says fewer)."""
    return TABLES[name](scope, limit)


def report(site, scope):
    """Return the whole Insights page of a site: settings, totals, series and every list."""
    days = daily(scope)
    return {"range": {"from": scope.start.isoformat(), "to": scope.end.isoformat(),
                      "locale": scope.locale},
            "enabled": site.insights_enabled, "retention_days": site.insights_retention_days,
            "totals": totals(scope, days), "series": series(scope, days=days),
            **insights_searches.lists(scope, LIST_LIMIT),
            "articles": insights_articles.articles(scope, LIST_LIMIT),
            "feedback": insights_articles.feedback(scope, LIST_LIMIT)}

"""A site's support report: volume, response times, SLA, satisfaction, advisors and chats.

Counts are SQL aggregates. Periods, the weekday-by-hour map and percentiles are computed here
from one column of the range's rows, the same on SQLite and PostgreSQL, so days and hours
follow the site's own time zone (daylight saving included) without dialect-specific SQL.
"""
from sqlalchemy import and_, func

from helpwidget.extensions import db
from helpwidget.models import Advisor, Chat, Ticket
from helpwidget.services.reports_scope import percentile
from helpwidget.services.ticket_labels import priority_label
from helpwidget.services.timeutil import aware

RATINGS = (1, 2, 3, 4, 5)
COMMENTS_LIMIT = 50


def _tickets(scope):
    """Return the WHERE clause of the range's tickets; merged ones count in their target."""
    return and_(Ticket.site_id == scope.site_id, Ticket.created_at >= scope.since,
                Ticket.created_at < scope.until, Ticket.merged_into_id.is_(None))


def _chats(scope):
    """Return the WHERE clause of the range's chats."""
    return and_(Chat.site_id == scope.site_id, Chat.created_at >= scope.since,
                Chat.created_at < scope.until)


def _column(column, where):
    """Return the non-null values of a column over the rows, sorted."""
    return sorted(db.session.execute(
        db.select(column).where(where, column.isnot(None))).scalars())


def _spread(values):
    """Return the count, median and 90th percentile of sorted seconds."""
    return {"count": len(values), "median_seconds": percentile(values, 0.5),
            "p90_seconds": percentile(values, 0.9)}


def volume(scope):
    """Return tickets and chats opened per period, per category and channel, and by hour."""
    opened = {"tickets": [aware(t) for t in _column(Ticket.created_at, _tickets(scope))],
              "chats": [aware(c) for c in _column(Chat.created_at, _chats(scope))]}
    series = {period: {"tickets": 0, "chats": 0} for period in scope.periods()}
    heatmap = [[0] * 24 for _ in range(7)]
    for kind, moments in opened.items():
        for moment in moments:
            series.setdefault(scope.period_of(moment), {"tickets": 0, "chats": 0})[kind] += 1
            local = moment.astimezone(scope.zone)
            heatmap[local.weekday()][local.hour] += 1

    def counted(column):
        rows = db.session.execute(db.select(column, func.count()).where(_tickets(scope))
                                  .group_by(column).order_by(func.count().desc(), column))
        return [{"key": key, "tickets": count} for key, count in rows]

    return {"totals": {kind: len(moments) for kind, moments in opened.items()},
            "series": [{"period": period.isoformat(), **counts}
                       for period, counts in sorted(series.items())],
            "by_category": counted(Ticket.category), "by_channel": counted(Ticket.channel),
            "heatmap": heatmap}


def response(scope, now):
    """Return first response and resolution in business hours, and SLA met per priority."""
    where = _tickets(scope)
    sla = []
    rows = db.session.execute(db.select(Ticket.priority, Ticket.due_at, Ticket.first_response_at)
                              .where(where)).all()
    for priority in ("urgent", "high", "normal", "low"):
        # A ticket counts once its promise is decided: answered, or its deadline passed.
        decided = [(aware(due), first and aware(first)) for p, due, first in rows
                   if p == priority and (first is not None or aware(due) <= now)]
        met = sum(1 for due, first in decided if first is not None and first <= due)
        sla.append({"priority": priority, "label": priority_label(priority),
                    "tickets": len(decided), "met": met,
                    "rate": round(met / len(decided), 4) if decided else None})
    return {"first_response": _spread(_column(Ticket.first_response_business_seconds, where)),
            "resolution": _spread(_column(Ticket.resolution_business_seconds, where)),
            "sla": sla}


def _ratings(model, where):
    """Return the count, average and distribution of a kind's ratings."""
    counts = dict(db.session.execute(db.select(model.rating, func.count())
                                     .where(where, model.rating.isnot(None))
                                     .group_by(model.rating)).all())
    total = sum(counts.values())
    average = sum(r * n for r, n in counts.items()) / total if total else None
    return {"count": total, "average": round(average, 2) if average is not None else None,
            "distribution": {str(r): counts.get(r, 0) for r in RATINGS}}


def satisfaction(scope):
    """Return ratings of tickets and chats and the newest rating comments."""
    tickets = db.session.execute(
        db.select(Ticket.number, Ticket.rating, Ticket.rating_comment, Ticket.rated_at)
        .where(_tickets(scope), Ticket.rating.isnot(None), Ticket.rating_comment != "")
        .order_by(Ticket.rated_at.desc()).limit(COMMENTS_LIMIT)).all()
    chats = db.session.execute(
        db.select(Chat.id, Chat.rating, Chat.rating_comment, Chat.closed_at)
        .where(_chats(scope), Chat.rating.isnot(None), Chat.rating_comment != "")
        .order_by(Chat.closed_at.desc()).limit(COMMENTS_LIMIT)).all()
    comments = ([{"kind": "ticket", "ref": f"#{n}", "rating": r, "comment": c, "at": at}
                 for n, r, c, at in tickets] +
                [{"kind": "chat", "ref": f"chat {i}", "rating": r, "comment": c, "at": at}
                 for i, r, c, at in chats])
    comments.sort(key=lambda row: aware(row["at"]) if row["at"] else scope.since, reverse=True)
    return {"tickets": _ratings(Ticket, _tickets(scope)), "chats": _ratings(Chat, _chats(scope)),
            "comments": comments[:COMMENTS_LIMIT]}


def advisors(scope):
    """Return per advisor: tickets and chats handled, their medians and ratings."""
    tickets, chats = _tickets(scope), _chats(scope)
    figures = {}

    def row(advisor_id):
        return figures.setdefault(advisor_id, {"tickets": 0, "chats": 0, "first": [],
                                               "resolution": [], "ratings": []})

    for advisor_id, first, resolution, rating in db.session.execute(db.select(
            Ticket.assignee_id, Ticket.first_response_business_seconds,
            Ticket.resolution_business_seconds, Ticket.rating)
            .where(tickets, Ticket.assignee_id.isnot(None))):
        found = row(advisor_id)
        found["tickets"] += 1
        for key, value in (("first", first), ("resolution", resolution), ("ratings", rating)):
            if value is not None:
                found[key].append(value)
    for advisor_id, first, rating in db.session.execute(db.select(
            Chat.advisor_id, Chat.first_response_seconds, Chat.rating)
            .where(chats, Chat.advisor_id.isnot(None))):
        found = row(advisor_id)
        found["chats"] += 1
        if rating is not None:
            found["ratings"].append(rating)
    names = dict(db.session.execute(db.select(Advisor.id, Advisor.name)
                                    .where(Advisor.id.in_(figures))).all()) if figures else {}
    result = []
    for advisor_id, found in figures.items():
        ratings = found["ratings"]
        result.append({
            "id": advisor_id, "name": names.get(advisor_id, ""), "tickets": found["tickets"],
            "chats": found["chats"],
            "first_response_median_seconds": percentile(sorted(found["first"]), 0.5),
            "resolution_median_seconds": percentile(sorted(found["resolution"]), 0.5),
            "rating_average": round(sum(ratings) / len(ratings), 2) if ratings else None,
            "ratings": len(ratings)})
    return sorted(result, key=lambda r: (-(r["tickets"] + r["chats"]), r["name"], r["id"]))


def chats(scope):
    """Return the range's chats: answered, missed (became tickets), transfers, queue waits."""
    where = _chats(scope)
    total, answered, missed, transfers = db.session.execute(db.select(
        func.count(), func.count().filter(Chat.claimed_at.isnot(None)),
        func.count().filter(and_(Chat.claimed_at.is_(None), Chat.ticket_id.isnot(None))),
        func.coalesce(func.sum(Chat.transfer_count), 0)).where(where)).one()
    waits = _column(Chat.wait_seconds, where)
    return {"total": total, "answered": answered, "missed": missed, "transfers": int(transfers),
            "wait_median_seconds": percentile(waits, 0.5),
            "wait_p90_seconds": percentile(waits, 0.9)}


def report(scope, now):
    """Return the whole report of the scope."""
    return {"start": scope.start.isoformat(), "end": scope.end.isoformat(), "group": scope.group,
            "time_zone": scope.zone.key, "volume": volume(scope),
            "response": response(scope, now), "satisfaction": satisfaction(scope),
            "advisors": advisors(scope), "chats": chats(scope)}

"""The support report of a site, or of every site: volume, response times, SLA, satisfaction,
advisors and chats.

Every figure is an aggregate over the range's rows; the ones needing local days, hours and
percentiles go through services/reports_sql.py (SQL on PostgreSQL, Python on SQLite). Business
seconds are stored per ticket in its own site's support hours, so every site's figures are
aggregates of the same columns.
"""
from collections import Counter, defaultdict

from sqlalchemy import and_, func, or_

from helpwidget.extensions import db
from helpwidget.models import Advisor, Chat, Site, Ticket
from helpwidget.services import reports_labels, reports_sql
from helpwidget.services.ticket_labels import priority_label
from helpwidget.services.timeutil import aware

RATINGS = (1, 2, 3, 4, 5)
COMMENTS_LIMIT = 50


def _tickets(scope):
    """Return the WHERE clause of the range's tickets; merged ones count in their target."""
    return and_(scope.of_sites(Ticket.site_id), Ticket.created_at >= scope.since,
                Ticket.created_at < scope.until, Ticket.merged_into_id.is_(None))


def _chats(scope):
    """Return the WHERE clause of the range's chats."""
    return and_(scope.of_sites(Chat.site_id), Chat.created_at >= scope.since,
                Chat.created_at < scope.until)


def volume(scope):
    """Return tickets and chats opened per period, per category, channel and label, by hour."""
    series = {period: {"tickets": 0, "chats": 0} for period in scope.periods()}
    heatmap = [[0] * 24 for _ in range(7)]
    totals = {}
    for kind, column, where in (("tickets", Ticket.created_at, _tickets(scope)),
                                ("chats", Chat.created_at, _chats(scope))):
        totals[kind] = 0
        for (day, hour), count in reports_sql.opened_by_hour(column, where, scope.zone).items():
            day = reports_sql.as_date(day)
            period = scope.period_of_day(day)
            series.setdefault(period, {"tickets": 0, "chats": 0})[kind] += count
            heatmap[day.weekday()][hour] += count
            totals[kind] += count

    # Categories and channels come from one pass over the range's tickets.
    by_category, by_channel = Counter(), Counter()
    for category, channel, count in db.session.execute(
            db.select(Ticket.category, Ticket.channel, func.count()).where(_tickets(scope))
            .group_by(Ticket.category, Ticket.channel)):
        by_category[category] += count
        by_channel[channel] += count

    def counted(counts):
        return [{"key": key, "tickets": count} for key, count in
                sorted(counts.items(), key=lambda item: (-item[1], item[0] or ""))]

    return {"totals": totals,
            "series": [{"period": period.isoformat(), **counts}
                       for period, counts in sorted(series.items())],
            "by_category": counted(by_category), "by_channel": counted(by_channel),
            "heatmap": heatmap}


def labels(scope):
    """Return the volume's label part: {by_label: [{key, tickets, chats}], no_label}."""
    by_label, no_label = reports_labels.by_label(_tickets(scope), _chats(scope))
    return {"by_label": by_label, "no_label": no_label}


def response(scope, now):
    """Return first response and resolution in business hours, and SLA met per priority."""
    where = _tickets(scope)
    # A ticket counts once its promise is decided: answered, or its deadline passed.
    decided = or_(Ticket.first_response_at.isnot(None), Ticket.due_at <= now)
    counts = {priority: (total, met) for priority, total, met in db.session.execute(
        db.select(Ticket.priority, func.count().filter(decided),
                  func.count().filter(Ticket.first_response_at <= Ticket.due_at))
        .where(where).group_by(Ticket.priority))}
    sla = []
    for priority in ("urgent", "high", "normal", "low"):
        total, met = counts.get(priority, (0, 0))
        sla.append({"priority": priority, "label": priority_label(priority), "tickets": total,
                    "met": met, "rate": round(met / total, 4) if total else None})
    return {"first_response": reports_sql.spread(Ticket.first_response_business_seconds, where),
            "resolution": reports_sql.spread(Ticket.resolution_business_seconds, where),
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


def _site_keys(ids):
    """Return {site id: key} of these sites."""
    return dict(db.session.execute(db.select(Site.id, Site.key).where(Site.id.in_(ids))).all()) \
        if ids else {}


def satisfaction(scope):
    """Return ratings of tickets and chats and the newest rating comments."""
    tickets = db.session.execute(
        db.select(Ticket.site_id, Ticket.number, Ticket.rating, Ticket.rating_comment,
                  Ticket.rated_at)
        .where(_tickets(scope), Ticket.rating.isnot(None), Ticket.rating_comment != "")
        .order_by(Ticket.rated_at.desc()).limit(COMMENTS_LIMIT)).all()
    chats = db.session.execute(
        db.select(Chat.site_id, Chat.id, Chat.rating, Chat.rating_comment, Chat.closed_at)
        .where(_chats(scope), Chat.rating.isnot(None), Chat.rating_comment != "")
        .order_by(Chat.closed_at.desc()).limit(COMMENTS_LIMIT)).all()
    # Ticket numbers repeat across sites: every comment says its site.
    keys = _site_keys({row[0] for row in (*tickets, *chats)})
    comments = ([{"kind": "ticket", "ref": f"#{n}", "site": keys.get(s, ""), "rating": r,
                  "comment": c, "at": at} for s, n, r, c, at in tickets] +
                [{"kind": "chat", "ref": f"chat {i}", "site": keys.get(s, ""), "rating": r,
                  "comment": c, "at": at} for s, i, r, c, at in chats])
    comments.sort(key=lambda row: aware(row["at"]) if row["at"] else scope.since, reverse=True)
    return {"tickets": _ratings(Ticket, _tickets(scope)), "chats": _ratings(Chat, _chats(scope)),
            "comments": comments[:COMMENTS_LIMIT]}


def advisors(scope):
    """Return per advisor: tickets and chats handled, their medians and ratings (an advisor on
    several sites is one row of every site's figures when the scope covers them all)."""
    tickets, chats = _tickets(scope), _chats(scope)
    figures = defaultdict(lambda: {"tickets": 0, "chats": 0, "rated": 0, "rating_sum": 0})
    for kind, key, where in (("tickets", Ticket.assignee_id, tickets),
                             ("chats", Chat.advisor_id, chats)):
        model = key.class_
        for advisor_id, count, rated, rating_sum in db.session.execute(
                db.select(key, func.count(), func.count(model.rating),
                          func.coalesce(func.sum(model.rating), 0))
                .where(where, key.isnot(None)).group_by(key)):
            found = figures[advisor_id]
            found[kind] += count
            found["rated"] += rated
            found["rating_sum"] += int(rating_sum)
    first = reports_sql.medians_by(Ticket.assignee_id, Ticket.first_response_business_seconds,
                                   tickets)
    resolution = reports_sql.medians_by(Ticket.assignee_id, Ticket.resolution_business_seconds,
                                        tickets)
    names = dict(db.session.execute(db.select(Advisor.id, Advisor.name)
                                    .where(Advisor.id.in_(list(figures)))).all()) \
        if figures else {}
    result = [{
        "id": advisor_id, "name": names.get(advisor_id, ""), "tickets": found["tickets"],
        "chats": found["chats"], "first_response_median_seconds": first.get(advisor_id),
        "resolution_median_seconds": resolution.get(advisor_id),
        "rating_average": round(found["rating_sum"] / found["rated"], 2)
        if found["rated"] else None,
        "ratings": found["rated"]} for advisor_id, found in figures.items()]
    return sorted(result, key=lambda r: (-(r["tickets"] + r["chats"]), r["name"], r["id"]))


def chats(scope):
    """Return the range's chats: answered, missed (became tickets), transfers, queue waits."""
    where = _chats(scope)
    total, answered, missed, transfers = db.session.execute(db.select(
        func.count(), func.count().filter(Chat.claimed_at.isnot(None)),
        func.count().filter(and_(Chat.claimed_at.is_(None), Chat.ticket_id.isnot(None))),
        func.coalesce(func.sum(Chat.transfer_count), 0)).where(where)).one()
    waits = reports_sql.spread(Chat.wait_seconds, where)
    return {"total": total, "answered": answered, "missed": missed, "transfers": int(transfers),
            "wait_median_seconds": waits["median_seconds"],
            "wait_p90_seconds": waits["p90_seconds"]}


SECTIONS = ("volume", "labels", "response", "satisfaction", "advisors", "chats")


def report(scope, now, site_key, sections=SECTIONS):
    """Return the report of the scope; `site_key` names its site, or "*" for every one.

    Only `sections` are computed (a CSV of one table needs one); labels are part of volume.
    """
    found = {"site": site_key, "start": scope.start.isoformat(), "end": scope.end.isoformat(),
             "group": scope.group, "time_zone": scope.zone.key}
    if "volume" in sections:
        found["volume"] = volume(scope)
    if "labels" in sections:
        found.setdefault("volume", {}).update(labels(scope))
    if "response" in sections:
        found["response"] = response(scope, now)
    if "satisfaction" in sections:
        found["satisfaction"] = satisfaction(scope)
    if "advisors" in sections:
        found["advisors"] = advisors(scope)
    if "chats" in sections:
        found["chats"] = chats(scope)
    return found

"""Load 100,000 tickets and 100,000 chats into PostgreSQL and time the Reports page's queries.

Usage: python bench/reports_speed.py [--tickets 100000] [--chats 100000]
                                     [--database postgresql://127.0.0.1:5432/test]

Creates a throwaway database beside the one --database names (same server), makes the schema
through the migrations and bulk-loads (COPY) the tickets and chats of 10 sites over 120 days,
70% of them on one big site (the one timed), with categories, channels, priorities, advisors,
ratings and comments, answered, resolved, missed and transferred ones, opened more in working
hours than at night, and labels (8 per site; a third of the conversations have none, some
two). Then times, for the big site and for every site at once (the owner's "All sites") over
the last 30 and 90 days, 20 runs each, every section of the report, the whole JSON request and
one CSV request. Prints p50/p95 per query; the target is p95 <= 300 ms. Drops the database at
the end.
"""
import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import (
    insights_speed,  # noqa: E402
    results,  # noqa: E402
)
from bench.insights_speed import Database, copy_rows, migrated_app  # noqa: E402
from bench.stats import percentile  # noqa: E402

SITES = 10
DAYS = 120
RUNS = insights_speed.RUNS  # insights_speed.timed makes the calls
TARGET_MS = 300
ADVISORS = 12
CATEGORIES = ("technical_issue", "requests", "questions", "billing", "emergency")
CHANNELS = (("widget", 0.7), ("helpcenter", 0.15), ("chat", 0.1), ("community", 0.05))
PRIORITIES = (("low", 0.15), ("normal", 0.6), ("high", 0.18), ("urgent", 0.07))
LABELS = ("billing", "bug", "refund", "login", "invoice", "feature", "vip", "export")
LABELLED = ((0, 0.35), (1, 0.45), (2, 0.2))  # how many labels a conversation has


def pick(rng, weighted):
    """Return one value of (value, weight) pairs."""
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def opened_at(rng, now):
    """Return a moment in the last DAYS days, busier on weekdays between 8:00 and 18:00."""
    while True:
        moment = now - timedelta(seconds=rng.randrange(DAYS * 86400))
        busy = moment.weekday() < 5 and 8 <= moment.hour < 18
        if busy or rng.random() < 0.25:
            return moment


def site_of(rng, site_ids):
    """Return the big site 70% of the time, another otherwise."""
    return site_ids[0] if rng.random() < 0.7 else rng.choice(site_ids[1:])


def seed_sites(app):
    """Create the sites, their advisors (on the big site) and visitors; return their ids."""
    from helpwidget.extensions import db
    from helpwidget.models import Site, Visitor
    from helpwidget.services import advisors, sites

    with app.app_context():
        site_ids = [sites.save_site(f"bench-{n}", name=f"Bench {n}").id for n in range(SITES)]
        big = db.session.get(Site, site_ids[0])
        team = []
        for n in range(ADVISORS):
            advisor = advisors.create_advisor(f"bench{n}@reports.example.com", f"Advisor {n}",
                                              "bench password 1")
            advisors.add_membership(advisor, big, "advisor")
            team.append(advisor.id)
        token = advisors.issue_token(advisor)
        owner = advisors.create_advisor("owner@reports.example.com", "Owner", "bench password 1")
        owner.is_owner = True
        owner_token = advisors.issue_token(owner)
        visitors = {site_id: [] for site_id in site_ids}
        rows = [Visitor(site_id=s, token_hash=f"{s:08x}{n:056x}")
                for s in site_ids for n in range(500)]
        db.session.add_all(rows)
        db.session.flush()
        for row in rows:
            visitors[row.site_id].append(row.id)
        db.session.commit()
    return site_ids, team, visitors, (token, owner_token)


def seed_labels(app, rng):
    """Give every site LABELS and the tickets and chats 0, 1 or 2 of them (COPY)."""
    from helpwidget.extensions import db
    from helpwidget.models import Label, Site

    with app.app_context():
        db.session.add_all(Label(site_id=site_id, name=name) for site_id in
                           db.session.execute(db.select(Site.id)).scalars() for name in LABELS)
        db.session.commit()
        of_site = {}
        for label_id, site_id in db.session.execute(db.select(Label.id, Label.site_id)):
            of_site.setdefault(site_id, []).append(label_id)
        rows = {table: db.session.execute(db.text(f"SELECT id, site_id FROM {table}")).all()
                for table in ("tickets", "chats")}

    def links(conversations):
        for conversation_id, site_id in conversations:
            # The first labels of a site are the busiest, as in a real team.
            for label_id in rng.sample(of_site[site_id][:rng.choice((3, 8))],
                                       pick(rng, LABELLED)):
                yield conversation_id, label_id

    copy_rows(app, "ticket_labels", ("ticket_id", "label_id"), links(rows["tickets"]))
    copy_rows(app, "chat_labels", ("chat_id", "label_id"), links(rows["chats"]))


def ticket_rows(count, site_ids, team, rng, now):
    """Yield COPY rows of tickets."""
    for n in range(count):
        created = opened_at(rng, now)
        priority = pick(rng, PRIORITIES)
        answered = rng.random() < 0.9
        first = rng.randrange(60, 3 * 86400) if answered else None
        resolved = rng.randrange(first, 10 * 86400) if answered and rng.random() < 0.7 else None
        rating = rng.randint(1, 5) if resolved and rng.random() < 0.3 else None
        yield (site_of(rng, site_ids), 100000 + n, "Ana", "ana@example.com", "", False,
               "Bench request", rng.choice(CATEGORIES), "", "", "Text.", priority,
               "resolved" if resolved else "open", "[]", "es", "", pick(rng, CHANNELS),
               created + timedelta(hours=8), created + timedelta(seconds=first) if first else None,
               first, first and int(first * 0.4), resolved, resolved and int(resolved * 0.4),
               rng.choice(team) if answered else None, rating,
               "Good" if rating and rng.random() < 0.3 else "",
               created + timedelta(seconds=resolved) if rating else None, created, created)


TICKET_COLUMNS = (
    "site_id", "number", "requester_name", "requester_email", "account_id", "shared", "subject",
    "category", "subcategory", "platform", "description", "priority", "status", "cc", "locale",
    "page_route", "channel", "due_at", "first_response_at", "first_response_seconds",
    "first_response_business_seconds", "resolution_seconds", "resolution_business_seconds",
    "assignee_id", "rating", "rating_comment", "rated_at", "created_at", "updated_at")


def chat_rows(count, site_ids, team, visitors, rng, now):
    """Yield COPY rows of closed chats: most answered, some missed, a few transferred."""
    for _ in range(count):
        site_id = site_of(rng, site_ids)
        created = opened_at(rng, now)
        answered = rng.random() < 0.85
        wait = rng.randrange(5, 600) if answered else None
        rating = rng.randint(1, 5) if answered and rng.random() < 0.4 else None
        yield (site_id, rng.choice(visitors[site_id]), "", "", "", "", "es", "closed", 3, 3, 3,
               created, created + timedelta(minutes=15), "Thanks" if rating == 5 else "",
               rng.choice(team) if answered and site_id == site_ids[0] else None,
               created + timedelta(seconds=wait) if wait else None, wait,
               wait + rng.randrange(5, 120) if wait else None,
               1 if answered and rng.random() < 0.05 else 0, rating,
               created + timedelta(minutes=15))


CHAT_COLUMNS = (
    "site_id", "visitor_id", "visitor_name", "visitor_email", "topic", "page_route", "locale",
    "status", "last_seq", "visitor_read_seq", "advisor_read_seq", "created_at",
    "last_message_at", "rating_comment", "advisor_id", "claimed_at", "wait_seconds",
    "first_response_seconds", "transfer_count", "rating", "closed_at")


def timed(fn):
    """Return p50 and p95 in ms of RUNS calls of fn (after one warm-up call)."""
    took = insights_speed.timed(fn)
    return round(percentile(took, 0.5), 1), round(percentile(took, 0.95), 1)


def measure(app, site, tokens):
    """Time each section and the whole request over 30 and 90 days, for the big site and for
    every site; return {label: (p50, p95)}."""
    from helpwidget.extensions import db
    from helpwidget.models import Site
    from helpwidget.services import reports
    from helpwidget.services.reports_scope import ReportScope
    from helpwidget.services.timeutil import utcnow

    figures = {}
    client = app.test_client()
    with app.app_context():
        row = db.session.get(Site, site)
        today = utcnow().date()
        for days, key, token in ((30, "bench-0", tokens[0]), (90, "bench-0", tokens[0]),
                                 (30, "*", tokens[1]), (90, "*", tokens[1])):
            headers = {"Authorization": f"Bearer {token}"}
            start = today - timedelta(days=days - 1)
            scope = ReportScope.every_site(start, today) if key == "*" else \
                ReportScope.for_site(row, start, today)
            span = f"{days}d{' all sites' if key == '*' else ''}"
            now = utcnow()
            for name, fn in (("volume", lambda: reports.volume(scope)),
                             ("labels", lambda: reports.labels(scope)),
                             ("response", lambda: reports.response(scope, now)),
                             ("satisfaction", lambda: reports.satisfaction(scope)),
                             ("advisors", lambda: reports.advisors(scope)),
                             ("chats", lambda: reports.chats(scope))):
                figures[f"{name} {span}"] = timed(fn)
                db.session.rollback()
            query = f"from={scope.start}&to={scope.end}"
            figures[f"GET reports {span}"] = timed(lambda: check(client.get(
                f"/api/v1/advisor/sites/{key}/reports?{query}", headers=headers)))
            figures[f"GET labels.csv {span}"] = timed(lambda: check(client.get(
                f"/api/v1/advisor/sites/{key}/reports/labels.csv?{query}", headers=headers)))
    return figures


def check(response):
    """Fail loudly on an error answer: a fast 500 is not a figure."""
    if response.status_code != 200:
        sys.exit(f"{response.status_code}: {response.get_data(as_text=True)[:300]}")


def main():
    """Parse the arguments, load, measure, print and save the figures, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--chats", type=int, default=100_000)
    parser.add_argument("--database", default="postgresql://127.0.0.1:5432/test")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    from helpwidget.extensions import db

    database = Database(args.database)
    try:
        app = migrated_app(database)
        rng = random.Random(args.seed)
        now = datetime.now(UTC)
        started = time.perf_counter()
        site_ids, team, visitors, tokens = seed_sites(app)
        copy_rows(app, "tickets", TICKET_COLUMNS,
                  ticket_rows(args.tickets, site_ids, team, rng, now))
        copy_rows(app, "chats", CHAT_COLUMNS,
                  chat_rows(args.chats, site_ids, team, visitors, rng, now))
        seed_labels(app, rng)
        with app.app_context():
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
            big = db.session.execute(db.text(
                "SELECT (SELECT count(*) FROM tickets WHERE site_id = :s), "
                "(SELECT count(*) FROM chats WHERE site_id = :s)"), {"s": site_ids[0]}).one()
        print(f"loaded {args.tickets:,} tickets and {args.chats:,} chats of {SITES} sites over "
              f"{DAYS} days in {time.perf_counter() - started:.1f} s")
        print(f"timed site bench-0: {big[0]:,} tickets, {big[1]:,} chats; {RUNS} runs each, "
              f"target p95 <= {TARGET_MS} ms")
        figures = measure(app, site_ids[0], tokens)
        load_average = round(os.getloadavg()[0], 1)
        print(f"{os.cpu_count()} CPUs, load average {load_average} while timing")
        print(f"{'query':38} {'p50 ms':>8} {'p95 ms':>8}")
        for label, (p50, p95) in figures.items():
            mark = "" if p95 <= TARGET_MS else "  MISSES TARGET"
            print(f"{label:38} {p50:8.1f} {p95:8.1f}{mark}")
        sections = [p95 for label, (_p50, p95) in figures.items() if not label.startswith("GET")]
        print(f"worst section p95 {max(sections):.1f} ms: "
              f"{'ok' if max(sections) <= TARGET_MS else 'too slow'}")
        results.save("reports_speed", tickets=args.tickets, chats=args.chats, sites=SITES,
                     days=DAYS, target_p95_ms=TARGET_MS, load_average=load_average,
                     queries={k: {"p50_ms": v[0], "p95_ms": v[1]} for k, v in figures.items()})
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        database.drop()


if __name__ == "__main__":
    main()

"""Load 1,000,000 recorded searches into PostgreSQL and time the Insights page's queries.

Usage: python bench/insights_speed.py [--rows 1000000] [--database postgresql://127.0.0.1:5432/test]

Creates a throwaway database beside the one --database names (same server), makes the schema
through the migrations and bulk-loads (COPY) the searches of 200 sites over 90 days: a few big
sites (Zipf over sites), queries repeated as people repeat them (Zipf over queries), about 8%
of queries finding nothing. The biggest site also gets articles, daily views and ratings.
Then times, for that site over the last 30 and 90 days, 20 runs each: every query of the
Insights JSON answer, the whole JSON request, and each CSV export request. Prints p50/p95 per
query and the load time; the target is p95 <= 200 ms. Drops the database at the end.
"""
import argparse
import bisect
import hashlib
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import accumulate

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import results, throwaway_db  # noqa: E402
from bench.corpus import demo_texts  # noqa: E402
from bench.stats import percentile  # noqa: E402

SITES = 200
DAYS = 90
RUNS = 20
TARGET_MS = 200
LOCALES = ("es", "en", "pl")
# Share of searches in each language, and of each source (the rest are searches).
LOCALE_WEIGHTS = (0.6, 0.3, 0.1)
SOURCES = (("request", 0.08), ("chat", 0.04))
# Distinct queries a site's readers draw from, most of them rare.
VOCABULARY = 40_000


def zipf_cumulative(count, exponent):
    """Return cumulative Zipf weights of ranks 1..count, for random.choices or bisect."""
    return list(accumulate(1 / (rank ** exponent) for rank in range(1, count + 1)))


class Database:
    """A PostgreSQL database made for this run on the server --database names, dropped after."""

    def __init__(self, url):
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if not parsed.drivername.startswith("postgresql"):
            sys.exit("--database must be a PostgreSQL URL")
        self.name = f"{parsed.database or 'test'}_insights_bench_{os.getpid()}"
        self.url = parsed.set(drivername="postgresql+psycopg", database=self.name) \
            .render_as_string(hide_password=False)
        throwaway_db.create(self.url)

    def drop(self):
        """Drop the database this run created."""
        throwaway_db.drop(self.url)


def query_pool(rng):
    """Return VOCABULARY distinct normalised queries built from the demo help centers' words."""
    words = sorted({w.lower() for locale in LOCALES for text in demo_texts(locale)
                    for w in re.findall(r"[^\W\d_]{3,}", text["title"] + " " + text["body"])})
    pool = set()
    while len(pool) < VOCABULARY:
        pool.add(" ".join(rng.sample(words, rng.choice((1, 1, 2, 2, 2, 3, 4)))))
    return sorted(pool)


def query_traits(query):
    """Return (results, click chance) of a query, the same every time it is searched."""
    digest = hashlib.blake2b(query.encode(), digest_size=8).digest()
    results = 0 if digest[0] < 21 else 1 + digest[1] % 40  # about 8% find nothing
    return results, digest[2] / 255 * 0.8


def seed_sites(app):
    """Create the sites, a team member of the biggest, and its articles, readers and ratings."""
    from helpwidget.extensions import db
    from helpwidget.models import Article, Site, Visitor
    from helpwidget.services import advisors, sites

    with app.app_context():
        site_ids = [sites.save_site(f"bench-{n}", name=f"Bench {n}", default_locale="es",
                                    locales=list(LOCALES)).id for n in range(SITES)]
        advisor = advisors.create_advisor("bench@insights.example.com", "Bench", "bench password 1")
        advisors.add_membership(advisor, db.session.get(Site, site_ids[0]), "advisor")
        token = advisors.issue_token(advisor)
        big = site_ids[0]
        articles = [Article(site_id=big, locale=LOCALES[n % 3], slug=f"article-{n}",
                            title=f"Article {n}") for n in range(300)]
        readers = [Visitor(site_id=big, token_hash=f"{n:064x}") for n in range(3000)]
        db.session.add_all(articles + readers)
        db.session.flush()
        article_ids = [a.id for a in articles]
        reader_ids = [r.id for r in readers]
        db.session.commit()
    return site_ids, article_ids, reader_ids, token


def copy_rows(app, table, columns, rows):
    """COPY rows into a table through the app's database connection."""
    from helpwidget.extensions import db

    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            with raw.driver_connection.cursor() as cursor:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            raw.driver_connection.commit()
        finally:
            raw.close()


def event_rows(count, site_ids, article_ids, rng, now):
    """Yield `count` search_events rows: skewed over sites, Zipf over queries, 90 days."""
    pool = query_pool(rng)
    traits = [query_traits(q) for q in pool]
    site_weights = zipf_cumulative(len(site_ids), 1.1)
    query_weights = zipf_cumulative(len(pool), 1.0)
    top_q, top_s = query_weights[-1], site_weights[-1]
    seconds = DAYS * 86400
    for _ in range(count):
        site_rank = bisect.bisect(site_weights, rng.random() * top_s)
        # Each site ranks the pool its own way: its readers' favourite queries differ.
        rank = bisect.bisect(query_weights, rng.random() * top_q)
        index = (rank * 7919 + site_rank * 104_729) % len(pool)
        results, click_chance = traits[index]
        draw = rng.random()
        source = "request" if draw < SOURCES[0][1] else "chat" if draw < SOURCES[0][1] + \
            SOURCES[1][1] else "search"
        clicked = results > 0 and rng.random() < click_chance
        created = now - timedelta(seconds=rng.random() * seconds)
        locale = rng.choices(LOCALES, LOCALE_WEIGHTS)[0]
        article = rng.choice(article_ids) if clicked and site_rank == 0 else None
        yield (site_ids[site_rank], locale, source, pool[index], results, article,
               rng.randint(1, 5) if clicked else None, clicked and rng.random() < 0.1,
               rng.random() < 0.04, f"{rng.getrandbits(128):032x}", created, created)


def load(app, args, rng):
    """Create the sites and load every row; return (site id to time, token, load seconds)."""
    now = datetime.now(UTC)
    site_ids, article_ids, reader_ids, token = seed_sites(app)
    started = time.perf_counter()
    copy_rows(app, "search_events", (
        "site_id", "locale", "source", "query", "results", "clicked_article_id", "clicked_rank",
        "solved", "contacted", "visitor_hash", "created_at", "updated_at"),
        event_rows(args.rows, site_ids, article_ids, rng, now))
    events_seconds = time.perf_counter() - started
    views = {(rng.choice(article_ids), f"r{rng.randrange(20_000)}",
              (now - timedelta(days=rng.randrange(DAYS))).date()) for _ in range(60_000)}
    copy_rows(app, "article_views", ("article_id", "reader", "day"), sorted(views))
    rated = {(rng.choice(article_ids), rng.choice(reader_ids)) for _ in range(5000)}
    copy_rows(app, "article_feedback", ("article_id", "visitor_id", "helpful", "comment",
                                        "created_at"),
              [(a, v, rng.random() < 0.7, rng.choice(("", "", "Falta un paso.", "Gracias")),
                now - timedelta(seconds=rng.random() * DAYS * 86400)) for a, v in sorted(rated)])
    from helpwidget.extensions import db
    with app.app_context(), db.engine.connect() as conn:
        # What autovacuum does on a live server: statistics and the visibility map.
        conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return site_ids[0], token, events_seconds, time.perf_counter() - started


def migrated_app(database):
    """Return the app on the throwaway database, its schema made by the migrations."""
    from flask_migrate import upgrade

    from helpwidget import create_app

    app = create_app({"DATABASE_URL": database.url, "SECRET_KEY": "bench-only",
                      "RATELIMIT_ENABLED": False, "SEARCH_INDEX_DIR": tempfile.mkdtemp(),
                      "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"})
    with app.app_context():
        upgrade()
    return app


def timed(fn):
    """Return the milliseconds of RUNS calls of fn (after one warm-up call)."""
    fn()
    out = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def measure(app, site_id, token):
    """Time each query and request for the last 30 and 90 days; return {label: (p50, p95)}."""
    from helpwidget.extensions import db
    from helpwidget.services import insights_articles, insights_reports, insights_searches
    from helpwidget.services.insights_scope import LIST_LIMIT

    figures = {}
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    today = datetime.now(UTC).date()
    for days in (30, 90):
        start = today - timedelta(days=days - 1)
        scope = insights_reports.Scope(site_id, start, today)
        query = f"from={start}&to={today}"
        # The JSON answer's queries, one by one.
        jobs = {"by day (series, totals)": lambda s=scope: insights_reports.daily(s),
                "views and ratings": lambda s=scope: insights_articles.view_totals(s),
                "by query (4 lists)": lambda s=scope: insights_searches.lists(s, LIST_LIMIT),
                "articles": lambda s=scope: insights_articles.articles(s, LIST_LIMIT),
                "feedback": lambda s=scope: insights_articles.feedback(s, LIST_LIMIT)}
        with app.app_context():
            for name, job in jobs.items():
                figures[f"{days}d {name}"] = timed(job)
            db.session.remove()
        figures[f"{days}d GET insights"] = timed(lambda q=query: check(client.get(
            f"/api/v1/advisor/sites/bench-0/insights?{q}", headers=headers)))
        for name in insights_reports.TABLES:
            figures[f"{days}d GET {name}.csv"] = timed(lambda q=query, n=name: check(client.get(
                f"/api/v1/advisor/sites/bench-0/insights/{n}.csv?{q}", headers=headers)))
    return {label: (round(statistics.median(ms), 1), round(percentile(ms, 0.95), 1))
            for label, ms in figures.items()}


def check(response):
    """Fail the bench on an answer other than 200."""
    assert response.status_code == 200, (response.status_code, response.get_data()[:300])


def main():
    """Parse the arguments, load, measure, print and save the figures, drop the database."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", default="postgresql://127.0.0.1:5432/test")
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    from helpwidget.extensions import db

    database = Database(args.database)
    try:
        app = migrated_app(database)
        site_id, token, copy_seconds, load_seconds = load(app, args, random.Random(args.seed))
        with app.app_context():
            big = db.session.execute(db.text(
                "SELECT count(*) FROM search_events WHERE site_id = :s"), {"s": site_id}).scalar()
        print(f"loaded {args.rows:,} searches of {SITES} sites over {DAYS} days in "
              f"{copy_seconds:.1f} s (COPY, {args.rows / copy_seconds:,.0f} rows/s); "
              f"with views, ratings and VACUUM ANALYZE {load_seconds:.1f} s")
        print(f"timed site bench-0: {big:,} searches; {RUNS} runs each, target p95 <= "
              f"{TARGET_MS} ms")
        figures = measure(app, site_id, token)
        # Other work on the machine inflates every figure: say how busy it was.
        load_average = round(os.getloadavg()[0], 1)
        print(f"{os.cpu_count()} CPUs, load average {load_average} while timing")
        print(f"{'query':32} {'p50 ms':>8} {'p95 ms':>8}")
        for label, (p50, p95) in figures.items():
            mark = "" if p95 <= TARGET_MS else "  MISSES TARGET"
            print(f"{label:32} {p50:8.1f} {p95:8.1f}{mark}")
        worst = max(p95 for _p50, p95 in figures.values())
        print(f"worst p95 {worst:.1f} ms: {'ok' if worst <= TARGET_MS else 'too slow'}")
        results.save("insights_speed", rows=args.rows, sites=SITES, days=DAYS,
                     big_site_rows=big, copy_seconds=round(copy_seconds, 1),
                     load_seconds=round(load_seconds, 1), target_p95_ms=TARGET_MS,
                     worst_p95_ms=worst, load_average=load_average,
                     queries={k: {"p50_ms": v[0], "p95_ms": v[1]} for k, v in figures.items()})
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        database.drop()


if __name__ == "__main__":
    main()

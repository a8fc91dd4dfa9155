"""Relevance of help-center search over the demo content, through the search endpoint.

Usage: python bench/relevance.py [-v]

Seeds the demo sites into a fresh instance, runs the queries of bench/relevance_queries.py
as an anonymous visitor and prints, per language and overall: MRR@10 (first acceptable
answer), success@1, success@3 and success@10. -v lists the queries that miss the top 3.
"""
import argparse
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import results  # noqa: E402
from bench.relevance_queries import QUERIES  # noqa: E402


def rank_of(results, wanted):
    """Return the 1-based rank of the first acceptable slug, or None."""
    for position, hit in enumerate(results, start=1):
        if hit["slug"] in wanted:
            return position
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    os.environ["HELPWIDGET_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="helpwidget-relevance-")

    from flask_migrate import upgrade

    from helpwidget import create_app, demo

    app = create_app({"RATELIMIT_ENABLED": False, "SECRET_KEY": "bench-only"})
    with app.app_context():
        upgrade()
        demo.seed()
    client = app.test_client()
    rows, misses = {}, []
    for site, locale, query, wanted in QUERIES:
        found = client.get("/api/v1/search", query_string={
            "site": site, "locale": locale, "q": query, "per_page": 10}).get_json()
        rank = rank_of(found["results"], wanted)
        rows.setdefault(locale, []).append(rank)
        if rank is None or rank > 3:
            misses.append((locale, query, rank, [h["slug"] for h in found["results"][:3]]))
    print(f"{'locale':<8}{'queries':>8}{'MRR@10':>9}{'P@1':>7}{'P@3':>7}{'P@10':>7}")
    everything, figures = [], {}
    for locale in sorted(rows) + ["all"]:
        ranks = everything if locale == "all" else rows[locale]
        if locale != "all":
            everything.extend(ranks)
        n = len(ranks)
        mrr = sum(1 / r for r in ranks if r) / n
        at = lambda k: sum(1 for r in ranks if r and r <= k) / n  # noqa: E731
        print(f"{locale:<8}{n:>8}{mrr:>9.3f}{at(1):>7.2f}{at(3):>7.2f}{at(10):>7.2f}")
        figures[locale] = {"queries": n, "mrr10": round(mrr, 3), "p1": round(at(1), 2)}
    results.save("relevance", **figures)
    if args.verbose:
        for locale, query, rank, top in misses:
            print(f"  {locale} {query!r}: rank {rank}, top {top}")


if __name__ == "__main__":
    main()

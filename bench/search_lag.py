"""Lag from saving an article on one machine to finding it by search on another.

Usage: python bench/search_lag.py [--saves 200] [--database postgresql+psycopg://postgres@127.0.0.1:5432/test|sqlite]

Starts two `python wsgi.py` processes as two machines (each its own instance and index folder)
over one database: PostgreSQL (a throwaway database beside the one named, created and dropped
here; followers wake on NOTIFY) or SQLite (followers look every SEARCH_SYNC_INTERVAL). Saves
--saves articles one after another through machine A's editor API; after each save's answer,
polls machine B's search every 2 ms until the new article is found. Prints p50/p99/max of that
lag, and how long the saves themselves took. Asserts nothing.
"""
import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import requests  # noqa: E402

from bench import results  # noqa: E402
from bench.stats import percentile  # noqa: E402
from tests.support.live_servers import Deployment  # noqa: E402

ARTICLES = "/api/v1/advisor/sites/acme/articles"


def main():
    """Run the two machines, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--database",
                        default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    if args.database.startswith("postgresql"):
        os.environ["HELPWIDGET_TEST_DATABASE_URL"] = args.database
    else:
        os.environ.pop("HELPWIDGET_TEST_DATABASE_URL", None)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        deployment = Deployment(folder, name="hw_search_lag", message_queue=False)
        deployment.populate(role="admin")
        servers = []
        try:
            for name in ("a", "b"):
                servers.append(deployment.server(
                    HELPWIDGET_INSTANCE_PATH=str(folder / name),
                    HELPWIDGET_SEARCH_INDEX_DIR=str(folder / name / "index")))
            lags, saves = measure(deployment, *servers, args.saves)
        finally:
            for server in servers:
                server.stop()
            deployment.close()
    kind = "postgresql" if args.database.startswith("postgresql") else "sqlite"
    figures = {"database": kind, "saves": len(lags),
               "lag_p50_ms": round(percentile(lags, 0.5) * 1000, 1),
               "lag_p99_ms": round(percentile(lags, 0.99) * 1000, 1),
               "lag_max_ms": round(max(lags) * 1000, 1),
               "save_p50_ms": round(statistics.median(saves) * 1000, 1),
               "load": round(os.getloadavg()[0], 2)}
    print(f"search lag to another machine ({kind}, {len(lags)} saves): "
          f"p50 {figures['lag_p50_ms']} ms, p99 {figures['lag_p99_ms']} ms, "
          f"max {figures['lag_max_ms']} ms; a save takes {figures['save_p50_ms']} ms (p50); "
          f"load {figures['load']}")
    results.save(f"search_lag_{kind}", **figures)


def measure(deployment, a, b, count):
    """Save `count` articles through A; return the lags until B finds each, and save times."""
    headers = {"Authorization": f"Bearer {deployment.advisor_token}"}
    session = requests.Session()
    lags, saves = [], []
    for n in range(count):
        # A word no other article has, nor any within "did you mean" distance of it.
        word = "lag" + secrets.token_hex(6)
        started = time.monotonic()
        response = session.post(a.url + ARTICLES, headers=headers, timeout=30, json={
            "title": f"Closing step {n} {word}", "locale": "en", "published": True,
            "body": f"Step {n} of the closing checklist, {word}."})
        response.raise_for_status()
        saved = time.monotonic()
        saves.append(saved - started)
        while True:
            found = session.get(b.url + "/api/v1/search", timeout=10,
                                params={"site": "acme", "q": word, "locale": "en"}).json()
            if any(word in hit["title"] for hit in found["results"]):
                lags.append(time.monotonic() - saved)
                break
            if time.monotonic() - saved > 30:
                raise RuntimeError(f"machine B never found article {n}")
            time.sleep(0.002)
    return lags, saves


if __name__ == "__main__":
    main()

"""Import N articles into one site and locale, then time the search endpoint.

Usage: python bench/search_speed.py [--articles 10000] [--queries 600] [--locale en]
       python bench/search_speed.py --sites 200 [--articles 500]

Articles are composed from the sentences and vocabulary of the demo help center of the
chosen locale, so word frequencies look like real help content. Prints the import and
indexing times and p50/p99 latency of GET /api/v1/search over the queries. With --sites,
the server holds that many sites of --articles each (one index for all, as in production)
and each query asks one site chosen at random.
"""
import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import frontmatter  # noqa: E402

from bench import results  # noqa: E402
from bench.corpus import demo_texts  # noqa: E402


def compose_articles(folder, count, locale, rng):
    """Write `count` Markdown articles built from the demo corpus; return their titles."""
    texts = demo_texts(locale)
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t["body"]) if len(s) > 30]
    title_words = sorted({w for t in texts for w in re.findall(r"\w{4,}", t["title"])})
    titles = []
    for i in range(count):
        base = rng.choice(texts)["title"]
        extra = " ".join(rng.sample(title_words, 2))
        title = f"{base}: {extra}"
        body = "\n\n".join(" ".join(rng.sample(sentences, 4)) for _ in range(rng.randint(3, 6)))
        tags = rng.sample(title_words, 3)
        post = frontmatter.Post(body, title=title, tags=tags, summary=rng.choice(sentences)[:200])
        with open(os.path.join(folder, f"a{i:05d}.md"), "w", encoding="utf-8") as out:
            out.write(frontmatter.dumps(post, allow_unicode=True))
        titles.append(title)
    return titles


def make_queries(titles, count, rng):
    """Return realistic queries: title fragments, keyword bags, prefixes and typos, 1-8 words."""
    words = [w for t in titles for w in re.findall(r"\w{3,}", t)]
    queries = []
    while len(queries) < count:
        shape = rng.random()
        if shape < 0.4:
            title_words = re.findall(r"\w+", rng.choice(titles))
            start = rng.randrange(len(title_words))
            q = " ".join(title_words[start:start + rng.randint(1, 8)])
        elif shape < 0.7:
            q = " ".join(rng.choice(words) for _ in range(rng.randint(1, 5)))
        elif shape < 0.85:
            word = rng.choice(words)
            q = " ".join([rng.choice(words) for _ in range(rng.randint(0, 2))]
                         + [word[:rng.randint(2, 4)]])
        else:
            word = list(rng.choice(words))
            i = rng.randrange(len(word) - 1)
            word[i], word[i + 1] = word[i + 1], word[i]
            q = "".join(word) + " " + rng.choice(words)
        queries.append(q.strip())
    return queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--locale", default="en", choices=["en", "es", "pl"])
    parser.add_argument("--sites", type=int, default=0,
                        help="hold this many sites of --articles each (default: one site)")
    args = parser.parse_args()
    if args.sites:
        return many_sites(args)
    rng = random.Random(42)
    workdir = tempfile.mkdtemp(prefix="helpwidget-bench-")
    os.environ["HELPWIDGET_INSTANCE_PATH"] = workdir

    from flask_migrate import upgrade

    from helpwidget import create_app, search
    from helpwidget.commands.articles import MAX_INDEX_PROCESSES, reindex
    from helpwidget.schemas.article_files import load_article_file
    from helpwidget.services import article_files, sites

    app = create_app({"RATELIMIT_ENABLED": False, "SECRET_KEY": "bench-only"})
    folder = os.path.join(workdir, "articles")
    os.makedirs(folder)
    titles = compose_articles(folder, args.articles, args.locale, rng)
    with app.app_context():
        upgrade()
        site = sites.save_site("bench", name="Bench", default_locale=args.locale,
                               locales=[args.locale])
        # As `articles import` does on the command line.
        search.get_index().processes = min(MAX_INDEX_PROCESSES, os.cpu_count() or 1)
        started = time.perf_counter()
        report = article_files.import_folder(site, folder, args.locale,
                                             load=load_article_file)
        import_seconds = time.perf_counter() - started
        assert not report.errors, report.errors[:3]
        started = time.perf_counter()
        app.test_cli_runner().invoke(reindex)
        reindex_seconds = time.perf_counter() - started
        indexed = search.get_index().doc_count()

    client = app.test_client()
    queries = make_queries(titles, args.queries, rng)
    for q in queries[:30]:
        client.get("/api/v1/search", query_string={"site": "bench", "q": q})
    timings, hits = [], 0
    for q in queries:
        started = time.perf_counter()
        response = client.get("/api/v1/search", query_string={"site": "bench", "q": q})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_json()
        hits += bool(response.get_json()["total"])
    timings.sort()
    p = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))]  # noqa: E731
    print(f"articles imported        {len(report.imported)} ({args.locale})")
    print(f"import (db + index)      {import_seconds:.1f} s")
    print(f"reindex from database    {reindex_seconds:.1f} s ({indexed} documents)")
    print(f"queries                  {len(timings)} (1-8 words; {hits} with results)")
    print(f"search p50               {p(0.50):.1f} ms")
    print(f"search p99               {p(0.99):.1f} ms")
    print(f"search mean / max        {statistics.mean(timings):.1f} / {timings[-1]:.1f} ms")
    results.save(f"search_speed_{args.locale}", articles=len(report.imported),
                 import_s=round(import_seconds, 1), reindex_s=round(reindex_seconds, 1),
                 p50_ms=round(p(0.50), 1), p99_ms=round(p(0.99), 1))


def many_sites(args):
    """Time one site's searches on a server holding `args.sites` sites."""
    rng = random.Random(42)
    workdir = tempfile.mkdtemp(prefix="helpwidget-bench-")
    os.environ["HELPWIDGET_INSTANCE_PATH"] = workdir

    from flask_migrate import upgrade

    from helpwidget import create_app, search
    from helpwidget.commands.articles import MAX_INDEX_PROCESSES
    from helpwidget.schemas.article_files import load_article_file
    from helpwidget.services import article_files, sites

    app = create_app({"RATELIMIT_ENABLED": False, "SECRET_KEY": "bench-only"})
    titles_of, import_seconds = {}, 0.0
    with app.app_context():
        upgrade()
        search.get_index().processes = min(MAX_INDEX_PROCESSES, os.cpu_count() or 1)
        for n in range(args.sites):
            key = f"site{n:03d}"
            folder = os.path.join(workdir, key)
            os.makedirs(folder)
            titles_of[key] = compose_articles(folder, args.articles, args.locale, rng)
            site = sites.save_site(key, name=key, default_locale=args.locale,
                                   locales=[args.locale])
            started = time.perf_counter()
            report = article_files.import_folder(site, folder, args.locale,
                                                 load=load_article_file)
            import_seconds += time.perf_counter() - started
            assert not report.errors, report.errors[:3]
        indexed = search.get_index().doc_count()
    client = app.test_client()
    chosen = rng.sample(sorted(titles_of), min(20, args.sites))
    asked = [(key, q) for key in chosen
             for q in make_queries(titles_of[key], max(1, args.queries // 20), rng)]
    rng.shuffle(asked)
    # A site's first search in a process reads its vocabulary and postings from disk;
    # timed apart, as what a site sees once after a start, not on every search.
    first = []
    for key in chosen:
        started = time.perf_counter()
        client.get("/api/v1/search", query_string={"site": key, "q": titles_of[key][0][:12]})
        first.append((time.perf_counter() - started) * 1000)
    first.sort()
    timings = []
    for key, q in asked:
        started = time.perf_counter()
        response = client.get("/api/v1/search", query_string={"site": key, "q": q})
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.get_json()
    timings.sort()
    p = lambda q: timings[min(len(timings) - 1, int(q * len(timings)))]  # noqa: E731
    print(f"sites                    {args.sites} x {args.articles} articles ({indexed} indexed)")
    print(f"import, all sites        {import_seconds:.1f} s")
    print(f"first search of a site   p50 {first[len(first) // 2]:.1f} ms, max {first[-1]:.1f} ms")
    print(f"queries                  {len(timings)} over {min(20, args.sites)} sites")
    print(f"search p50               {p(0.50):.1f} ms")
    print(f"search p99               {p(0.99):.1f} ms")
    results.save(f"search_speed_sites_{args.locale}", sites=args.sites,
                 articles=args.articles, import_s=round(import_seconds, 1),
                 first_search_max_ms=round(first[-1], 1),
                 p50_ms=round(p(0.50), 1), p99_ms=round(p(0.99), 1))


if __name__ == "__main__":
    main()

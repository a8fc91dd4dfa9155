"""Relevance of help-center search, through the search endpoint, on the demo and a held-out corpus.

Usage: python bench/relevance.py [--corpus demo|libreoffice|all] [--split dev|test|both]
                                 [--limit 600] [--baseline] [--source HELP_DIR] [-v]

demo: seeds the demo sites and runs the queries of bench/relevance_queries.py.
libreoffice: imports LibreOffice's help (bench/relevance_corpus.py) with `articles import`
and runs two query sets from the help's own material: page descriptions and index keywords,
each in a dev half (tune on it) and a test half (held out). Queries run as an anonymous
visitor through GET /api/v1/search. Prints per corpus, query set, split and language: MRR@10
(first acceptable answer), success@1, @3 and @10. --baseline adds stock Whoosh BM25F (its
defaults, title and body fields) over the same documents and queries. -v lists misses.
"""
import argparse
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import relevance_corpus, results  # noqa: E402
from bench.corpus import demo_texts  # noqa: E402
from bench.relevance_queries import QUERIES  # noqa: E402

# The endpoint takes queries of up to 200 characters; longer ones are cut at a word.
MAX_QUERY = 200
HEADER = (f"{'corpus':<13}{'queries':<13}{'split':<6}{'locale':<8}{'engine':<12}"
          f"{'n':>6}{'MRR@10':>9}{'S@1':>7}{'S@3':>7}{'S@10':>7}")


def rank_of(results, wanted):
    """Return the 1-based rank of the first acceptable slug, or None."""
    for position, slug in enumerate(results, start=1):
        if slug in wanted:
            return position
    return None


def figures(ranks):
    """Return MRR@10 and success@1/3/10 of a list of ranks (None = not in the top 10)."""
    n = len(ranks) or 1
    at = lambda k: sum(1 for r in ranks if r and r <= k) / n  # noqa: E731
    return {"queries": len(ranks), "mrr10": round(sum(1 / r for r in ranks if r) / n, 3),
            "p1": round(at(1), 3), "p3": round(at(3), 3), "p10": round(at(10), 3)}


def endpoint(client):
    """Return a search function asking GET /api/v1/search for the top 10 slugs."""
    def search(site, locale, q):
        if len(q) > MAX_QUERY:
            q = q[:MAX_QUERY + 1].rsplit(" ", 1)[0]
        found = client.get("/api/v1/search", query_string={
            "site": site, "locale": locale, "q": q, "per_page": 10}).get_json()
        return [hit["slug"] for hit in found["results"]]
    return search


def polish_stem(word):
    """Stem a Polish word with Snowball (a module function, so Whoosh can pickle the schema)."""
    import Stemmer

    global _POLISH
    _POLISH = _POLISH or Stemmer.Stemmer("polish")
    return _POLISH.stemWord(word)


_POLISH = None


def baseline(docs):
    """Return a search of stock Whoosh BM25F over {(site, locale): [(slug, title, body)]}."""
    from whoosh import qparser
    from whoosh.analysis import (
        LanguageAnalyzer,
        LowercaseFilter,
        RegexTokenizer,
        StemFilter,
        StemmingAnalyzer,
        StopFilter,
    )
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import RamStorage
    from whoosh.scoring import BM25F

    from helpwidget.search.stopwords import STOPWORDS

    polish = (RegexTokenizer() | LowercaseFilter() | StopFilter(STOPWORDS["pl"])
              | StemFilter(stemfn=polish_stem))
    analyzers = {"en": StemmingAnalyzer(), "es": LanguageAnalyzer("es"), "pl": polish}
    searchers = {}
    for (site, locale), rows in docs.items():
        analyzer = analyzers[locale]
        schema = Schema(slug=ID(stored=True), title=TEXT(analyzer), body=TEXT(analyzer))
        ix = RamStorage().create_index(schema)
        with ix.writer() as writer:
            for slug, title, body in rows:
                writer.add_document(slug=slug, title=title, body=body)
        parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup)
        searchers[site, locale] = (ix.searcher(weighting=BM25F()), parser)

    def search(site, locale, q):
        searcher, parser = searchers[site, locale]
        words = " ".join(w.lower() for w in re.findall(r"\w+", q))
        return [hit["slug"] for hit in searcher.search(parser.parse(words[:MAX_QUERY]),
                                                       limit=10)]
    return search


def demo_sets():
    """Return the demo's query sets and documents."""
    docs = {}
    for locale in ("en", "es", "pl"):
        for text in demo_texts(locale):
            docs.setdefault((text["site"], locale), []).append(
                (text["slug"], text["title"], text["body"]))
    queries = [(site, locale, q, frozenset(wanted)) for site, locale, q, wanted in QUERIES]
    return {("demo", "demo", "all"): queries}, docs


def libreoffice_sets(app, args, workdir):
    """Import LibreOffice's help into the instance; return its query sets and documents."""
    from helpwidget.extensions import db
    from helpwidget.services import sites

    root = relevance_corpus.help_root(args.source)
    folder = os.path.join(workdir, "libreoffice")
    corpus = relevance_corpus.build(root, folder)
    with app.app_context():
        site = sites.save_site(relevance_corpus.SITE, name="LibreOffice Help",
                               default_locale="en", locales=["en", "es", "pl"])
        if hasattr(site, "insights_enabled"):
            site.insights_enabled = False  # measure ranking, not recording
        db.session.commit()
    started = time.perf_counter()
    outcome = app.test_cli_runner().invoke(
        args=["articles", "import", folder, "--site", relevance_corpus.SITE])
    assert outcome.exit_code == 0, outcome.output[-2000:]
    print(f"libreoffice: {outcome.output.strip()} in {time.perf_counter() - started:.1f} s")
    sets, docs = {}, {}
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    for locale, (pages, queries) in corpus.items():
        docs[relevance_corpus.SITE, locale] = [(p.slug, p.title, p.body) for p in pages.values()]
        for kind in ("description", "keywords"):
            for split in splits:
                chosen = relevance_corpus.sample([q for q in queries if q.kind == kind],
                                                 split, args.limit)
                sets.setdefault(("libreoffice", kind, split), []).extend(
                    (relevance_corpus.SITE, locale, q.text, q.wanted) for q in chosen)
    return sets, docs


def run(sets, engines, verbose):
    """Run every query set on every engine; print a row per set, locale and engine."""
    saved = {}
    for (corpus, kind, split), queries in sets.items():
        for name, search in engines.items():
            ranks, misses = {}, []
            for site, locale, q, wanted in queries:
                top = search(site, locale, q)
                rank = rank_of(top, wanted)
                ranks.setdefault(locale, []).append(rank)
                if verbose and name == "helpwidget" and (rank is None or rank > 3):
                    misses.append((locale, q, rank, top[:3], sorted(wanted)[:3]))
            everything = [r for locale in sorted(ranks) for r in ranks[locale]]
            for locale in [*sorted(ranks), "all"]:
                row = figures(everything if locale == "all" else ranks[locale])
                print(f"{corpus:<13}{kind:<13}{split:<6}{locale:<8}{name:<12}{row['queries']:>6}"
                      f"{row['mrr10']:>9.3f}{row['p1']:>7.2f}{row['p3']:>7.2f}{row['p10']:>7.2f}")
                saved.setdefault(corpus, {})[f"{kind}.{split}.{locale}.{name}"] = row
            for miss in misses:
                print("   miss {} {!r}: rank {}, top {}, wanted {}".format(*miss))
    return saved


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["demo", "libreoffice", "all"], default="demo")
    parser.add_argument("--split", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--limit", type=int, default=600,
                        help="queries per language, query set and split (0: all)")
    parser.add_argument("--baseline", action="store_true", help="also run stock Whoosh BM25F")
    parser.add_argument("--source", help="a LibreOffice help folder holding en-US/, es/, pl/")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="helpwidget-relevance-")
    os.environ["HELPWIDGET_INSTANCE_PATH"] = workdir

    from flask_migrate import upgrade

    from helpwidget import create_app, demo

    app = create_app({"RATELIMIT_ENABLED": False, "SECRET_KEY": "bench-only"})
    with app.app_context():
        upgrade()
    sets, docs = {}, {}
    if args.corpus in ("demo", "all"):
        with app.app_context():
            demo.seed()
        more_sets, more_docs = demo_sets()
        sets.update(more_sets)
        docs.update(more_docs)
    if args.corpus in ("libreoffice", "all"):
        more_sets, more_docs = libreoffice_sets(app, args, workdir)
        sets.update(more_sets)
        docs.update(more_docs)
    engines = {"helpwidget": endpoint(app.test_client())}
    if args.baseline:
        engines["bm25f"] = baseline(docs)
    print(HEADER)
    saved = run(sets, engines, args.verbose)
    if "demo" in saved:
        # The demo figures keep their historical shape: {locale: {queries, mrr10, p1}}.
        demo_rows = {key.split(".")[2]: row for key, row in saved["demo"].items()
                     if key.endswith(".helpwidget")}
        results.save("relevance", **demo_rows)
    if "libreoffice" in saved:
        results.save("relevance_libreoffice", limit=args.limit, **saved["libreoffice"])


if __name__ == "__main__":
    main()

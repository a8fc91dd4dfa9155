"""Bytes on the wire for the first open of the help panel, as Chromium receives them.

Usage: python bench/first_open_bytes.py [--identity] [--site facturafacil] [--json]

Starts the app on loopback (a fresh SQLite database with the demo seeded, in a temporary
instance folder) and a host page on another origin that embeds the widget with its one script
tag, opens the page in headless Chromium (/usr/bin/chromium, or HELPWIDGET_CHROMIUM), clicks
the launcher and waits for the panel and its first API answers. Prints, per request, the body
size as it crossed the wire (encoded: compressed when the server compressed it) and the
Content-Encoding, then the loader's size and the first open's total against the goals
(loader <= 2,048 B, everything <= 45 KB). `--identity` makes the browser ask for no
compression (Accept-Encoding: identity), which is what every server sent before compression.
"""
import argparse
import json
import os
import secrets
import sys
import tempfile
import threading
from urllib.parse import urlsplit

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

LOADER_GOAL = 2048
FIRST_OPEN_GOAL = 45 * 1024
HOST_PAGE = """<!doctype html><html lang="es"><head><meta charset="utf-8"><title>Host</title>
</head><body><h1>Host product</h1>
<script async src="{help}/widget.js" data-site="{site}"></script></body></html>"""


def start_help_server(instance):
    """Seed the demo into a fresh instance folder and serve the app; return (server, base URL)."""
    os.environ["HELPWIDGET_INSTANCE_PATH"] = instance
    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from helpwidget import create_app, demo

    app = create_app({"RATELIMIT_ENABLED": False, "PASSWORD_HASH_METHOD": "scrypt:1024:8:1",
                      "SECRET_KEY": secrets.token_hex(32)})
    with app.app_context():
        upgrade()
        demo.seed()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return app, server, f"http://127.0.0.1:{server.server_port}"


def start_host_page(help_url, site_key):
    """Serve a host page embedding the widget on http://localhost:<port>; return (server, URL)."""
    from werkzeug.serving import make_server
    from werkzeug.wrappers import Response

    body = HOST_PAGE.format(help=help_url, site=site_key)

    def host(environ, start_response):
        return Response(body, content_type="text/html; charset=utf-8")(environ, start_response)

    server = make_server("127.0.0.1", 0, host, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://localhost:{server.server_port}"


def allow_origin(app, site_key, origin):
    """Let `origin` frame the panel of `site_key`."""
    from helpwidget.services import sites

    with app.app_context():
        site = sites.get_site(site_key)
        sites.save_site(site_key, allowed_origins=[*site.allowed_origins, origin])


def kind_of(url):
    """Name what a request of the first open fetched."""
    path = urlsplit(url).path
    if path == "/widget.js":
        return "loader"
    if path.endswith(".js"):
        return "panel JS"
    if path.endswith(".css"):
        return "CSS"
    if path.startswith("/widget/strings/"):
        return "strings"
    if path == "/widget/panel":
        return "panel page"
    if path.startswith("/socket.io/"):
        return "socket.io"
    return "API" if path.startswith("/api/") else "other"


def first_open(host_url, help_url, identity):
    """Open the host page, open the panel; return [(url, kind, encoded bytes, encoding)]."""
    from playwright.sync_api import sync_playwright

    rows = []
    chromium = os.environ.get("HELPWIDGET_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(
            extra_http_headers={"Accept-Encoding": "identity"} if identity else None)
        page = context.new_page()

        def finished(request):
            if not request.url.startswith(help_url):
                return
            response = request.response()
            sizes = request.sizes()
            encoding = (response.headers.get("content-encoding") if response else None) or "-"
            rows.append((request.url, kind_of(request.url), sizes["responseBodySize"], encoding))

        page.on("requestfinished", finished)
        page.on("console", lambda m: m.type == "error" and print("page:", m.text, file=sys.stderr))
        page.goto(host_url)
        page.locator("#helpwidget-launcher").click()
        frame = page.frame_locator("iframe[name='helpwidget-panel']")
        frame.locator("#hw-root .hw-screen").wait_for(timeout=30000)
        # The panel's first API answers follow its first paint; let them land.
        try:
            page.wait_for_load_state("networkidle", timeout=5000)
        except Exception:  # a long-poll may keep the network busy: take what finished
            pass
        page.wait_for_timeout(1500)
        browser.close()
    return rows


def report(rows, identity):
    """Print the requests and the totals against the goals; return the summary."""
    width = max(len(urlsplit(u).path) for u, *_ in rows) if rows else 10
    print(f"first open of the panel ({'Accept-Encoding: identity' if identity else 'default'})")
    for url, kind, size, encoding in rows:
        parts = urlsplit(url)
        print(f"  {parts.path:<{width}}  {kind:<10} {size:>8} B  {encoding}")
    by_kind = {}
    for _, kind, size, _ in rows:
        by_kind[kind] = by_kind.get(kind, 0) + size
    total = sum(by_kind.values())
    loader = by_kind.get("loader", 0)
    print("  " + ", ".join(f"{k} {v} B" for k, v in sorted(by_kind.items())))
    verdict = "ok" if loader <= LOADER_GOAL else "OVER"
    print(f"loader: {loader} B (goal <= {LOADER_GOAL} B) {verdict}")
    print(f"first open: {total} B = {total / 1024:.1f} KB (goal <= {FIRST_OPEN_GOAL // 1024} KB) "
          f"{'ok' if total <= FIRST_OPEN_GOAL else 'OVER'}")
    return {"loader": loader, "total": total, "by_kind": by_kind}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--identity", action="store_true",
                        help="ask for no compression (Accept-Encoding: identity)")
    parser.add_argument("--site", default="facturafacil")
    parser.add_argument("--json", action="store_true", help="also print the summary as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hw-bench-") as instance:
        app, help_server, help_url = start_help_server(instance)
        host_server, host_url = start_host_page(help_url, args.site)
        allow_origin(app, args.site, host_url)
        try:
            rows = first_open(host_url, help_url, args.identity)
        finally:
            host_server.shutdown()
            help_server.shutdown()
    summary = report(rows, args.identity)
    if args.json:
        print(json.dumps(summary))


if __name__ == "__main__":
    main()

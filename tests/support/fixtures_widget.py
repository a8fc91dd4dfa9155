"""A host product on another origin that embeds the widget, and the panel's forms in a browser."""
import html
import re
import secrets
import threading

import pytest
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from helpwidget.services import sites
from tests.support.fixtures_tickets import DESCRIPTION, SUBJECT

HOST_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<nav>
  <a href="/invoices" data-spa>Invoices</a>
  <a href="/invoices/new" data-spa>New invoice</a>
  <a href="/reports/sales" data-spa>Sales report</a>
</nav>
<main><h1 id="host-heading">{title}</h1><p id="host-route"></p>
<input id="host-input" aria-label="Host field"><button id="help" type="button">Help</button></main>
<script nonce="{nonce}">
window.HelpWidget = window.HelpWidget || function () {{
  (window.HelpWidget.q = window.HelpWidget.q || []).push(arguments);
}};
window.__events = [];
["ready", "open", "close", "unread", "ticket_created", "chat_message"].forEach(function (name) {{
  window.HelpWidget("on", name, function (data) {{ window.__events.push([name, data]); }});
}});
document.addEventListener("click", function (event) {{
  var link = event.target.closest("a[data-spa]");
  if (!link) return;
  event.preventDefault();
  history.pushState({{}}, "", link.getAttribute("href"));
  document.getElementById("host-route").textContent = location.pathname;
}});
{extra_script}
</script>
<script async nonce="{nonce}" src="{help}/widget.js" data-site="{site}" {attributes}></script>
</body></html>
"""


class HostApp:
    """The host product: serves one page at every path, with a strict CSP and a fresh nonce."""

    def __init__(self, help_url, site_key):
        self.help_url = help_url
        self.site_key = site_key
        self.lang = "es"
        self.title = "Acme Facturas"
        self.attributes = ""
        self.extra_script = ""
        self.csp = None  # a function of the nonce; None: the CSP the README tells hosts to send
        self.url = None

    def origin(self):
        """Return this host's origin (localhost, so it differs from the help server's 127.0.0.1)."""
        return self.url

    def default_csp(self, nonce):
        """Return the strict CSP the README documents for host pages."""
        return (f"default-src 'self'; script-src 'nonce-{nonce}' {self.help_url}; "
                f"frame-src {self.help_url}; connect-src 'self'; img-src 'self'; "
                f"style-src 'self'; base-uri 'none'; object-src 'none'")

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path == "/favicon.ico":
            return Response(status=404)(environ, start_response)
        nonce = secrets.token_urlsafe(16)
        body = HOST_PAGE.format(lang=self.lang, title=html.escape(self.title), nonce=nonce,
                                help=self.help_url, site=self.site_key,
                                attributes=self.attributes, extra_script=self.extra_script)
        response = Response(body, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = (self.csp or self.default_csp)(nonce)
        return response(environ, start_response)


def serve(app):
    """Serve a WSGI app on a free loopback port; return (server, thread, port)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, server.server_port


@pytest.fixture
def host_app(live_server, site):
    """Return a HostApp on http://localhost:<port>, an allowed origin of `site`."""
    host = HostApp(live_server, site.key)
    server, thread, port = serve(host)
    host.url = f"http://localhost:{port}"
    sites.save_site(site.key, allowed_origins=[*site.allowed_origins, host.url])
    yield host
    server.shutdown()
    thread.join(timeout=5)


def panel(page):
    """Return a frame locator for the help panel's iframe."""
    return page.frame_locator("iframe[name='helpwidget-panel']")


def open_panel(page, host_app, path="/"):
    """Load the host page, click the launcher and return the panel's frame locator."""
    page.goto(host_app.url + path)
    page.locator("#helpwidget-launcher").click()
    frame = panel(page)
    frame.locator("#hw-root .hw-screen").wait_for()
    return frame


def menu(frame, item):
    """Open a help menu item from the panel's home view."""
    frame.locator(f".hw-menu-item[data-item='{item}']").click()


def search_box(frame):
    """Open the search view from the home menu and return its box, once the view is there.

    Until the view's module arrives the home view stays on screen (inert) with a search box
    of the same label; typing must wait for the search view's own box.
    """
    menu(frame, "search")
    box = frame.locator("#hw-search-q")
    box.wait_for()
    return box


def fill_technical_request(frame):
    """Choose "Technical problem" and fill the request form as a signed-out user."""
    frame.get_by_role("button", name=re.compile("Technical problem")).click()
    frame.get_by_label("Subcategory").select_option(label="Error message")
    frame.get_by_label("Subject").fill(SUBJECT)
    frame.get_by_label("Description").fill(DESCRIPTION)
    frame.get_by_label("Your name").fill("Ana Pérez")
    frame.get_by_label("Your email").fill("ana@example.com")

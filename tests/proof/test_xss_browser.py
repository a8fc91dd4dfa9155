"""Every XSS payload through every field people write, rendered wherever it shows: nothing runs.

A payload that ran would open a dialog, call `__xss`, request the sentinel address, break the
page's CSP (a report) or leave live markup behind (a handler, a script URL, a frame); each of
those fails the test. Each surface must also show the payloads as text, so a page that shows
nothing cannot pass.
"""
import base64
import io
import json
import re
import uuid

import pytest

from helpwidget.extensions import db
from helpwidget.models.chat import Chat
from helpwidget.schemas.article_admin import ArticleAdminInputSchema
from helpwidget.services import articles
from helpwidget.services.attachments import display_name
from tests.support.articles import make_article
from tests.support.fixtures_advisors import make_advisor, sign_in_console
from tests.support.fixtures_tickets import anonymous, auth, identified, post_ticket, stored
from tests.support.fixtures_widget import open_panel, search_box
from tests.support.helpcenter_readers import (
    CookieJar,
    help_center_session,
    help_center_user,
    sign_in,
)
from tests.support.identities import sign_identity
from tests.support.proof import record
from tests.support.sample_files import png_bytes
from tests.support.xss_payloads import MAX_CHARS, PAYLOADS, SENTINEL, chunks, shown, visible_form

TEXTS = [p.text for p in PAYLOADS]
ALL = "\n\n".join(TEXTS)

# In every frame, before any page script: a sink payloads may call, and a CSP report log.
PROBE = """
(() => {
  window.__xssHits = [];
  window.__xss = (n) => window.__xssHits.push(n);
  window.__csp = [];
  document.addEventListener("securitypolicyviolation", (e) => {
    window.__csp.push(e.effectiveDirective + " " + e.blockedURI + " " + (e.sample || ""));
  });
})();
"""

# Live markup a payload could leave in a document: handlers, script URLs, frames, refreshes.
SCAN = r"""
() => {
  const bad = [];
  const urlAttrs = new Set(["href", "src", "action", "formaction", "data", "xlink:href",
    "background", "poster", "lowsrc", "dynsrc", "codebase", "cite", "longdesc", "ping"]);
  const animAttrs = new Set(["values", "to", "from", "by"]);
  const scriptUrl = /^(javascript|vbscript|livescript):/;
  const safeData = /^data:image\/(png|gif|jpe?g|webp)[;,]/;
  const describe = (el, why) => bad.push(why + ": " + el.outerHTML.slice(0, 160));
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      const tag = el.localName;
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        const value = attr.value.replace(/[\s\u0000-\u001f\u200b]+/g, "").toLowerCase();
        if (name.startsWith("on")) describe(el, "handler");
        // The page's own head may use data: (an empty favicon); payloads land in the body.
        const dataUrl = value.startsWith("data:") && el.closest("body") &&
          !(tag === "img" && safeData.test(value));
        if (urlAttrs.has(name) && (scriptUrl.test(value) || dataUrl)) {
          describe(el, "script url");
        }
        if (animAttrs.has(name) && value.includes("javascript:")) describe(el, "animation");
        if (name === "srcdoc") describe(el, "srcdoc");
        if (name === "style" && /expression\(|javascript:|url\(/.test(value)) describe(el, "css");
      }
      if (["object", "embed", "applet", "frame", "frameset", "base"].includes(tag)) {
        describe(el, "element");
      }
      if (tag === "meta" && el.httpEquiv) describe(el, "meta");
      if (["link", "style", "meta"].includes(tag) && el.closest("body")) describe(el, "element");
      if (tag === "script" && el.closest("body") && !el.src && !el.nonce &&
          el.type !== "application/json") {
        describe(el, "inline script");
      }
      if (tag === "script" && el.src && new URL(el.src).port === "1") describe(el, "script");
      if (tag === "iframe" && el.name !== "helpwidget-panel" &&
          !/^https:\/\/(www\.youtube-nocookie\.com|player\.vimeo\.com)\//.test(el.src)) {
        describe(el, "frame");
      }
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return {bad: bad, hits: window.__xssHits || [], csp: window.__csp || []};
}
"""

# What a page may report without a payload having done anything: a sanitized <img src=x> that
# is not found, or an image address the help center's CSP does not load.
HARMLESS = ("Failed to load resource", "Refused to load the image", "Refused to load media")


class Watch:
    """Browser contexts that record every sign of a payload running, in any of their frames."""

    def __init__(self, browser):
        self.browser = browser
        self.contexts = []
        self.dialogs, self.sentinel, self.errors, self.findings = [], [], [], []

    def page(self):
        """Open a page in a context of its own, watched."""
        context = self.browser.new_context()
        self.contexts.append(context)
        context.add_init_script(PROBE)
        context.on("request", self._on_request)
        page = context.new_page()
        page.on("dialog", self._on_dialog)
        page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith(
            HARMLESS) and self.errors.append(msg.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return page

    def _on_request(self, request):
        if request.url.startswith(SENTINEL) or "127.0.0.1:1/" in request.url:
            self.sentinel.append(request.url)

    def _on_dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def inspect(self, page, frames=None):
        """Scan every frame of the page (or those given) for live markup, sinks, CSP reports."""
        found = []
        for frame in frames or page.frames:
            if frame.url.startswith(("about:", "data:")) and frame != page.main_frame:
                found.append(f"unexpected frame {frame.url[:80]}")
                continue
            result = frame.evaluate(SCAN)
            found += result["bad"] + [f"__xss({n})" for n in result["hits"]]
            found += [f"csp {c}" for c in result["csp"]
                      if not c.startswith(("img-src", "media-src"))]
        self.findings += found
        return found

    def executed(self):
        """Return every sign of a payload running seen so far."""
        return self.dialogs + self.sentinel + self.errors + self.findings

    def close(self):
        """Close the contexts."""
        for context in self.contexts:
            context.close()


@pytest.fixture
def watch(browser):
    """Return a Watch; its contexts close after the test."""
    watcher = Watch(browser)
    yield watcher
    watcher.close()


@pytest.fixture
def lab(app):
    """Lift the rate limits: one person sends every payload in a few seconds here."""
    for name in ("RATELIMIT_TICKETS", "RATELIMIT_COMMENTS", "RATELIMIT_UPLOADS",
                 "RATELIMIT_SESSION", "RATELIMIT_CHAT_MESSAGES", "RATELIMIT_CHAT_START",
                 "RATELIMIT_SESSION_IP"):
        app.config[name] = "100000 per minute"
    return app


def proven(watch, page, surface, texts, screen_text, frames=None):
    """Check a surface: nothing ran, every text shows; record the figures."""
    watch.inspect(page, frames)
    screen = visible_form(screen_text)
    missing = [t for t in texts if visible_form(t) not in screen]
    executed = watch.executed()
    # Payloads: those of the catalogue that the checked texts carry (alone or packed together).
    payloads = sum(any(p in t for t in texts) for p in TEXTS)
    record("xss", surface, payloads=payloads, executed=len(executed), missing_text=len(missing))
    assert executed == [], f"{surface}: {executed[:10]}"
    assert missing == [], f"{surface}: not shown as text: {missing[:5]}"


def test_the_catalogue_is_large_varied_and_observable():
    assert len(PAYLOADS) >= 60
    assert len({p.text for p in PAYLOADS}) == len(PAYLOADS)
    assert all(len(p.text) <= MAX_CHARS for p in PAYLOADS)
    families = {p.family for p in PAYLOADS}
    assert {"script", "handler", "url", "svg", "mathml", "frame", "css", "broken", "unicode",
            "markdown", "breakout"} <= families
    for payload in PAYLOADS:
        decoded = payload.text + "".join(
            base64.b64decode(b).decode() for b in re.findall(r"base64,([A-Za-z0-9+/=]+)",
                                                              payload.text))
        sink = rf"alert\({payload.id}\)|__xss\({payload.id}\)|xss-{payload.id}\b|msgbox\("
        assert re.search(sink, decoded), payload
    # The check of "shown as text" ignores invisible characters only.
    assert shown("<b>x</b>", "a <b>\u200bx</b> b") and not shown("<b>x</b>", "x")
    assert visible_form("a\u202e b") == "ab"


@pytest.mark.proof
def test_the_watch_sees_a_payload_that_runs(watch):
    # Payloads put straight into a page without a CSP: every detector must fire.
    page = watch.page()
    with page.expect_request(lambda request: request.url.startswith(SENTINEL)):
        page.set_content("<p>" + "".join(p.text for p in PAYLOADS if p.id in (1, 3, 17, 34))
                         + "</p>")
    found = watch.inspect(page)
    assert "1" in watch.dialogs and watch.sentinel
    assert any(f.startswith("handler: <img") for f in found)
    assert any(f.startswith("script url: <a") for f in found)


def upload(client, token, name):
    """Upload a small PNG under `name` as the visitor; return its id."""
    response = client.post("/api/v1/uploads", data={"site": "acme", "file": (
        io.BytesIO(png_bytes()), name)}, headers=auth(token), content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def turn(frame, name):
    """Click the panel list's Previous or Next and wait for the other page; False at an end."""
    button = frame.get_by_role("button", name=name)
    if button.count() == 0 or button.is_disabled():
        return False
    first = frame.locator(".hw-req-row").first.get_attribute("data-number")
    button.click()
    frame.locator(f".hw-req-row[data-number='{first}']").wait_for(state="detached")
    frame.locator(".hw-req-row").first.wait_for()
    return True


def widget_pages(frame):
    """Return the text of every page of "my requests" in the panel, from the first on."""
    frame.locator(".hw-req-row").first.wait_for()
    texts = [frame.locator(".hw-req-list").inner_text()]
    while turn(frame, "Next"):
        texts.append(frame.locator(".hw-req-list").inner_text())
    return "\n".join(texts)


@pytest.mark.proof
def test_ticket_payloads_run_nowhere(lab, client, site, live_server, host_app, watch):
    host_app.lang = "en"
    advisor = make_advisor("marta@support.example.com", "Marta Gómez", (site, "admin"))
    # One requester per payload, named by it, in Ana's account: subject, description, page.
    numbers = {}
    for payload in PAYLOADS:
        token = identified(client, site, sub=f"x{payload.id}", name=payload.text,
                           account_name=payload.text, account_id="acc-1",
                           email=f"x{payload.id}@example.com")
        response = post_ticket(client, site, token, subject=payload.text, shared=True,
                               description=f"Detalle {payload.id}: {payload.text}",
                               page_route=payload.text, cc=None)
        assert response.status_code == 201, (payload, response.get_json())
        numbers[payload.id] = response.get_json()["ticket"]["number"]
    # Ana's request carries every payload at once, and a file with a hostile name.
    ana = identified(client, site, sub="ana", name="Ana Pérez", account_id="acc-1")
    hostile_name = "<img src=x onerror=alert(0)>\u202egnp.png"
    file_id = upload(client, ana, hostile_name)
    big = post_ticket(client, site, ana, subject="Catálogo", description=ALL, cc=None,
                      attachments=[file_id]).get_json()["ticket"]["number"]

    # The widget: my requests (every shared request, by its author), then Ana's thread.
    jwt = sign_identity(site, sub="ana", name="Ana Pérez", account_id="acc-1")
    host_app.extra_script = f"window.HelpWidget('identify', {json.dumps(jwt)});"
    widget = watch.page()
    frame = open_panel(widget, host_app)
    frame.locator(".hw-menu-item[data-item='my_requests']").click()
    listed = widget_pages(frame)
    proven(watch, widget, "widget: my requests (subject, created by)", TEXTS, listed)

    while frame.locator(f".hw-req-row[data-number='{big}']").count() == 0:
        assert turn(frame, "Previous"), "Ana's own request is not in her list"
    frame.locator(f".hw-req-row[data-number='{big}']").click()
    detail = frame.locator(".hw-request")
    detail.locator(".hw-request-description").wait_for()
    frame.get_by_label("Your reply").fill(ALL)
    frame.get_by_role("button", name="Send reply").click()
    detail.locator(".hw-comment-requester .hw-comment-body").wait_for()
    text = detail.inner_text()
    proven(watch, widget, "widget: request description", TEXTS,
           detail.locator(".hw-request-description").inner_text())
    proven(watch, widget, "widget: visitor comment", TEXTS,
           detail.locator(".hw-comment-requester .hw-comment-body").inner_text())
    assert shown(display_name(hostile_name), text)

    # The console: the inbox (subjects, requesters), each request, then Ana's thread.
    console = watch.page()
    sign_in_console(console, live_server, advisor.email)
    console.get_by_role("tab", name="Tickets").click()
    rows = console.locator(".ticket-list .ticket-row")
    inbox, details = [], []
    while True:
        rows.first.wait_for()
        inbox.append(console.locator(".ticket-list").inner_text())
        for index in range(rows.count()):
            row = rows.nth(index)
            number = row.locator(".number").inner_text()
            row.click()
            console.locator(".detail-head h2", has_text=number + " ").wait_for()
            details.append(console.locator(".detail-body").inner_text())
            watch.inspect(console)
        following = console.get_by_role("button", name="Next")
        if following.is_disabled():
            break
        first = rows.first.get_attribute("data-id")
        following.click()
        console.locator(f".ticket-row[data-id='{first}']").wait_for(state="detached")
    assert len(details) == len(PAYLOADS) + 1
    proven(watch, console, "console: inbox (subject, requester)", TEXTS, "\n".join(inbox))
    proven(watch, console, "console: ticket detail (subject, requester, account, page)",
           TEXTS, "\n".join(details))
    # Each request shows its own payload three times at least: subject, name, account.
    for payload in PAYLOADS:
        page_text = next(d for d in details if f"#{numbers[payload.id]} " in d)
        assert visible_form(page_text).count(visible_form(payload.text)) >= 3, payload

    console.locator(".filters input[name='q']").fill(str(big))
    rows.filter(has=console.get_by_text(f"#{big}", exact=True)).click()
    console.locator(".detail-head h2", has_text=f"#{big} ").wait_for()
    console.get_by_label("Message").fill(ALL)
    console.get_by_role("button", name="Send reply").click()
    console.locator(".thread .message.advisor").wait_for()
    thread = console.locator(".thread").inner_text()
    proven(watch, console, "console: request description", TEXTS,
           console.locator(".message.requester").first.inner_text())
    proven(watch, console, "console: visitor comment", TEXTS,
           console.locator(".message.requester").nth(1).inner_text())
    proven(watch, console, "console: advisor reply", TEXTS,
           console.locator(".thread .message.advisor").inner_text())
    assert shown(display_name(hostile_name), thread + console.locator("#main").inner_text())

    # Back in the widget, the advisor's reply arrives live.
    reply = detail.locator(".hw-comment-advisor .hw-comment-body")
    reply.wait_for()
    proven(watch, widget, "widget: advisor reply", TEXTS, reply.inner_text())


@pytest.mark.proof
def test_chat_payloads_run_nowhere(lab, client, site, live_server, host_app, connect, watch):
    host_app.lang = "en"
    advisor = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    names = chunks(TEXTS, 200)
    # Eve, named by payloads, has requests and help articles for her page: the context pane.
    eve = identified(client, site, sub="eve", name=names[0], account_name=names[1],
                     email="eve@example.com")
    for text in TEXTS[:20]:
        assert post_ticket(client, site, eve, subject=text, cc=None).status_code == 201
    for number, text in enumerate(TEXTS[20:25]):
        make_article(site, text, locale="en", slug=f"chat-help-{number}",
                     summary=TEXTS[-1 - number], body="Help.", routes=["/xss-chat"])

    console = watch.page()
    sign_in_console(console, live_server, advisor.email)
    console.locator("#presence").click()
    console.locator("#presence[data-status='online']").wait_for()

    # Visitors named by payloads wait in the queue, their first message and page as previews.
    for name in names:
        visitor = connect("/visitor", {"site": site.key, "token": anonymous(client, site)})
        visitor.ok("chat:start", {"name": name, "page_route": name, "body": name,
                                  "client_id": uuid.uuid4().hex, "locale": "en"})
    queue = console.locator(".hw-chats-queued")
    console.wait_for_function(
        f"document.querySelectorAll('.hw-chats-queued').length >= {len(names)}")
    proven(watch, console, "console: chat queue (name, page, first message)", TEXTS,
           "\n".join(queue.all_inner_texts()))

    # Eve chats from the widget: every payload goes in a message of hers, a few to a message.
    messages = chunks(TEXTS, 300)
    jwt = sign_identity(site, sub="eve", name=names[0], account_name=names[1],
                        email="eve@example.com")
    host_app.extra_script = f"window.HelpWidget('identify', {json.dumps(jwt)});"
    widget = watch.page()
    frame = open_panel(widget, host_app, "/xss-chat")
    frame.locator(".hw-menu-item[data-item='chat']").click()
    frame.get_by_label("Your question").fill(messages[0])
    frame.get_by_role("button", name="Start chat").click()
    composer = frame.get_by_label("Your message")
    for text in messages[1:]:
        composer.fill(text)
        composer.press("Enter")
    log = frame.locator(".hw-chat-log")
    log.locator(".hw-msg-visitor:not(.is-pending)").nth(len(messages) - 1).wait_for()

    db.session.expire_all()
    chat_id = db.session.execute(db.select(Chat.id).where(Chat.user_id.is_not(None))).scalar_one()
    console.locator(f".hw-chats-queued[data-chat-id='{chat_id}'] button").first.click()
    pane = console.locator(f".hw-chat-pane[data-chat-id='{chat_id}']")
    pane.locator(".hw-msg-visitor").nth(len(messages) - 1).wait_for()
    proven(watch, console, "console: chat messages from the visitor", TEXTS,
           "\n".join(pane.locator(".hw-msg-visitor .hw-msg-body").all_inner_texts()))
    context = pane.locator(".hw-chat-facts").locator("xpath=..")
    context.locator(".hw-chat-articles").wait_for()
    proven(watch, console, "console: visitor context (name, account, tickets, articles)",
           [names[0], names[1], *TEXTS[:25], *TEXTS[-5:]], context.inner_text())

    # Marta answers with every payload from the console's composer.
    reply = pane.get_by_label("Your reply")
    for text in messages:
        reply.fill(text)
        reply.press("Enter")
    answers = log.locator(".hw-msg-advisor .hw-msg-body")
    answers.nth(len(messages) - 1).wait_for()
    proven(watch, console, "console: chat messages from the advisor", TEXTS,
           "\n".join(pane.locator(".hw-msg-advisor .hw-msg-body").all_inner_texts()))
    proven(watch, widget, "widget: chat messages (both ways)", TEXTS + TEXTS,
           "\n".join(answers.all_inner_texts() + log.locator(
               ".hw-msg-visitor .hw-msg-body").all_inner_texts()))


def article_body(payload):
    """Return an article's Markdown: a marker, the payload shown as code, then the payload raw."""
    return (f"Marker xsscatalog {payload.id}.\n\n~~~~\n{payload.text}\n~~~~\n\n"
            f"{payload.text}\n")


@pytest.mark.proof
def test_article_payloads_run_nowhere(lab, client, site, live_server, host_app, watch):
    host_app.lang = "en"
    admin = make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "admin"))
    categories = TEXTS[:12]
    # Through the article editor's own checks, saved in one batch (one search index write).
    items = [ArticleAdminInputSchema().load({
        "title": payload.text, "slug": f"xss-{payload.id}", "locale": "en",
        "summary": payload.text, "body": article_body(payload),
        "category": categories[payload.id % len(categories)], "tags": [payload.text[:60]],
        "routes": ["/xss-lab"] if payload.id <= 5 else []}) for payload in PAYLOADS]
    articles.save_articles(site, items)
    markers = [f"Marker xsscatalog {p.id}." for p in PAYLOADS]

    # The public help center: home, each category, each article, every page of a search.
    reader = watch.page()
    base = f"{live_server}/help/acme/en"
    reader.goto(f"{base}/")
    proven(watch, reader, "help center: home (categories, popular)", categories,
           reader.locator("main").inner_text())
    links = reader.locator("main a[href*='/categories/']")
    listed = []
    for href in [links.nth(i).get_attribute("href") for i in range(links.count())]:
        reader.goto(live_server + href if href.startswith("/") else href)
        listed.append(reader.locator("main").inner_text())
        watch.inspect(reader)
    proven(watch, reader, "help center: category pages (titles, summaries)", TEXTS,
           "\n".join(listed))
    # Every article page at once, side by side as frames of a blank page of the help server's
    # origin (their frame-ancestors allow it): each is a whole page with its own CSP.
    reader.route(f"{live_server}/__grid", lambda route: route.fulfill(
        body="<!doctype html><title>grid</title>", content_type="text/html"))
    reader.goto(f"{live_server}/__grid")
    reader.evaluate("""urls => Promise.all(urls.map(url => new Promise(done => {
        const frame = document.createElement("iframe");
        frame.src = url;
        frame.onload = done;
        document.body.appendChild(frame);
    })))""", [f"{base}/articles/xss-{p.id}" for p in PAYLOADS])
    frames = reader.main_frame.child_frames
    assert len(frames) == len(PAYLOADS)
    pages = [visible_form(frame.locator("main").inner_text()) for frame in frames]
    for payload in PAYLOADS:
        text = next(t for t in pages if visible_form(markers[payload.id - 1]) in t)
        # The title, the summary and the code block show it; the raw copy shows nothing live.
        assert text.count(visible_form(payload.text)) >= 3, payload
    proven(watch, reader, "help center: article pages (title, summary, Markdown body)",
           TEXTS + markers, "\n".join(pages), frames=frames)
    results, page_number = [], 1
    while True:
        reader.goto(f"{base}/search?q=xsscatalog&page={page_number}")
        results.append(reader.locator("main").inner_text())
        watch.inspect(reader)
        if reader.locator("a[rel=next]").count() == 0:
            break
        page_number += 1
    proven(watch, reader, "help center: search results (title, snippet)", TEXTS + markers,
           "\n".join(results))

    # The widget: search results, help on this page, and every article.
    widget = watch.page()
    frame = open_panel(widget, host_app, "/xss-lab")
    frame.locator(".hw-menu-item[data-item='page_help']").click()
    frame.locator(".hw-article-link").nth(4).wait_for()
    proven(watch, widget, "widget: help on this page", TEXTS[:5],
           frame.locator(".hw-article-list").inner_text())
    frame.get_by_role("button", name="Back").click()
    search_box(frame).fill("xsscatalog")
    found = frame.locator(".hw-result")
    found.nth(9).wait_for()
    titles = [t for t in TEXTS if shown(t, "\n".join(found.all_inner_texts()))]
    assert len(titles) >= 10
    proven(watch, widget, "widget: search results (title, snippet)", titles,
           "\n".join(found.all_inner_texts()))
    seen = []
    for payload in PAYLOADS:
        widget.evaluate("slug => window.HelpWidget('openArticle', slug)", f"xss-{payload.id}")
        body = frame.locator(".hw-article-body", has_text=markers[payload.id - 1])
        body.wait_for()
        seen.append(frame.locator(".hw-article").inner_text())
        watch.inspect(widget)
    proven(watch, widget, "widget: article view (title, Markdown body)", TEXTS + markers,
           "\n".join(seen))

    # The console: the admins' list of articles, then the editor.
    console = watch.page()
    sign_in_console(console, live_server, admin.email)
    console.get_by_role("tab", name="Articles").click()
    rows = console.locator(".article-list tbody tr")
    rows.nth(len(PAYLOADS) - 1).wait_for()
    proven(watch, console, "console: article list (title, category)", TEXTS,
           console.locator(".article-list").inner_text())
    # An admin writes one article with every payload in the editor: the preview as typed, then
    # the saved article. The raw copies come last, where an unclosed tag can hide nothing.
    console.get_by_role("button", name="New article").click()
    console.get_by_label("Title").fill(TEXTS[1])
    console.get_by_label("Summary").fill(TEXTS[2])
    console.get_by_label("Text (Markdown)").fill(
        "".join(f"Marker xsscatalog {p.id}.\n\n~~~~\n{p.text}\n~~~~\n\n" for p in PAYLOADS)
        + "\n\n".join(TEXTS))
    preview = console.locator(".article-editor .preview")
    preview.get_by_text(markers[-1]).wait_for()
    proven(watch, console, "console: article editor preview (every payload as typed)",
           TEXTS + markers, preview.inner_text())
    console.get_by_role("button", name="Save").click()
    console.locator(".article-editor h2", has_text="Edit: ").wait_for()
    previews = [console.locator(".article-editor h2").inner_text(), preview.inner_text()]
    proven(watch, console, "console: saved article in the editor (heading, body)",
           [TEXTS[1], *TEXTS, *markers], "\n".join(previews))


@pytest.mark.proof
def test_help_center_account_payloads_run_nowhere(site, live_server, watch):
    # A host's user named with each payload arrives signed in: the header shows the name.
    reader = watch.page()
    headers = []
    for payload in PAYLOADS:
        token = sign_identity(site, sub=f"hc{payload.id}", name=payload.text)
        reader.goto(f"{live_server}/help/acme/sso?jwt={token}&return_to=/help/acme/en/")
        watch.inspect(reader)
        headers.append(reader.locator("header .account").inner_text())
    proven(watch, reader, "help center: signed-in header (user name)", TEXTS, "\n".join(headers))


@pytest.mark.proof
def test_community_payloads_run_nowhere(site, live_server, host_app, watch):
    from helpwidget.models import Post
    from helpwidget.services import community, posts

    host_app.lang = "en"
    site.community_enabled = True
    db.session.commit()
    advisor = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    user, raw = help_center_session(site, "Camilo", "camilo@example.com")
    # Titles and bodies as stored (plain text); held ones are approved so everyone sees them.
    titles = [f"xsscommunity {t}" for t in chunks(TEXTS, 180)]
    bodies = chunks(TEXTS, 3900)
    questions = [posts.create(site, kind="question", title=title, locale="en", user=user,
                              body=bodies[i] if i < len(bodies) else "xsscommunity")
                 for i, title in enumerate(titles)]
    def approve_held():
        for post in db.session.execute(db.select(Post).filter_by(state="pending")).scalars():
            posts.approve(post, advisor)

    approve_held()
    answered = questions[0]
    for body in bodies:
        community.answer(site, answered, body, advisor=advisor)
    reply = community.answer(site, answered, bodies[0], user=user)
    approve_held()
    community.accept(answered, reply.id, user=user)

    reader = watch.page()
    base = f"{live_server}/help/acme/en/community"
    listed, page_number = [], 1
    while True:
        reader.goto(f"{base}?page={page_number}")
        listed.append(reader.locator("main").inner_text())
        watch.inspect(reader)
        if not reader.locator("main a[rel=next]").count():
            break
        page_number += 1
    proven(watch, reader, "help center: community list (question titles)", titles,
           "\n".join(listed))
    shown_pages = []
    for question in questions[:len(bodies)]:
        reader.goto(f"{base}/{question.id}")
        shown_pages.append(reader.locator("main").inner_text())
        watch.inspect(reader)
    proven(watch, reader, "help center: community questions (title, body, answers)",
           titles[:len(bodies)] + bodies, "\n".join(shown_pages))
    reader.goto(f"{live_server}/help/acme/en/search?q=xsscommunity")
    proven(watch, reader, "help center: search (community hits)", [titles[0]],
           reader.locator("main").inner_text())

    # The widget: an article's public comments and the team's replies below it.
    article = make_article(site, "Public answers", locale="en", slug="xss-answers", body="x")
    for body in bodies:
        comment = posts.create(site, kind="comment", body=body, locale="en", user=user,
                               article=article)
        approve_held()
        posts.create(site, kind="comment", body=body, locale="en", advisor=advisor,
                     article=article, parent=comment)
    page = watch.page()
    frame = open_panel(page, host_app)
    search_box(frame).fill("Public answers")
    frame.locator("button.hw-result").first.click()
    answers = frame.locator(".hw-answers")
    answers.locator(".hw-post-staff").first.wait_for()
    panel_frame = next(f for f in page.frames if f.name == "helpwidget-panel")
    proven(watch, page, "widget: public answers under an article", bodies, answers.inner_text(),
           frames=[page.main_frame, panel_frame])


@pytest.mark.proof
def test_comment_payloads_run_nowhere(lab, app, site, live_server, watch):
    """Comments under an article (author name and text) and the team's answers: help center
    page and the console's public posts, as text only."""
    from helpwidget.services import posts
    advisor = make_advisor("marta@support.example.com", "Marta Gómez", (site, "admin"))
    article = make_article(site, "Comentarios", "Texto.", slug="xss-comments")
    # One reader per payload, named by it, commenting it; then every payload in a few comments.
    for payload in PAYLOADS:
        user, _raw = help_center_user(site, f"x{payload.id}", payload.text,
                                      f"x{payload.id}@example.com")
        comment = posts.create(site, kind="comment", body=f"Comentario {payload.id}: "
                               f"{payload.text}", locale="es", user=user, article=article)
        posts.approve(comment, advisor) if comment.state == "pending" else None
    ana, raw = help_center_user(site, "ana", "Ana Pérez", "ana@example.com")
    bodies = chunks(TEXTS, 4000, "\n\n")
    for body in bodies:
        comment = posts.create(site, kind="comment", body=body, locale="es", user=ana,
                               article=article)
        posts.create(site, kind="comment", body=body, locale="es", advisor=advisor,
                     article=article, parent=comment)

    # The help center, signed in as Ana (her comments wait for review: she sees them marked).
    reader = watch.page()
    reader.context.add_cookies([{"name": "hw_help", "value": raw, "domain": "127.0.0.1",
                                 "path": "/help/acme/", "httpOnly": True}])
    reader.goto(f"{live_server}/help/acme/es/articles/xss-comments")
    reader.locator(".comments .badge.pending").first.wait_for()
    proven(watch, reader, "help center: comments (author, text) and team answers",
           TEXTS, reader.locator("#comments").inner_text())

    # The console: the queue (authors, excerpts) and each post in full.
    console = watch.page()
    sign_in_console(console, live_server, advisor.email)
    console.get_by_role("tab", name="Community & comments").click()
    rows = console.locator(".post-list .post-row")
    listed, details = [], []
    while True:
        rows.first.wait_for()
        listed.append(console.locator(".post-list").inner_text())
        for index in range(rows.count()):
            row = rows.nth(index)
            row.click()
            console.locator(f".post-detail[data-id='{row.get_attribute('data-id')}']").wait_for()
            details.append(console.locator(".post-detail").inner_text())
        watch.inspect(console)
        following = console.locator(".posts .pager").get_by_role("button", name="Next")
        if following.is_disabled():
            break
        first = rows.first.get_attribute("data-id")
        following.click()
        console.locator(f".post-row[data-id='{first}']").wait_for(state="detached")
    assert len(details) == len(PAYLOADS) + 2 * len(bodies)
    proven(watch, console, "console: public posts (author)", TEXTS, "\n".join(listed))
    proven(watch, console, "console: public post detail (author, text, answers)", TEXTS,
           "\n".join(details))


@pytest.mark.proof
def test_help_center_request_payloads_run_nowhere(lab, client, site, live_server, watch):
    from helpwidget.models import ChatMessage
    from helpwidget.services import identity, posts, tickets

    advisor = make_advisor("marta@support.example.com", "Marta Gómez", (site, "admin"))
    # Colleagues named with each payload share their requests with Ana's company.
    for payload in PAYLOADS:
        token = identified(client, site, sub=f"x{payload.id}", name=payload.text,
                           account_id="acc-1", email=f"x{payload.id}@example.com")
        assert post_ticket(client, site, token, subject=payload.text, shared=True,
                           cc=None).status_code == 201
    ana_widget = identified(client, site, sub="ana", name="Ana Pérez", account_id="acc-1")
    hostile_name = "<img src=x onerror=alert(0)>\u202egnp.png"
    file_id = upload(client, ana_widget, hostile_name)
    number = post_ticket(client, site, ana_widget, subject="Catálogo", description=ALL,
                         cc=None, attachments=[file_id]).get_json()["ticket"]["number"]
    tickets.advisor_comment(stored(number), advisor, ALL)
    widget_visitor = identity.visitor_for_token(site, ana_widget)
    chat = Chat(site_id=site.id, visitor_id=widget_visitor.id, user_id=widget_visitor.user_id,
                status="closed", locale="en", last_seq=2)
    db.session.add(chat)
    db.session.flush()
    db.session.add_all([ChatMessage(chat_id=chat.id, seq=1, client_id="c1",
                                    author_kind="visitor", body=ALL),
                        ChatMessage(chat_id=chat.id, seq=2, client_id="c2",
                                    author_kind="advisor", advisor_id=advisor.id, body=ALL)])
    db.session.commit()
    titles = chunks(TEXTS, 180)
    for title in titles:
        posts.create(site, kind="question", title=title, body="x", locale="en",
                     user=widget_visitor.user)

    reader = watch.page()
    sign_in(CookieJar(reader.context, live_server), site, sub="ana", name="Ana Pérez",
            account_id="acc-1")
    base = f"{live_server}/help/acme/en"
    listed, url = [], f"{base}/activity"
    while url:
        reader.goto(url)
        watch.inspect(reader)
        listed.append(reader.locator("main").inner_text())
        following = reader.locator("nav.act-pages a", has_text="Next")
        url = live_server + following.first.get_attribute("href") if following.count() else None
    proven(watch, reader, "help center: my activity (subjects, authors, chats, posts)",
           TEXTS + titles, "\n".join(listed))

    reader.goto(f"{base}/requests/{number}")
    reader.get_by_label("Your reply").fill(ALL)
    reader.get_by_role("button", name="Send reply").click()
    reader.locator(".req-comment-requester").wait_for()
    proven(watch, reader, "help center: request (description, advisor reply, own reply)",
           TEXTS, reader.locator(".req-description").inner_text() + "\n".join(
               reader.locator(".req-comment .req-body").all_inner_texts()))
    assert visible_form(display_name(hostile_name)) in visible_form(
        reader.locator("main").inner_text())
    reader.goto(f"{base}/activity/chats/{chat.id}")
    proven(watch, reader, "help center: chat transcript", TEXTS,
           reader.locator(".chat-transcript").inner_text())


def test_diagnostics_payloads_run_nowhere(lab, client, site, live_server, watch):
    # Diagnostics come from the host page (its errors) and the browser: every payload, packed
    # into error messages, the browser and the operating system, shown in the console's box.
    advisor = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    messages = chunks(TEXTS, 500)
    token = anonymous(client, site)
    for start in range(0, len(messages), 20):
        diagnostics = {"browser": chunks(TEXTS, 200)[0], "os": chunks(TEXTS, 100)[0],
                       "errors": [{"message": text, "line": 1}
                                  for text in messages[start:start + 20]]}
        response = post_ticket(client, site, token, subject=f"Diagnostics {start}", cc=None,
                               name="Ana", email="ana@example.com", diagnostics=diagnostics)
        assert response.status_code == 201, response.get_json()
    console = watch.page()
    sign_in_console(console, live_server, advisor.email)
    console.get_by_role("tab", name="Tickets").click()
    shown_text = []
    for start in range(0, len(messages), 20):
        console.locator(".ticket-row", has_text=f"Diagnostics {start}").click()
        console.locator(".detail-head h2", has_text=f"Diagnostics {start}").wait_for()
        box = console.locator(".detail-body").get_by_role("region", name="Diagnostics")
        box.locator(".diag-errors li").first.wait_for()
        watch.inspect(console)
        shown_text.append(box.inner_text())
    proven(watch, console, "console: diagnostics (browser, system, host page errors)", TEXTS,
           "\n".join(shown_text))

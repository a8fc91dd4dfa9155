"""The widget embedded in a host product on another origin, in headless Chromium: the loader's
launcher, loading on intent, the strict CSP, the JS API, keyboard use and forged messages."""
import pytest

from helpwidget.services import sites
from tests.support.fixtures_widget import open_panel, panel
from tests.support.identities import sign_identity

# Records what a page's (or the panel's) CSP refused, and every message the host window receives.
PROBES = """
document.addEventListener("securitypolicyviolation", function (event) {
  (window.__csp = window.__csp || []).push(event.violatedDirective + " " + event.blockedURI);
});
window.addEventListener("message", function (event) {
  var data = event.data || {};
  (window.__messages = window.__messages || []).push(data.type + (data.tag ? ":" + data.tag : ""));
});
"""
LAUNCHER = "#helpwidget-launcher"
FRAME = "iframe[name='helpwidget-panel']"


@pytest.fixture
def requests_seen(page):
    """Return the list of URLs the page (and its frames) requested, kept up to date."""
    page.add_init_script(PROBES)
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def panel_frame(page):
    """Return the panel's Frame (to evaluate script in it)."""
    return next(frame for frame in page.frames if frame.name == "helpwidget-panel")


def events(page):
    """Return the names of the widget events the host page received, in order."""
    return page.evaluate("window.__events.map(function (e) { return e[0]; })")


def wait_ready(page):
    """Wait until the panel has told the host page it is ready."""
    page.wait_for_function("() => window.__events.some((e) => e[0] === 'ready')")


def host_focus(page):
    """Describe the focused element of the host page, looking into the widget's shadow root."""
    return page.evaluate("""() => {
      var active = document.activeElement;
      if (active && active.shadowRoot && active.shadowRoot.activeElement) {
        var inner = active.shadowRoot.activeElement;
        return inner.tagName.toLowerCase() + (inner.id ? "#" + inner.id : "") +
          (inner.name ? "[" + inner.name + "]" : "");
      }
      return active ? active.tagName.toLowerCase() + (active.id ? "#" + active.id : "") : null;
    }""")


def post_from_window(page, type_, tag, data=None):
    """Post a message shaped like the panel's to the host window from the host page itself."""
    page.evaluate("([type, tag, data]) => window.postMessage("
                  "{source: 'helpwidget', type: type, tag: tag, data: data}, '*')",
                  [type_, tag, data])
    page.wait_for_function("(mark) => (window.__messages || []).includes(mark)",
                           arg=f"{type_}:{tag}")


def test_the_launcher_appears_and_the_panel_loads_only_on_intent(page, host_app, requests_seen):
    page.goto(host_app.url + "/invoices")
    launcher = page.locator(LAUNCHER)
    launcher.wait_for()
    assert launcher.get_attribute("aria-label") == "Ayuda"  # the host page's lang is es
    assert launcher.get_attribute("aria-expanded") == "false"
    assert page.locator(FRAME).count() == 0
    assert page.locator("#helpwidget-badge").is_hidden()
    # Settle the page fully: nothing of the panel was fetched meanwhile; the loader's frame script
    # (about 1.5 KB) came while the page was idle, so the first open waits for nothing more.
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests_seen if "/widget/panel" in url or (
        "/widget/assets/" in url and "/widget/assets/widget-frame.js?v=" not in url)]
    assert [url for url in requests_seen if "/widget/assets/widget-frame.js?v=" in url]

    with page.expect_request(lambda request: "/widget/assets/panel.js" in request.url):
        launcher.hover()
    frame = panel(page)
    frame.locator("#hw-root .hw-screen").wait_for(state="attached")
    assert page.locator(FRAME).is_hidden()  # loaded, not shown
    wait_ready(page)
    assert "open" not in events(page)

    launcher.click()
    assert page.locator(FRAME).is_visible()
    assert launcher.get_attribute("aria-expanded") == "true"
    assert launcher.get_attribute("aria-controls") == page.locator(FRAME).get_attribute("id")
    frame.locator("#hw-title").wait_for()
    assert frame.locator(".hw-menu-item").count() >= 1
    panel_url = next(url for url in requests_seen if "/widget/panel?" in url)
    assert f"origin={host_app.url.replace(':', '%3A').replace('/', '%2F')}" in panel_url
    assert "site=acme" in panel_url and "locale=es" in panel_url
    assert events(page) == ["ready", "open"]


def test_focus_on_the_launcher_also_counts_as_intent(page, host_app, requests_seen):
    page.goto(host_app.url)
    page.locator(LAUNCHER).wait_for()
    with page.expect_request(lambda request: "/widget/panel?" in request.url):
        page.locator(LAUNCHER).focus()
    wait_ready(page)
    assert page.locator(FRAME).is_hidden()


def test_it_works_under_the_host_pages_strict_csp(page, host_app, requests_seen):
    host_app.lang = "en"
    frame = open_panel(page, host_app)
    frame.locator(".hw-menu-item").first.wait_for()
    launcher = page.locator(LAUNCHER)
    # The launcher's styles reached it (constructable stylesheet under style-src 'self').
    assert launcher.evaluate("el => getComputedStyle(el).position") == "fixed"
    assert launcher.evaluate("el => getComputedStyle(el).borderRadius") == "50%"
    frame.locator("#hw-home-q").fill("factura")
    frame.locator("#hw-home-q").press("Enter")
    frame.locator("#hw-title", has_text="Search guides and videos").wait_for()
    assert page.evaluate("window.__csp || []") == []
    assert panel_frame(page).evaluate("window.__csp || []") == []
    assert "default-src 'self'" in page.evaluate(
        "fetch(location.href).then(r => r.headers.get('content-security-policy'))")


def test_a_host_origin_the_site_does_not_allow_gets_no_panel(page, host_app, site, requests_seen):
    sites.save_site(site.key, allowed_origins=["https://app.acme.test"])
    page.goto(host_app.url)
    with page.expect_response(lambda response: "/widget/panel?" in response.url) as answer:
        page.locator(LAUNCHER).click()
    assert answer.value.status == 403
    frame = panel(page)
    frame.locator("body").wait_for()
    page.wait_for_load_state("networkidle")
    assert frame.locator("#hw-root").count() == 0
    assert not [url for url in requests_seen if "/widget/assets/panel" in url]
    assert "ready" not in events(page)


def test_loading_the_script_twice_draws_one_launcher(page, host_app, requests_seen):
    host_app.extra_script = """
      var again = document.createElement("script");
      again.src = "%s/widget.js";
      again.setAttribute("data-site", "%s");
      again.nonce = document.currentScript.nonce;
      again.onload = function () { window.__second = true; };
      document.body.appendChild(again);
    """ % (host_app.help_url, host_app.site_key)
    page.goto(host_app.url)
    page.wait_for_function("() => window.__second === true")
    page.locator(LAUNCHER).wait_for()
    assert page.locator("script[src$='/widget.js']").count() == 2  # both ran (onload above)
    assert page.locator("helpwidget-root").count() == 1
    assert page.locator(LAUNCHER).count() == 1
    page.locator(LAUNCHER).click()
    wait_ready(page)
    assert page.locator(FRAME).count() == 1
    assert events(page) == ["open", "ready"]


def test_a_command_queued_before_the_script_loaded_runs(page, host_app):
    host_app.extra_script = 'window.HelpWidget("open");'
    page.goto(host_app.url)
    panel(page).locator("#hw-root .hw-screen").wait_for()
    wait_ready(page)
    assert page.locator(FRAME).is_visible()
    assert page.locator(LAUNCHER).get_attribute("aria-expanded") == "true"
    assert events(page) == ["open", "ready"]


def test_the_js_api_opens_closes_toggles_and_reports_events(page, host_app, requests_seen):
    host_app.lang = "en"
    page.goto(host_app.url)
    page.locator(LAUNCHER).wait_for()
    page.evaluate("""() => {
      window.__ignored = [];
      var ignored = function () { window.__ignored.push("open"); };
      HelpWidget("on", "open", ignored);
      HelpWidget("off", "open", ignored);
    }""")
    assert page.locator(FRAME).count() == 0

    page.evaluate("HelpWidget('open')")
    frame = panel(page)
    frame.locator("#hw-title", has_text="How can we help?").wait_for()
    wait_ready(page)
    assert page.locator(FRAME).is_visible()

    page.evaluate("HelpWidget('close')")
    assert page.locator(FRAME).is_hidden()
    assert page.locator(LAUNCHER).get_attribute("aria-expanded") == "false"
    page.evaluate("HelpWidget('toggle')")
    assert page.locator(FRAME).is_visible()
    page.evaluate("HelpWidget('toggle')")
    assert page.locator(FRAME).is_hidden()
    assert events(page) == ["open", "ready", "close", "open", "close"]
    assert page.evaluate("window.__ignored") == []

    page.evaluate("HelpWidget('search', 'factura electrónica')")
    frame.locator("#hw-title", has_text="Search guides and videos").wait_for()
    assert page.locator(FRAME).is_visible()
    page.evaluate("HelpWidget('open', 'contact')")
    frame.locator("#hw-title", has_text="Contact").wait_for()

    with page.expect_request(lambda request: request.url.endswith("/widget/strings/pl.json")):
        page.evaluate("HelpWidget('setLocale', 'pl')")
    assert page.locator(LAUNCHER).get_attribute("aria-label") == "Pomoc"
    assert page.locator(FRAME).get_attribute("title") == "Pomoc"
    panel_frame(page).wait_for_function("() => document.documentElement.lang === 'pl'")


def test_identify_and_logout_reach_the_panels_session(page, host_app, site):
    host_app.lang = "en"
    host_app.extra_script = """
      window.HelpWidget("on", "identify_failed", function (data) {
        window.__events.push(["identify_failed", data]);
      });
      window.HelpWidget("identify", "%s");
    """ % sign_identity(site)
    page.goto(host_app.url)
    page.locator(LAUNCHER).wait_for()
    assert page.locator(FRAME).count() == 0  # identifying alone loads nothing
    page.locator(LAUNCHER).click()
    frame = panel(page)
    frame.locator(".hw-greeting", has_text="Hello, Ana Pérez").wait_for()
    page.evaluate("HelpWidget('logout')")
    frame.locator(".hw-greeting").wait_for(state="detached")

    page.evaluate("HelpWidget('identify', 'not-a-token')")
    page.wait_for_function("() => window.__events.some((e) => e[0] === 'identify_failed')")
    failure = page.evaluate("window.__events.find((e) => e[0] === 'identify_failed')[1]")
    assert failure["message"]
    assert frame.locator(".hw-greeting").count() == 0


def test_spa_route_changes_reach_the_panel(page, host_app):
    host_app.lang = "en"
    page.goto(host_app.url + "/reports/sales")
    page.locator(LAUNCHER).wait_for()
    with page.expect_request(lambda r: "/api/v1/context?" in r.url) as first:
        page.evaluate("HelpWidget('open', 'page_help')")
    assert "route=%2Freports%2Fsales" in first.value.url
    with page.expect_request(lambda r: "/api/v1/context?" in r.url) as pushed:
        page.get_by_role("link", name="New invoice").click()
    assert "route=%2Finvoices%2Fnew" in pushed.value.url
    with page.expect_request(lambda r: "/api/v1/context?" in r.url) as popped:
        page.go_back()
    assert "route=%2Freports%2Fsales" in popped.value.url
    with page.expect_request(lambda r: "/api/v1/context?" in r.url) as hashed:
        page.evaluate("location.hash = '#totals'")
    assert "route=%2Freports%2Fsales%23totals" in hashed.value.url


def test_the_hosts_own_button_opens_the_panel(page, host_app, requests_seen):
    host_app.lang = "en"
    host_app.attributes = 'data-launcher="#help"'
    page.goto(host_app.url)
    button = page.locator("#help")
    page.wait_for_function(
        "() => document.getElementById('help').getAttribute('aria-expanded') === 'false'")
    assert page.locator(LAUNCHER).count() == 0
    assert button.get_attribute("aria-controls") == "helpwidget"
    assert page.locator(FRAME).count() == 0
    with page.expect_request(lambda request: "/widget/panel?" in request.url):
        button.hover()
    button.click()
    frame = panel(page)
    frame.locator("#hw-title", has_text="How can we help?").wait_for()
    assert button.get_attribute("aria-expanded") == "true"
    box, help_box = page.locator(FRAME).bounding_box(), button.bounding_box()
    assert box["y"] >= help_box["y"] + help_box["height"]  # under the host's button
    frame.get_by_role("button", name="Close help").click()
    assert page.locator(FRAME).is_hidden()
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "help"


def test_keyboard_only_the_panel_keeps_and_returns_focus(page, host_app):
    host_app.lang = "en"
    page.goto(host_app.url)
    page.locator(LAUNCHER).wait_for()
    for _ in range(10):
        page.keyboard.press("Tab")
        if host_focus(page) == "button#helpwidget-launcher":
            break
    assert host_focus(page) == "button#helpwidget-launcher"
    page.keyboard.press("Enter")
    frame = panel(page)
    frame.locator(".hw-menu-item").first.wait_for()
    inside = panel_frame(page)
    inside.wait_for_function(
        "() => document.hasFocus() && document.activeElement !== document.body")
    assert host_focus(page) == "iframe#helpwidget-panel[helpwidget-panel]"
    stops = frame.locator("button, input, a[href]").count()
    seen = set()
    for _ in range(stops + 3):
        page.keyboard.press("Tab")
        assert host_focus(page) == "iframe#helpwidget-panel[helpwidget-panel]"
        seen.add(inside.evaluate("document.activeElement.id || document.activeElement.textContent"))
    for _ in range(3):
        page.keyboard.press("Shift+Tab")
        assert host_focus(page) == "iframe#helpwidget-panel[helpwidget-panel]"
    assert len(seen) >= 3  # it moved through the panel's controls, wrapping around
    # A re-render can remove the focused control; Tab from what is left stays in the panel.
    last = frame.locator(".hw-menu-item").last
    last.focus()
    last.evaluate("(node) => node.closest('li').remove()")
    assert inside.evaluate("document.activeElement === document.body")
    page.keyboard.press("Tab")
    assert host_focus(page) == "iframe#helpwidget-panel[helpwidget-panel]"
    assert inside.evaluate("document.activeElement.getAttribute('aria-label')") == "Close help"
    page.keyboard.press("Escape")
    page.wait_for_function("() => document.activeElement.tagName === 'HELPWIDGET-ROOT'")
    assert page.locator(FRAME).is_hidden()
    assert host_focus(page) == "button#helpwidget-launcher"
    assert page.locator(LAUNCHER).get_attribute("aria-expanded") == "false"


def test_a_tab_the_host_page_receives_while_the_panel_has_focus_stays_in_the_panel(page, host_app):
    # Chromium can hand a key to the host page although the panel's frame holds focus; the loader
    # must then keep focus in the panel and move it on, as the panel's own Tab would.
    host_app.lang = "en"
    open_panel(page, host_app)
    inside = panel_frame(page)
    inside.wait_for_function("() => document.activeElement.id === 'hw-title'")
    tab = """(shift) => document.dispatchEvent(new KeyboardEvent(
      "keydown", {key: "Tab", shiftKey: shift, bubbles: true, cancelable: true}))"""
    assert page.evaluate(tab, False) is False  # the loader cancelled the browser's own move
    on_close = "() => document.activeElement.getAttribute('aria-label') === 'Close help'"
    inside.wait_for_function(on_close)
    page.evaluate(tab, False)
    inside.wait_for_function("() => document.activeElement.id === 'hw-home-q'")
    page.evaluate(tab, True)
    inside.wait_for_function(on_close)
    assert host_focus(page) == "iframe#helpwidget-panel[helpwidget-panel]"
    # Closed, the panel leaves the host page's keys alone.
    page.keyboard.press("Escape")
    page.locator(FRAME).wait_for(state="hidden")
    assert page.evaluate(tab, False) is True


def test_forged_messages_are_ignored(page, host_app, requests_seen):
    page.goto(host_app.url)
    page.locator(LAUNCHER).wait_for()
    # The host page itself (or any script in it) pretending to be the panel.
    post_from_window(page, "ready", "self")
    assert "ready" not in events(page)

    page.locator(LAUNCHER).click()
    wait_ready(page)
    post_from_window(page, "close", "self")
    post_from_window(page, "unread", "self", {"count": 7})
    assert page.locator(FRAME).is_visible()
    assert page.locator("#helpwidget-badge").is_hidden()

    # Another frame from the help server's own origin: right origin, wrong window.
    page.evaluate("""(src) => {
      var rogue = document.createElement("iframe");
      rogue.name = "rogue";
      rogue.src = src;
      document.body.appendChild(rogue);
    }""", f"{host_app.help_url}/widget/panel?site={host_app.site_key}&origin={host_app.url}")
    page.wait_for_function(
        "() => (window.__messages || []).filter((m) => m === 'ready').length === 2")
    assert events(page).count("ready") == 1
    rogue = next(frame for frame in page.frames if frame.name == "rogue")
    rogue.evaluate("""(origin) => {
      parent.postMessage({source: "helpwidget", type: "close", tag: "rogue"}, origin);
      parent.postMessage(
        {source: "helpwidget", type: "unread", tag: "rogue", data: {count: 5}}, origin);
    }""", host_app.url)
    page.wait_for_function("() => (window.__messages || []).includes('unread:rogue')")
    assert page.locator(FRAME).is_visible()
    assert page.locator("#helpwidget-badge").is_hidden()
    assert events(page) == ["open", "ready"]

    # The real panel, for contrast: the same unread message counts.
    panel_frame(page).evaluate("""(origin) => parent.postMessage(
      {source: "helpwidget", type: "unread", data: {count: 2}}, origin)""", host_app.url)
    page.locator("#helpwidget-badge", has_text="2").wait_for()
    assert page.locator(LAUNCHER).get_attribute("aria-label") == "Ayuda (2)"
    assert events(page) == ["open", "ready", "unread"]


def test_the_panel_fills_a_phone_screen(page, host_app):
    page.set_viewport_size({"width": 390, "height": 844})
    open_panel(page, host_app)
    box = page.locator(FRAME).bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 844)


def test_the_panel_floats_next_to_the_launcher_on_a_desktop(page, host_app):
    page.set_viewport_size({"width": 1280, "height": 800})
    host_app.attributes = 'data-position="top-left"'
    open_panel(page, host_app)
    box, launcher = page.locator(FRAME).bounding_box(), page.locator(LAUNCHER).bounding_box()
    assert launcher["x"] < 100 and launcher["y"] < 100
    assert box["x"] < 100 and box["y"] > launcher["y"] + launcher["height"]
    assert box["width"] <= 400 and box["height"] <= 640

"""Console fixes seen in headless Chromium: notices, topics, answered tickets, alerts, layout;
and the demo host page on a phone-sized screen."""
import uuid

import pytest

from helpwidget.services import sites
from tests.support.fixtures_advisors import go_online, sign_in_console
from tests.support.fixtures_tickets import identified, post_ticket

# Stands in for the browser's notifications: records what the console asks and shows.
NOTIFICATIONS = """
(() => {
  const state = {asked: 0, shown: [], permission: %s, answer: %s};
  class FakeNotification {
    constructor(title, options) { state.shown.push([title, (options || {}).body || ""]); }
    close() {}
    static get permission() { return state.permission; }
    static requestPermission() {
      state.asked += 1;
      state.permission = state.answer;
      return Promise.resolve(state.permission);
    }
  }
  window.Notification = FakeNotification;
  window.__notifications = state;
  // Counts the console's beeps.
  const original = window.AudioContext && window.AudioContext.prototype.createOscillator;
  window.__beeps = 0;
  if (original) {
    window.AudioContext.prototype.createOscillator = function () {
      window.__beeps += 1;
      return original.apply(this, arguments);
    };
  }
})();
"""


def fake_notifications(page, permission="default", answer="granted"):
    """Replace the browser's Notification API before the console's scripts run."""
    page.add_init_script(NOTIFICATIONS % (f'"{permission}"', f'"{answer}"'))


def test_the_sent_notice_does_not_cover_the_send_button(page, live_server, client, site,
                                                       advisor):
    token = identified(client, site, sub="ana", name="Ana", email="ana@example.com")
    post_ticket(client, site, token, subject="No puedo emitir facturas")
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Tickets").click()
    page.locator(".ticket-row", has_text="No puedo emitir facturas").click()
    page.get_by_label("Message").fill("Ya lo revisamos.")
    send = page.get_by_role("button", name="Send reply")
    send.click()
    page.get_by_role("status").filter(has_text="Reply sent").wait_for()
    # Whatever says "sent" is on screen now, the button is still the thing under the pointer.
    box = send.bounding_box()
    on_top = page.evaluate("([x, y]) => { const el = document.elementFromPoint(x, y);"
                           " return el && el.closest('button') && el.closest('button').textContent;"
                           "}", [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert on_top == "Send reply"
    assert page.locator(".toast").count() == 0


def test_the_ticket_list_stops_counting_down_once_answered(page, live_server, client, site,
                                                          advisor):
    token = identified(client, site, sub="ana", name="Ana", email="ana@example.com")
    post_ticket(client, site, token, subject="No puedo emitir facturas")
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Tickets").click()
    row = page.locator(".ticket-row", has_text="No puedo emitir facturas")
    assert "First response due" in row.locator(".due").inner_text()
    row.click()
    page.get_by_label("Message").fill("Ya lo revisamos.")
    page.get_by_role("button", name="Send reply").click()
    page.locator(".thread .message.advisor", has_text="Ya lo revisamos.").wait_for()
    due = page.locator(".ticket-row", has_text="No puedo emitir facturas").locator(".due")
    due.filter(has_text="First response sent").wait_for()
    assert "due" not in due.inner_text()


def test_chat_topics_show_the_sites_label_in_the_advisors_language(page, live_server, site,
                                                                  advisor, visitor):
    sites.save_site(site.key, chat_topics=[
        {"key": "payroll", "label": {"es": "Nómina", "en": "Payroll and salaries"}}])
    sign_in_console(page, live_server, advisor.email)
    go_online(page)
    visitor.call("chat:start", {"name": "Ana", "topic": "payroll", "locale": "es",
                                "client_id": str(uuid.uuid4()), "body": "Hola"})
    queued = page.locator(".hw-chats-queued", has_text="Ana")
    queued.get_by_text("Payroll and salaries").wait_for()
    assert "payroll" not in queued.inner_text()
    queued.get_by_role("button", name="Claim").click()
    pane = page.locator(".hw-chat-pane:visible")
    pane.get_by_text("Payroll and salaries").wait_for()


def test_the_chat_sidebar_keeps_clear_of_the_windows_edge(page, live_server, advisor):
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in_console(page, live_server, advisor.email)
    side = page.locator(".hw-chats-side")
    heading = side.locator("h2").first
    heading.wait_for()
    assert side.bounding_box()["x"] >= 12
    assert heading.bounding_box()["x"] >= 12


def test_alerts_are_on_without_a_click_and_a_new_chat_is_not_missed(page, live_server,
                                                                    advisor, visitor):
    fake_notifications(page, permission="default", answer="granted")
    sign_in_console(page, live_server, advisor.email)
    # The browser asked at sign-in, with nothing clicked.
    page.wait_for_function("() => window.__notifications.asked === 1")
    go_online(page)  # a click: from now on the browser lets the console play sounds
    visitor.call("chat:start", {"name": "Ana", "topic": "", "locale": "es",
                                "client_id": str(uuid.uuid4()), "body": "¿Hay alguien?"})
    page.wait_for_function("() => window.__notifications.shown.length === 1")
    assert page.evaluate("window.__notifications.shown") == [["New chat waiting",
                                                              "Ana: ¿Hay alguien?"]]
    assert page.evaluate("window.__beeps") >= 1
    alert = page.locator(".toast", has_text="New chat waiting")
    alert.wait_for()
    assert page.title().startswith("(1) waiting")
    page.wait_for_timeout(7000)  # longer than a passing notice lasts
    assert alert.is_visible()
    page.locator(".hw-chats-queued", has_text="Ana").get_by_role("button", name="Claim").click()
    alert.wait_for(state="detached")
    assert not page.title().startswith("(")
    # Reloading in this tab (its sign-in) does not ask again, though the answer is still open.
    page.reload()
    page.locator("#live[data-state='online']").wait_for()
    assert page.evaluate("window.__notifications.asked") == 0


def test_a_denied_permission_is_said_on_the_page(page, live_server, advisor, visitor):
    fake_notifications(page, permission="default", answer="denied")
    sign_in_console(page, live_server, advisor.email)
    page.wait_for_function("() => window.__notifications.asked === 1")
    banner = page.get_by_role("alert").filter(has_text="blocks notifications")
    banner.wait_for()
    go_online(page)
    visitor.call("chat:start", {"name": "Ana", "topic": "", "locale": "es",
                                "client_id": str(uuid.uuid4()), "body": "Hola"})
    page.locator(".toast", has_text="New chat waiting").wait_for()
    assert page.evaluate("window.__notifications.shown") == []


@pytest.mark.parametrize("key", ["facturafacil", "ksiegowo"])
def test_the_demo_host_page_fits_a_390_px_phone(app, live_server, browser, demo_sites,
                                               key):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(f"{live_server}/demo/{key}")
        routes = page.eval_on_selector_all(".app-nav a", "els => els.map(e => e.href)")
        assert len(routes) >= 5
        for url in [page.url] + routes:
            page.goto(url)
            page.locator("#main h1:visible").first.wait_for()
            widths = page.evaluate("[document.documentElement.scrollWidth,"
                                   " document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], (url, widths)
            for box in (".try", "#main", ".app-bar"):
                right = page.locator(box).bounding_box()
                assert right["x"] >= 0 and right["x"] + right["width"] <= 390, (url, box)
    finally:
        context.close()

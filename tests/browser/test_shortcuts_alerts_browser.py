"""The console's keyboard shortcuts, its alerts (a notification, a beep, a toast) for a new chat
and for a requester's reply, and the reply email choice in My account, in headless Chromium."""
import uuid

from helpwidget.services import tickets
from tests.support.fixtures_advisors import go_online, sign_in_console
from tests.support.fixtures_chat import Visitor
from tests.support.fixtures_tickets import anonymous, auth, identified, post_ticket, stored

# Records the notifications the console shows (the permission is the context's real one, granted
# by the test) and the beeps it plays (each one starts an oscillator).
RECORDER = """
(() => {
  const Real = window.Notification;
  const record = { notifications: [], beeps: 0 };
  class Recorded {
    constructor(title, options) {
      this.title = title;
      this.body = (options || {}).body || "";
      this.onclick = null;
      record.notifications.push(this);
    }
    close() {}
    static get permission() { return Real.permission; }
    static requestPermission(callback) { return Real.requestPermission(callback); }
  }
  window.Notification = Recorded;
  window.__alerts = record;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function () {
    record.beeps += 1;
    return start.apply(this, arguments);
  };
})();
"""


def _recording(page, live_server):
    """Let the console notify (as a first sign-in's prompt would) and record what it does."""
    page.context.grant_permissions(["notifications"], origin=live_server)
    page.add_init_script(RECORDER)


def _shown(page):
    """Return [[title, body]] of the notifications shown so far."""
    return page.evaluate("window.__alerts.notifications.map((n) => [n.title, n.body])")


def _focused(page):
    """Return a description of the focused element: tag, name and aria-label."""
    return page.evaluate("(() => { const el = document.activeElement;"
                         " return [el.tagName, el.getAttribute('name') || '',"
                         " el.getAttribute('aria-label') || '']; })()")


def _wait_for_view(page, name):
    """Wait until the console shows the view `name` (its tab selected)."""
    page.locator(f"#tab-{name}[aria-selected='true']").wait_for()


def _blur(page):
    """Put focus back on the page itself, as a click on plain text does."""
    page.evaluate("document.activeElement && document.activeElement.blur()")


def test_question_mark_lists_the_shortcuts_and_escape_closes_it(page, live_server, advisor):
    sign_in_console(page, live_server, advisor.email)
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    assert dialog.count() == 0
    page.keyboard.press("?")
    dialog.wait_for()
    assert dialog.get_by_role("heading", name="Keyboard shortcuts").is_visible()
    assert "Go to Tickets" in dialog.inner_text()
    assert dialog.locator("kbd", has_text="j").count() == 1
    # Focus is inside and stays there, whichever way Tab goes.
    assert _focused(page) == ["BUTTON", "", "Close"]
    for key in ("Tab", "Shift+Tab", "Tab"):
        page.keyboard.press(key)
        assert page.evaluate("document.activeElement.closest('[role=dialog]') !== null")
    page.keyboard.press("j")  # no shortcut runs behind the open list
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")

    # The header's button opens the same list, and focus goes back to the button on closing.
    button = page.get_by_role("button", name="Keyboard shortcuts")
    button.click()
    dialog.wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "shortcuts-help"
    # Ctrl held: the browser's key, not the console's.
    _blur(page)
    page.keyboard.press("Control+Shift+Slash")
    page.wait_for_timeout(200)
    assert dialog.count() == 0


def test_keys_change_view_walk_the_tickets_and_reach_the_reply_box(page, live_server, client,
                                                                   site, advisor):
    ana = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com")
    for subject in ("Primera consulta", "Segunda consulta", "Tercera consulta"):
        post_ticket(client, site, ana, subject=subject, cc=[])
    sign_in_console(page, live_server, advisor.email)
    tickets_tab = page.get_by_role("tab", name="Tickets")
    page.keyboard.press("g")
    page.keyboard.press("t")
    _wait_for_view(page, "tickets")
    assert tickets_tab.get_attribute("aria-selected") == "true"
    rows = page.locator(".ticket-row")
    rows.nth(2).wait_for()
    subjects = [rows.nth(i).locator(".subject").inner_text() for i in range(3)]
    heading = page.locator(".detail-head h2 .subject")

    page.keyboard.press("j")
    heading.filter(has_text=subjects[0]).wait_for()
    page.keyboard.press("j")
    heading.filter(has_text=subjects[1]).wait_for()
    page.locator(".ticket-row[aria-current='true']", has_text=subjects[1]).wait_for()
    page.keyboard.press("k")
    heading.filter(has_text=subjects[0]).wait_for()

    page.keyboard.press("r")
    assert _focused(page) == ["TEXTAREA", "body", "Message"]
    box = page.get_by_label("Message")
    assert box.input_value() == ""  # the key that focused it was not typed
    page.keyboard.type("¿Seguro? ¿Y j/k?")
    assert box.input_value() == "¿Seguro? ¿Y j/k?"
    assert page.get_by_role("dialog").count() == 0
    assert heading.inner_text() == subjects[0]  # j and k were typed, not run

    _blur(page)
    page.keyboard.press("n")
    assert page.locator("form.reply input[name='internal']").is_checked()
    assert _focused(page)[:2] == ["TEXTAREA", "body"]
    page.get_by_role("button", name="Add note").wait_for()
    _blur(page)
    page.keyboard.press("r")
    assert not page.locator("form.reply input[name='internal']").is_checked()

    _blur(page)
    page.keyboard.press("s")
    assert _focused(page) == ["SELECT", "status", "Status"]
    _blur(page)
    page.keyboard.press("/")
    assert _focused(page)[:2] == ["INPUT", "q"]
    assert page.locator(".filters input[name='q']").input_value() == ""

    _blur(page)
    page.keyboard.press("g")
    page.keyboard.press("v")
    _wait_for_view(page, "conversations")
    page.locator("#view-conversations input[name='q']").wait_for()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.closest('#view-conversations') !== null")
    assert _focused(page)[:2] == ["INPUT", "q"]
    _blur(page)
    page.keyboard.press("g")
    page.keyboard.press("c")
    _wait_for_view(page, "chats")


def test_a_new_chat_alerts_and_c_claims_it_into_the_reply_box(page, live_server, client, site,
                                                              advisor, visitor):
    _recording(page, live_server)
    sign_in_console(page, live_server, advisor.email)
    go_online(page)
    chat = visitor.call("chat:start", {"name": "Ana", "locale": "es",
                                       "client_id": str(uuid.uuid4()),
                                       "body": "¿Hay alguien?"})["chat"]
    page.wait_for_function("() => window.__alerts.notifications.length === 1")
    assert _shown(page) == [["New chat waiting", "Ana: ¿Hay alguien?"]]
    assert page.evaluate("window.__alerts.beeps") >= 1
    page.locator(".toast", has_text="New chat waiting").wait_for()

    page.keyboard.press("c")
    assert visitor.wait_for("chat:status")["chat"]["status"] == "active"
    pane = page.locator(f".hw-chat-pane[data-chat-id='{chat['id']}']")
    pane.locator(".hw-msg-visitor").wait_for()
    composer = pane.get_by_label("Your reply")
    composer.wait_for()
    page.wait_for_function("() => document.activeElement.tagName === 'TEXTAREA'")
    assert composer.evaluate("(el) => el === document.activeElement")
    page.keyboard.type("?")  # typed into the reply, never the list
    assert composer.input_value() == "?"
    assert page.get_by_role("dialog").count() == 0
    _blur(page)
    page.keyboard.press("r")
    assert _focused(page)[0] == "TEXTAREA"

    # A second chat, claimed the same way; then k and j walk between the two.
    second = Visitor(live_server, site.key, anonymous(client, site))
    try:
        second.call("chat:start", {"name": "Bea", "locale": "es", "client_id": str(uuid.uuid4()),
                                   "body": "Otra consulta"})
        page.locator(".hw-chats-queued", has_text="Bea").wait_for()
        _blur(page)
        page.keyboard.press("c")
        current = page.locator(".hw-chats-tab[aria-current='true']")
        current.filter(has_text="Bea").wait_for()
        _blur(page)
        page.keyboard.press("k")
        current.filter(has_text="Ana").wait_for()
        assert pane.is_visible()
        page.keyboard.press("j")
        current.filter(has_text="Bea").wait_for()
        assert not pane.is_visible()
    finally:
        second.client.disconnect()


def test_a_requesters_reply_on_my_ticket_alerts_and_opens_it(page, live_server, client, site,
                                                             advisor):
    ana = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com")
    number = post_ticket(client, site, ana, subject="Factura duplicada", cc=[]).get_json()[
        "ticket"]["number"]
    tickets.assign(stored(number), advisor)
    _recording(page, live_server)
    sign_in_console(page, live_server, advisor.email)
    response = client.post(f"/api/v1/tickets/{number}/comments",
                           json={"site": site.key, "body": "Sigue duplicada, adjunto otra"},
                           headers=auth(ana))
    assert response.status_code == 201, response.get_json()

    page.wait_for_function("() => window.__alerts.notifications.length === 1")
    assert _shown(page) == [[f"Ana Pérez replied on request #{number}",
                             "Sigue duplicada, adjunto otra"]]
    assert page.evaluate("window.__alerts.beeps") >= 1
    toast = page.locator(".toast", has_text=f"Ana Pérez replied on request #{number}")
    toast.wait_for()
    assert "urgent" not in toast.get_attribute("class")
    # A click on the browser's notification opens the ticket in the Tickets view.
    page.evaluate("window.__alerts.notifications[0].onclick()")
    page.locator(".detail-head h2", has_text="Factura duplicada").wait_for()
    assert page.get_by_role("tab", name="Tickets").get_attribute("aria-selected") == "true"
    page.locator(".thread", has_text="Sigue duplicada, adjunto otra").wait_for()

    # The email sent while signed out links to the same ticket, which the console opens.
    assert page.url.startswith(f"{live_server}/console#")  # so this is a new page, not a fragment
    page.goto(f"{live_server}/console/#tickets/{number}")
    page.locator(".detail-head h2", has_text="Factura duplicada").wait_for()
    assert page.get_by_role("tab", name="Tickets").get_attribute("aria-selected") == "true"


# A browser that has not been answered yet: counts the console's questions on each page load.
UNANSWERED = """
window.__asked = 0;
window.Notification = class {
  static get permission() { return "default"; }
  static requestPermission() { window.__asked += 1; return new Promise(() => {}); }
};
"""


def test_notifications_are_asked_about_once_per_sign_in(page, live_server, advisor):
    page.add_init_script(UNANSWERED)
    sign_in_console(page, live_server, advisor.email)
    page.wait_for_function("() => window.__asked === 1")
    page.reload()
    page.locator("#live[data-state='online']").wait_for()
    assert page.evaluate("window.__asked") == 0  # the same sign-in
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for()
    sign_in_console(page, live_server, advisor.email)
    page.wait_for_function("() => window.__asked === 1")


def test_the_reply_email_choice_is_kept(page, live_server, advisor):
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="My account").click()
    choice = page.get_by_label("Email me when a requester replies on my ticket while I am "
                               "signed out")
    assert choice.is_checked()
    choice.uncheck()
    page.get_by_text("Your email choice was saved").wait_for()
    page.reload()
    page.get_by_role("tab", name="My account").click()
    assert not choice.is_checked()
    choice.check()
    page.get_by_text("Your email choice was saved").wait_for()
    page.reload()
    page.get_by_role("tab", name="My account").click()
    assert choice.is_checked()

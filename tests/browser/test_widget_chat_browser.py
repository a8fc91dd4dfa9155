"""Live chat in the help panel, in Chromium: a visitor on a host page, an advisor in the console."""
import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models.chat import Chat, ChatMessage
from helpwidget.services import chat_handoff, sites
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import advisor_login, go_online, sign_in_console
from tests.support.fixtures_widget import open_panel
from tests.support.identities import sign_identity

# A 1×1 PNG, and a script that pastes it into an element and drops a text file on it.
PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJ"
       "RU5ErkJggg==")
PASTE_AND_DROP = """(element, png) => {
  const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
  const pasted = new DataTransfer();
  pasted.items.add(new File([bytes], "screenshot.png", { type: "image/png" }));
  element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: pasted, bubbles: true,
                                                      cancelable: true }));
  const dropped = new DataTransfer();
  dropped.items.add(new File(["Steps I took\\n"], "notes.txt", { type: "text/plain" }));
  for (const type of ["dragover", "drop"]) {
    element.dispatchEvent(new DragEvent(type, { dataTransfer: dropped, bubbles: true,
                                                cancelable: true }));
  }
}"""
FIRST = "<script>alert(1)</script> I cannot issue <b>invoices</b>"
ANSWER = "Hi Ana, <img src=x onerror=alert(2)> let me check."


@pytest.fixture
def english_host(host_app):
    """The host page in English, so these tests do not depend on when catalogs are merged."""
    host_app.lang = "en"
    return host_app


@pytest.fixture
def console_page(browser, live_server):
    """Return a page of a second browser context, for the advisor's console."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


def open_chat(page, host):
    """Open the panel and the chat from the menu; return the panel frame."""
    frame = open_panel(page, host)
    frame.locator(".hw-menu-item[data-item='chat']").click()
    frame.locator("#hw-title", has_text="Chat with an advisor").wait_for()
    return frame


def test_with_nobody_online_the_chat_offers_a_ticket(page, english_host, site):
    frame = open_chat(page, english_host)
    frame.get_by_text("No advisor is online right now.").wait_for()
    assert frame.get_by_role("button", name="Start chat").count() == 0

    question = frame.get_by_label("What do you need help with?")
    question.fill("The invoice list is empty\nSince this morning nothing shows.")
    frame.get_by_role("button", name="Leave a request").click()
    frame.locator("#hw-title", has_text="New request").wait_for()
    frame.get_by_role("button", name=re.compile("^Questions")).click()
    assert frame.get_by_label("Subject").input_value() == "The invoice list is empty"
    assert frame.get_by_label("Description").input_value() == (
        "The invoice list is empty\nSince this morning nothing shows.")


def test_the_chat_opens_when_an_advisor_comes_online(page, client, english_host, site, advisor,
                                                      connect):
    frame = open_chat(page, english_host)
    frame.get_by_text("No advisor is online right now.").wait_for()
    console = connect("/advisor", {"token": advisor_login(client, advisor.email)})
    console.ok("presence:set", {"status": "online"})
    frame.get_by_role("button", name="Start chat").wait_for()
    assert frame.get_by_text("No advisor is online right now.").count() == 0


def test_outside_support_hours_the_chat_says_when_it_opens(page, english_host, site):
    # Open one hour on a day two days away: closed now, whatever the time of the test.
    day = (utcnow() + timedelta(days=2)).strftime("%a").lower()
    sites.save_site(site.key, contact={"hours": {"timezone": "UTC", "days": [day],
                                                 "open": "09:00", "close": "10:00"}})
    frame = open_chat(page, english_host)
    frame.get_by_text(re.compile("^Our advisors are not available right now. We will be back on ")
                      ).wait_for()
    assert frame.get_by_role("button", name="Leave a request").is_visible()


def test_a_visitor_chats_with_an_advisor_in_the_console(page, console_page, english_host, site,
                                                        advisor, live_server):
    console = console_page
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in_console(console, live_server, advisor.email)
    go_online(console)

    frame = open_chat(page, english_host)
    frame.get_by_label("Your name").fill("Ana")
    frame.get_by_label("Your question").fill(FIRST)
    frame.get_by_role("button", name="Start chat").click()
    mine = frame.locator(".hw-msg-visitor .hw-msg-body")
    mine.wait_for()
    frame.get_by_text(re.compile("Waiting for an advisor")).wait_for()

    # The advisor claims the chat from the queue; the visitor sees who answers.
    console.get_by_role("button", name="Claim the chat with Ana").click()
    chat_id = db.session.execute(db.select(Chat.id)).scalar_one()
    pane = console.locator(f".hw-chat-pane[data-chat-id='{chat_id}']")
    assert pane.locator(".hw-msg-visitor .hw-msg-body").inner_text() == FIRST
    frame.get_by_text(f"You are chatting with {advisor.name}.").wait_for()

    # The advisor read the message: the visitor sees "Seen" under it.
    frame.locator(".hw-msg-visitor .hw-msg-seen").wait_for()

    # Typing shows on both sides.
    composer = pane.get_by_label("Your reply")
    composer.press_sequentially("Hi", delay=20)
    frame.get_by_text(f"{advisor.name} is typing…").wait_for()
    composer.fill(ANSWER)
    composer.press("Enter")
    answer = frame.locator(".hw-msg-advisor .hw-msg-body", has_text="let me check")
    answer.wait_for()
    assert answer.inner_text() == ANSWER
    frame.get_by_text(f"{advisor.name} is typing…").wait_for(state="hidden")
    # The widget had the chat on screen, so it told the advisor the answer was read.
    pane.locator(".hw-msg-advisor .hw-msg-receipt", has_text="Seen").wait_for()

    box = frame.get_by_label("Your message")
    box.press_sequentially("Thanks", delay=20)
    pane.get_by_text("Ana is typing…").wait_for()
    box.press("Enter")
    pane.locator(".hw-msg-visitor .hw-msg-body", has_text="Thanks").wait_for()
    frame.locator(".hw-msg-visitor.is-pending").wait_for(state="detached")

    # Message text is text: no element of the visitor's or the advisor's markup exists.
    assert frame.locator(".hw-chat-log script, .hw-chat-log b, .hw-chat-log img").count() == 0
    assert dialogs == []

    # With the panel closed, the advisor's messages count on the launcher's badge.
    frame.get_by_role("button", name="Close help").click()
    badge = page.locator("#helpwidget-badge")
    for text in ("One more thing", "Are you still there?"):
        composer.fill(text)
        composer.press("Enter")
    page.locator("#helpwidget-badge:not([hidden])", has_text="2").wait_for()
    assert [event[1]["message"]["body"] for event in page.evaluate("window.__events")
            if event[0] == "chat_message"] == [ANSWER, "One more thing", "Are you still there?"]

    # Opening the panel on the chat reads them: the badge goes and the advisor sees "Seen".
    page.locator("#helpwidget-launcher").click()
    frame.get_by_text("Are you still there?").wait_for()
    badge.wait_for(state="hidden")
    pane.locator(".hw-msg-advisor .hw-msg-receipt", has_text="Seen").last.wait_for()

    db.session.expire_all()
    stored = db.session.execute(db.select(ChatMessage.author_kind, ChatMessage.body).filter_by(
        chat_id=chat_id).order_by(ChatMessage.seq)).all()
    assert [tuple(row) for row in stored] == [
        ("visitor", FIRST), ("advisor", ANSWER), ("visitor", "Thanks"),
        ("advisor", "One more thing"), ("advisor", "Are you still there?")]


def start_chat(page, host, body, name="Ana", topic=None):
    """Open the chat on the host page and send the first message; return the panel frame."""
    frame = open_chat(page, host)
    if topic:
        frame.get_by_label("Topic").select_option(label=topic)
    if name:
        frame.get_by_label("Your name").fill(name)
    frame.get_by_label("Your question").fill(body)
    frame.get_by_role("button", name="Start chat").click()
    frame.locator(".hw-msg-visitor:not(.is-pending) .hw-msg-body", has_text=body).wait_for()
    return frame


def test_after_a_reload_the_chat_resumes_with_what_was_missed(page, english_host, site, advisor,
                                                               console):
    # `console` is Marta's console on a real Socket.IO client (fixtures_chat). The host signs
    # its user in on every page, as host apps do, so the chat is still hers after a reload.
    token = sign_identity(site, sub="ana", name="Ana Pérez", email="ana@example.com")
    english_host.extra_script = f'window.HelpWidget("identify", "{token}");'
    frame = start_chat(page, english_host, "Hola", name=None)
    chat_id = console.wait("chat:queued")["chat"]["id"]
    console.ok("chat:claim", {"chat_id": chat_id})
    frame.get_by_text(f"You are chatting with {advisor.name}.").wait_for()

    page.reload()
    # A chat in progress loads the panel with the page, so the badge counts before any click.
    frame.locator("#hw-root .hw-screen").wait_for(state="attached")
    console.send(chat_id, "Written while you were away")
    page.locator("#helpwidget-badge:not([hidden])", has_text="1").wait_for()
    page.locator("#helpwidget-launcher").click()
    frame.locator(".hw-menu-item[data-item='chat']").click()
    bodies = frame.locator(".hw-msg .hw-msg-body")
    bodies.nth(1).wait_for()
    assert bodies.all_inner_texts() == ["Hola", "Written while you were away"]
    page.locator("#helpwidget-badge").wait_for(state="hidden")
    assert console.wait("chat:read", where=lambda data: data["seq"] == 2)["by"] == "visitor"

    # The advisor ends the chat: the visitor rates it once and gets the transcript by email.
    console.ok("chat:close", {"chat_id": chat_id})
    frame.get_by_text("The chat has ended.").wait_for()
    assert not frame.get_by_label("Your message").is_visible()
    frame.get_by_role("button", name="Send rating").click()
    frame.get_by_text("Choose from 1 to 5 stars.").wait_for()
    frame.get_by_label("4 out of 5").check()
    frame.get_by_label("Comment (optional)").fill("<b>Quick</b>")
    frame.get_by_role("button", name="Send rating").click()
    frame.get_by_text("You rated this chat 4 out of 5. Thank you!").wait_for()
    assert frame.get_by_role("button", name="Send rating").count() == 0

    assert frame.get_by_label("Email me the conversation").input_value() == "ana@example.com"
    frame.get_by_label("Email me the conversation").fill("not-an-email")
    frame.get_by_role("button", name="Send the transcript").click()
    frame.get_by_text("Enter a valid email address.").wait_for()
    frame.get_by_label("Email me the conversation").fill("ana@example.com")
    frame.get_by_role("button", name="Send the transcript").click()
    frame.get_by_text("We sent the conversation to ana@example.com.").wait_for()

    db.session.expire_all()
    chat = db.session.get(Chat, chat_id)
    assert (chat.rating, chat.rating_comment) == (4, "<b>Quick</b>")


def test_an_unanswered_chat_shows_the_request_it_became(page, english_host, site, advisor,
                                                        console):
    frame = start_chat(page, english_host, "Nobody answers?")
    console.wait("chat:queued")
    [converted] = chat_handoff.convert_unanswered(utcnow() + timedelta(minutes=6))
    number = converted.ticket.number
    frame.get_by_text(re.compile(f"we turned your chat into request #{number}")).wait_for()
    frame.get_by_role("button", name="See the request").click()
    frame.locator("#hw-title", has_text=f"#{number}").wait_for()


def test_a_message_refused_shows_not_sent_and_its_retry_sends_it_once(app, page, english_host,
                                                                      site, console):
    app.config["RATELIMIT_CHAT_MESSAGES"] = "2 per minute"
    sites.save_site(site.key, chat_topics=[
        {"key": "billing", "label": {"en": "Billing", "es": "Facturación"}},
        {"key": "payroll", "label": {"en": "Payroll", "es": "Nómina"}}])
    frame = start_chat(page, english_host, "Uno", topic="Payroll")
    queued = console.wait("chat:queued")["chat"]
    chat_id = queued["id"]
    assert queued["topic"] == "payroll"
    box = frame.get_by_label("Your message")
    for body in ("Dos", "Tres"):
        box.fill(body)
        box.press("Enter")
    failed = frame.locator(".hw-msg.is-pending", has_text="Tres")
    failed.get_by_text("You are sending messages too fast. Wait a moment.").wait_for()

    app.config["RATELIMIT_CHAT_MESSAGES"] = "60 per minute"
    failed.get_by_role("button", name="Try again").click()
    failed.wait_for(state="detached")
    assert frame.locator(".hw-msg .hw-msg-body").all_inner_texts() == ["Uno", "Dos", "Tres"]
    db.session.expire_all()
    stored = db.session.execute(db.select(ChatMessage.body).filter_by(chat_id=chat_id)
                                .order_by(ChatMessage.seq)).scalars().all()
    assert stored == ["Uno", "Dos", "Tres"]


def test_files_go_both_ways_and_download_with_the_visitors_token(page, client, english_host, site,
                                                                 advisor, console, tmp_path):
    frame = start_chat(page, english_host, "Hola")
    chat_id = console.wait("chat:queued")["chat"]["id"]
    console.ok("chat:claim", {"chat_id": chat_id})

    log = tmp_path / "error-log.txt"
    log.write_text("HTTP 500 at 09:14\n", encoding="utf-8")
    frame.locator("#hw-chat-files").set_input_files(str(log))
    frame.get_by_role("button", name="Remove error-log.txt").wait_for()
    expect(frame.locator(".hw-file-item progress")).to_have_count(0, timeout=30_000)
    frame.get_by_label("Your message").fill("Here is the log")
    frame.get_by_label("Your message").press("Enter")
    sent = console.wait("chat:message", where=lambda d: d["message"]["body"] == "Here is the log")
    assert [f["filename"] for f in sent["message"]["attachments"]] == ["error-log.txt"]
    assert frame.locator(".hw-file-item").count() == 0

    # A pasted screenshot and a dropped file are attached too.
    frame.locator("#hw-chat-input").evaluate(PASTE_AND_DROP, PNG)
    frame.get_by_role("button", name="Remove screenshot.png").wait_for()
    frame.get_by_role("button", name="Remove notes.txt").wait_for()
    expect(frame.locator(".hw-file-item progress")).to_have_count(0, timeout=30_000)
    frame.get_by_label("Your message").press("Enter")
    sent = console.wait("chat:message", where=lambda d: d["message"]["attachments"])
    assert sorted(f["filename"] for f in sent["message"]["attachments"]) == [
        "notes.txt", "screenshot.png"]

    token = advisor_login(client, advisor.email)
    upload = client.post("/api/v1/advisor/uploads", data={
        "site": site.key, "file": (io.BytesIO(b"1. Open Invoices\n"), "steps.txt")},
        headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data")
    assert upload.status_code == 201, upload.get_json()
    console.send(chat_id, "Follow these steps", attachments=[upload.get_json()["id"]])
    link = frame.get_by_role("button", name="steps.txt")
    link.wait_for()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "steps.txt"
    assert open(download.value.path(), "rb").read() == b"1. Open Invoices\n"

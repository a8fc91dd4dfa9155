"""The ticket reply box in headless Chromium: saved replies, files, preview, notes, refusals."""
import pytest

from helpwidget.services import saved_replies
from tests.support.fixtures_advisors import sign_in_console
from tests.support.fixtures_tickets import auth, post_ticket

STEPS = ("Hola Ana,\nsigue los pasos de https://acme.test/ayuda/facturas.\n"
         "**Importante**: guarda antes de emitir.")
GREETING = "¡Hola! Soy Marta, del equipo de soporte."


@pytest.fixture
def replies(site):
    """Seed the site's saved replies: two in Spanish, one in English with a shared shortcut."""
    return saved_replies.seed(site, [
        {"locale": "es", "shortcut": "pasos", "title": "Pasos para emitir", "body": STEPS},
        {"locale": "es", "shortcut": "saludo", "title": "Saludo", "body": GREETING},
        {"locale": "en", "shortcut": "pasos", "title": "Steps", "body": "Follow these steps."}])


def open_ticket(page, live_server, client, site, ana, advisor, subject):
    """Open a Spanish request of Ana's, sign in and show it; return (number, reply form)."""
    number = post_ticket(client, site, ana, subject=subject, locale="es").get_json()[
        "ticket"]["number"]
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Tickets").click()
    page.locator(".ticket-row", has_text=subject).click()
    page.locator(".message.requester", has_text="error 500").wait_for()
    return number, page.locator("form.reply")


def focused_id(page):
    """Return the id of the element that has the focus."""
    return page.evaluate("document.activeElement && document.activeElement.id")


def requester_view(client, number, ana):
    """Return the ticket as Ana's widget gets it."""
    answer = client.get(f"/api/v1/tickets/{number}?site=acme", headers=auth(ana))
    assert answer.status_code == 200
    return answer.get_json()["ticket"]


def test_a_reply_with_a_saved_reply_a_file_and_a_preview_reaches_the_requester(
        page, live_server, client, site, advisor, ana, replies, tmp_path):
    number, form = open_ticket(page, live_server, client, site, ana, advisor,
                               "No puedo emitir facturas")
    box = form.get_by_label("Message")
    listbox = form.get_by_role("listbox", name="Saved replies")

    # "/" opens the site's replies in the ticket's language; Escape closes the list.
    box.click()
    box.press_sequentially("/")
    options = listbox.get_by_role("option")
    options.first.wait_for()
    assert listbox.locator(".hw-chat-suggest-key").all_inner_texts() == ["/pasos", "/saludo"]
    assert box.get_attribute("aria-expanded") == "true"
    first_id = options.nth(0).get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first_id
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert options.nth(1).get_attribute("aria-selected") == "true"
    box.press("Escape")
    listbox.wait_for(state="hidden")
    assert box.input_value() == "/" and focused_id(page) == "ticket-reply-body"

    # Typing on narrows the list; arrows and Enter insert the reply's body in place of "/pas".
    box.press_sequentially("pas")
    listbox.get_by_text("/pasos").wait_for()
    assert listbox.locator(".hw-chat-suggest-key").all_inner_texts() == ["/pasos"]
    box.press("ArrowUp")
    box.press("Enter")
    listbox.wait_for(state="hidden")
    assert box.input_value() == STEPS
    assert focused_id(page) == "ticket-reply-body"

    # A file: uploaded at once, shown as a chip with its name and size.
    notes = tmp_path / "pasos.txt"
    notes.write_text("1. Abre Facturas\n", encoding="utf-8")
    form.locator("input[type=file]").set_input_files(str(notes))
    chip = form.locator(".hw-chat-files li", has_text="pasos.txt")
    form.get_by_role("button", name="Remove pasos.txt").wait_for()
    assert chip.locator(".hw-file-size").inner_text() == "17 B"

    # Preview: the text as the requester's thread shows it (links, Markdown marks as typed).
    form.get_by_role("button", name="Preview").click()
    preview = form.get_by_role("region", name="Preview")
    preview.wait_for()
    assert not box.is_visible()
    assert form.get_by_role("button", name="Preview").get_attribute("aria-pressed") == "true"
    link = preview.get_by_role("link", name="https://acme.test/ayuda/facturas")
    assert link.get_attribute("href") == "https://acme.test/ayuda/facturas"
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert "**Importante**: guarda antes de emitir." in preview.inner_text()
    assert preview.locator("strong, b").count() == 0
    form.get_by_role("button", name="Write").click()
    box.wait_for()
    assert focused_id(page) == "ticket-reply-body" and box.input_value() == STEPS

    # Changing the ticket's status or the "after sending" choice keeps the draft and its file.
    page.locator(".controls select[name=status]").select_option("awaiting_reply")
    page.get_by_text("Ticket updated").first.wait_for()
    form.get_by_label("After sending").select_option("resolved")
    assert box.input_value() == STEPS
    assert form.get_by_role("button", name="Remove pasos.txt").is_visible()

    form.get_by_role("button", name="Send reply").click()
    sent = page.locator(".thread .message.advisor", has_text="Importante")
    sent.get_by_role("link", name="pasos.txt").wait_for()
    # The box starts afresh: no text, no file, writing again.
    assert form.get_by_label("Message").input_value() == ""
    assert form.locator(".hw-chat-files li").count() == 0

    seen = requester_view(client, number, ana)
    assert seen["status"] == "resolved"
    assert [c["body"] for c in seen["comments"]] == [STEPS]
    files = seen["comments"][0]["attachments"]
    assert [f["filename"] for f in files] == ["pasos.txt"]
    download = client.get(f"/api/v1/attachments/{files[0]['id']}?site=acme", headers=auth(ana))
    assert download.status_code == 200 and download.data == b"1. Abre Facturas\n"


def test_an_internal_note_with_a_file_stays_with_the_advisors(
        page, live_server, client, site, advisor, ana, replies, tmp_path):
    number, form = open_ticket(page, live_server, client, site, ana, advisor,
                               "Certificado caducado")
    form.get_by_label("Internal note (advisors only)").check()
    assert "note" in form.get_attribute("class").split()
    form.locator(".reply-head .badge.internal", has_text="Internal note").wait_for()
    assert form.get_by_label("After sending").is_disabled()

    # The picker's button works from the preview too: back to writing, the list open.
    form.get_by_role("button", name="Preview").click()
    form.get_by_role("region", name="Preview").get_by_text("Nothing to preview yet.").wait_for()
    form.get_by_role("button", name="Saved replies").click()
    option = form.get_by_role("option", name="/saludo")
    option.wait_for()
    assert focused_id(page) == "ticket-reply-body"
    option.click()
    box = form.get_by_label("Message")
    assert box.input_value() == GREETING and focused_id(page) == "ticket-reply-body"
    box.press_sequentially(" Revisar el certificado.")

    log = tmp_path / "certificado.txt"
    log.write_text("caduca el 2024-01-31\n", encoding="utf-8")
    form.locator("input[type=file]").set_input_files(str(log))
    form.get_by_role("button", name="Remove certificado.txt").wait_for()
    form.get_by_role("button", name="Add note").click()

    note = page.locator(".thread .message.internal", has_text="Revisar el certificado.")
    note.get_by_role("link", name="certificado.txt").wait_for()
    seen = requester_view(client, number, ana)
    assert seen["comments"] == [] and seen["attachments"] == []
    href = note.get_by_role("link", name="certificado.txt").get_attribute("href")
    file_id = href.rstrip("/").rsplit("/", 1)[-1]
    hidden = client.get(f"/api/v1/attachments/{file_id}?site=acme", headers=auth(ana))
    assert hidden.status_code == 404
    assert page.request.get(live_server + href).body() == b"caduca el 2024-01-31\n"


def test_a_refused_file_shows_the_servers_reason_and_uploads_hold_the_send_button(
        page, live_server, client, site, advisor, ana, tmp_path):
    _, form = open_ticket(page, live_server, client, site, ana, advisor, "Programa")
    tool = tmp_path / "herramienta.exe"
    tool.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200))
    form.locator("input[type=file]").set_input_files(str(tool))
    alert = form.get_by_role("alert")
    alert.get_by_text("Could not upload herramienta.exe: This kind of file is not accepted."
                      ).wait_for()
    assert form.locator(".hw-chat-files li").count() == 0

    # While a file is on its way, the reply cannot go without it.
    held = []
    page.route("**/api/v1/advisor/uploads", lambda route: held.append(route))
    form.get_by_label("Message").fill("Te mando el registro.")
    log = tmp_path / "registro.txt"
    log.write_text("error 500\n", encoding="utf-8")
    form.locator("input[type=file]").set_input_files(str(log))
    form.get_by_text("Uploading registro.txt…").wait_for()
    send = form.get_by_role("button", name="Send reply")
    assert send.is_disabled()
    assert alert.inner_text() == ""  # a new file clears the last refusal
    while not held:  # the route hears the request while the page is waited on
        page.wait_for_timeout(50)
    held[0].continue_()
    form.get_by_role("button", name="Remove registro.txt").wait_for()
    assert send.is_enabled()

    # Nothing written: the box says so, sends nothing, and keeps the file.
    form.get_by_label("Message").fill("   ")
    send.click()
    alert.get_by_text("Write the message first.").wait_for()
    assert form.get_by_role("button", name="Remove registro.txt").is_visible()

"""Labels in the console, in headless Chromium: put on a ticket and a chat, filtered by."""
import uuid

from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Chat, Ticket
from tests.support.fixtures_advisors import (
    advisor_login,
    bearer,
    go_online,
    make_advisor,
    sign_in_console,
)
from tests.support.fixtures_tickets import post_ticket


def stored_labels(model, **where):
    db.session.expire_all()
    row = db.session.execute(db.select(model).filter_by(**where)).scalar_one()
    return [label.name for label in row.labels]


def test_label_a_ticket_then_find_it_by_the_label(page, live_server, client, site, advisor,
                                                  ana):
    post_ticket(client, site, ana, subject="Cobro repetido en la factura")
    post_ticket(client, site, ana, subject="No puedo emitir facturas")
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Tickets").click()
    rows = page.locator(".ticket-row")
    expect(rows).to_have_count(2)
    rows.filter(has_text="Cobro repetido").click()

    detail = page.locator(".detail")
    field = detail.get_by_label("Add a label")
    field.fill("Billing ")
    field.press("Enter")
    expect(detail.locator(".label-chip")).to_have_text(["billing×"])
    expect(field).to_have_value("")
    # Another one, then taken off again with its chip's button.
    field.fill("VIP")
    field.press("Enter")
    expect(detail.locator(".label-chip .label-name")).to_have_text(["billing", "vip"])
    detail.get_by_role("button", name="Remove the label vip").click()
    expect(detail.locator(".label-chip .label-name")).to_have_text(["billing"])
    # A name too long is refused with the server's message; what was typed stays.
    field.fill("x" * 41)
    field.press("Enter")
    editor = detail.locator(".label-editor")
    expect(editor.get_by_role("alert")).to_have_text("Use at most 40 characters for a label.")
    expect(field).to_have_value("x" * 41)
    assert stored_labels(Ticket, subject="Cobro repetido en la factura") == ["billing"]
    # The list's row shows the label as a chip.
    expect(rows.filter(has_text="Cobro repetido").locator(".badge.label")).to_have_text(
        ["billing"])

    # On the other ticket, the site's labels are suggested as one types; arrows and Enter pick.
    rows.filter(has_text="No puedo emitir").click()
    expect(detail.locator(".label-none")).to_have_text("No labels")
    expect(field).to_have_value("")  # what was typed on the other ticket stays there
    expect(detail.locator(".label-editor").get_by_role("alert")).to_be_hidden()
    field.press_sequentially("BIL")
    suggestion = detail.get_by_role("option", name="billing")
    expect(suggestion).to_contain_text("Tickets: 1 · Chats: 0")
    field.press("ArrowDown")
    expect(suggestion).to_have_attribute("aria-selected", "true")
    field.press("Enter")
    expect(detail.locator(".label-chip .label-name")).to_have_text(["billing"])
    assert stored_labels(Ticket, subject="No puedo emitir facturas") == ["billing"]
    field.press_sequentially("vi")
    detail.get_by_role("option", name="vip").click()
    expect(detail.locator(".label-chip .label-name")).to_have_text(["billing", "vip"])

    filters = page.get_by_role("search", name="Filter tickets")
    filters.get_by_label("Label").fill("VIP")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("No puedo emitir facturas")
    expect(page.locator(".inbox .count")).to_have_text("Tickets: 1")
    filters.get_by_label("Label").fill("Billing")
    expect(rows).to_have_count(2)
    filters.get_by_label("Label").fill("nothing like it")
    expect(page.locator(".ticket-list .empty")).to_be_visible()
    filters.get_by_label("Label").fill("")
    expect(rows).to_have_count(2)


def test_labels_another_advisor_puts_on_show_live(page, live_server, client, site, advisor,
                                                  ana):
    number = post_ticket(client, site, ana, subject="Certificado caducado").get_json()[
        "ticket"]["number"]
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Tickets").click()
    page.locator(".ticket-row", has_text="Certificado caducado").click()
    detail = page.locator(".detail")
    expect(detail.locator(".label-none")).to_have_text("No labels")

    piotr = make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "advisor"))
    ticket_id = db.session.execute(db.select(Ticket.id).filter_by(number=number)).scalar()
    assert client.put(f"/api/v1/advisor/tickets/{ticket_id}/labels", json={"labels": ["Urgent"]},
                      headers=bearer(advisor_login(client, piotr.email))).status_code == 200
    expect(detail.locator(".label-chip .label-name")).to_have_text(["urgent"])
    expect(page.locator(".ticket-row .badge.label")).to_have_text(["urgent"])


def test_label_a_chat_from_its_pane(page, live_server, client, site, advisor, visitor):
    sign_in_console(page, live_server, advisor.email)
    go_online(page)
    chat = visitor.call("chat:start", {"name": "Ana", "client_id": str(uuid.uuid4()),
                                       "body": "No me llega la factura"})["chat"]
    page.get_by_role("button", name="Claim the chat with Ana").click()
    pane = page.locator(f".hw-chat-pane[data-chat-id='{chat['id']}']")
    field = pane.get_by_label("Add a label")
    field.fill("Billing")
    field.press("Enter")
    expect(pane.locator(".label-chip .label-name")).to_have_text(["billing"])
    assert stored_labels(Chat, id=chat["id"]) == ["billing"]
    # A teammate's change shows in the open pane at once.
    piotr = make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "advisor"))
    assert client.put(f"/api/v1/advisor/chats/{chat['id']}/labels",
                      json={"labels": ["billing", "callback"]},
                      headers=bearer(advisor_login(client, piotr.email))).status_code == 200
    expect(pane.locator(".label-chip .label-name")).to_have_text(["billing", "callback"])

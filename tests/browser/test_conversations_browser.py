"""Conversations and the customer view in headless Chromium: past chats and a customer's history."""
import uuid
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, Visitor
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import go_online, sign_in_console
from tests.support.fixtures_chat import Visitor as ChatVisitor
from tests.support.fixtures_tickets import auth, identified, post_ticket


@pytest.fixture
def ana(client, site, advisor):
    """Ana, identified, with a request, a rated closed chat and two host pages visited."""
    token = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                       account_id="acc-1", account_name="Pérez y Asociados",
                       account_type="accountant")
    visitor = db.session.execute(db.select(Visitor).order_by(Visitor.id.desc())).scalars().first()
    assert post_ticket(client, site, token, subject="No puedo emitir facturas").status_code == 201
    for route in ("/invoices/new", "/reports/monthly"):
        assert client.get("/api/v1/context", query_string={"site": site.key, "route": route},
                          headers=auth(token)).status_code == 200
    when = utcnow() - timedelta(days=3)
    chat = Chat(site_id=site.id, visitor_id=visitor.id, user_id=visitor.user_id,
                status="closed", advisor_id=advisor.id, created_at=when, last_message_at=when,
                closed_at=when + timedelta(minutes=9), last_seq=2, rating=5,
                rating_comment="Muy amable")
    db.session.add(chat)
    db.session.flush()
    db.session.add_all([
        ChatMessage(chat_id=chat.id, seq=1, client_id="v1", author_kind="visitor",
                    body="Mi certificado electrónico caducó", created_at=when),
        ChatMessage(chat_id=chat.id, seq=2, client_id="a1", author_kind="advisor",
                    advisor_id=advisor.id, body="Súbalo de nuevo en Ajustes › Firma",
                    created_at=when)])
    db.session.commit()
    return chat


def test_find_a_closed_chat_by_a_word_and_read_its_transcript(page, live_server, advisor, ana):
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Conversations").click()
    search = page.get_by_role("search", name="Find conversations")
    search.get_by_label("Text").fill("caducó")
    search.get_by_role("button", name="Search").click()
    rows = page.locator(".conv-list li.conv-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Mi certificado electrónico caducó")
    expect(rows.first).to_contain_text("Closed")
    rows.first.locator(".conv-open").click()

    transcript = page.locator(".conv-transcript")
    expect(transcript.get_by_role("heading")).to_have_text("Chat transcript: Ana Pérez")
    expect(transcript.locator(".hw-msg")).to_have_count(2)
    expect(transcript.locator(".hw-msg").nth(1)).to_contain_text("Súbalo de nuevo en Ajustes")
    expect(transcript).to_contain_text("This chat has ended: its transcript is read-only.")
    expect(transcript).to_contain_text("5/5 · Muy amable")
    expect(transcript).to_contain_text(advisor.name)
    # Read-only: nothing to write with.
    expect(page.locator("#view-conversations textarea")).to_have_count(0)


def test_customer_view_from_a_ticket_shows_tickets_chats_pages_and_ratings(
        page, live_server, advisor, ana):
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Tickets").click()
    page.locator(".ticket-row", has_text="No puedo emitir facturas").click()
    page.locator(".detail .facts").get_by_role("button", name="Customer view").click()

    customer = page.locator("#view-conversations .customer")
    expect(customer.get_by_role("heading", level=2)).to_have_text("Customer view: Ana Pérez")
    expect(customer.locator(".facts")).to_contain_text("Pérez y Asociados")
    expect(customer.locator(".facts")).to_contain_text("accountant")
    sections = customer.locator(".customer-section")
    expect(sections.nth(0).locator(".conv-row")).to_contain_text(["No puedo emitir facturas"])
    expect(sections.nth(1).locator(".conv-row")).to_contain_text(
        ["Mi certificado electrónico caducó"])
    expect(sections.nth(2).locator("li code")).to_have_text(["/reports/monthly", "/invoices/new"])
    expect(sections.nth(3)).to_contain_text("5/5")
    expect(sections.nth(3)).to_contain_text("Muy amable")

    # From the customer, their past chat opens read-only; Back returns to them.
    sections.nth(1).locator(".conv-open").click()
    expect(page.locator(".conv-transcript .hw-msg")).to_have_count(2)
    page.locator(".conv-transcript").get_by_role("button", name="Back").click()
    expect(customer.get_by_role("heading", level=2)).to_have_text("Customer view: Ana Pérez")


def test_customer_view_from_the_chat_pane(page, live_server, client, site, advisor, ana):
    token = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com")
    widget = ChatVisitor(live_server, site.key, token)
    try:
        sign_in_console(page, live_server, advisor.email)
        go_online(page)
        chat = widget.call("chat:start", {"locale": "es", "client_id": str(uuid.uuid4()),
                                          "body": "Otra vez el certificado"})["chat"]
        page.get_by_role("button", name="Claim the chat with Ana Pérez").click()
        pane = page.locator(f".hw-chat-pane[data-chat-id='{chat['id']}']")
        pane.locator(".hw-msg-visitor").first.wait_for()
        pane.get_by_role("button", name="Customer view").click()

        customer = page.locator("#view-conversations .customer")
        expect(customer.get_by_role("heading", level=2)).to_have_text("Customer view: Ana Pérez")
        # Both chats of hers, the live one first, whichever session they came from.
        expect(customer.locator(".customer-section").nth(1).locator(".conv-row")).to_contain_text(
            ["Otra vez el certificado", "Mi certificado electrónico caducó"])
    finally:
        widget.client.disconnect()

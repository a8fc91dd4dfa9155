"""Automatic assignment and "someone is replying" in two consoles signed in at once."""
import uuid

import pytest

from helpwidget.extensions import db
from tests.support.fixtures_advisors import go_online, make_advisor, sign_in_console
from tests.support.fixtures_chat import Visitor
from tests.support.fixtures_tickets import anonymous, post_ticket


@pytest.fixture
def second_page(browser):
    """Return a page in a browser context of its own: another advisor's console."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


def _chat_from_new_visitor(client, site, live_server, body):
    """Start a chat from a new visitor; return (the visitor, the chat's id)."""
    visitor = Visitor(live_server, site.key, anonymous(client, site))
    chat = visitor.call("chat:start", {"name": "Ana", "client_id": str(uuid.uuid4()),
                                       "body": body})["chat"]
    return visitor, chat["id"]


def test_two_consoles_each_get_a_chat_and_see_each_other_replying(
        live_server, client, site, advisor, page, second_page):
    site.auto_assign = True
    db.session.commit()
    jan = make_advisor("jan@support.example.com", "Jan Kowalski", (site, "advisor"))
    sign_in_console(page, live_server, advisor.email)
    go_online(page)
    sign_in_console(second_page, live_server, jan.email)
    go_online(second_page)

    visitors = []
    try:
        for body in ("Primera consulta", "Segunda consulta"):
            visitor, chat_id = _chat_from_new_visitor(client, site, live_server, body)
            visitors.append((visitor, chat_id))
            joined = visitor.wait_for("chat:status", lambda d: d["chat"]["status"] == "active")
            assert joined["chat"]["advisor"]["name"] in ("Marta Gómez", "Jan Kowalski")
        panes = [p.locator(".hw-chat-pane") for p in (page, second_page)]
        for (_visitor, chat_id), console in zip(visitors, (page, second_page)):
            # Round robin: Marta (first in turn) gets the first chat, Jan the second.
            console.locator(f".hw-chat-pane[data-chat-id='{chat_id}']").wait_for(state="attached")
        assert [p.count() for p in panes] == [1, 1]
        # Each is told a new chat was given to them (not that a colleague transferred one).
        for console in (page, second_page):
            console.get_by_text("A new chat was assigned to you").first.wait_for()
            assert console.get_by_text("A chat was transferred to you").count() == 0
        # Each console answers its own chat: the composer is open there.
        pane = page.locator(f".hw-chat-pane[data-chat-id='{visitors[0][1]}']")
        assert pane.get_by_role("button", name="End chat").count() == 1
    finally:
        for visitor, _chat_id in visitors:
            visitor.client.disconnect()

    post_ticket(client, site, anonymous(client, site), subject="Factura duplicada",
                email="ana@example.com", name="Ana")
    for console in (page, second_page):
        console.get_by_role("tab", name="Tickets").click()
        console.locator(".ticket-row", has_text="Factura duplicada").click()
        console.locator(".detail-head h2", has_text="Factura duplicada").wait_for()
    notice = second_page.locator(".detail .collision-notice")
    assert notice.is_hidden()
    page.get_by_label("Message").press_sequentially("Hola Ana, lo reviso")
    notice.get_by_text("Marta Gómez is replying…").wait_for()
    assert page.locator(".detail .collision-notice").is_hidden()  # never about oneself
    # With no new keystroke it fades after about six seconds.
    notice.wait_for(state="hidden", timeout=10000)

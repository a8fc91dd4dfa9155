"""The console's Chats view in headless Chromium, against a real visitor on python-socketio."""
import io
import uuid

from helpwidget.extensions import db
from helpwidget.models.chat import ChatMessage
from helpwidget.services import saved_replies
from tests.support.articles import make_article
from tests.support.fixtures_advisors import go_online, make_advisor, sign_in_console
from tests.support.fixtures_chat import Visitor
from tests.support.fixtures_tickets import anonymous, identified, post_ticket

GREETING = "¡Hola Ana! Soy Marta, del equipo de soporte. ¿En qué te puedo ayudar?"
FIRST = "<script>alert(1)</script> No puedo emitir <b>facturas</b>"


def test_claim_answer_with_a_saved_reply_typing_and_read(live_server, page, site, advisor,
                                                         visitor):
    saved_replies.seed(site, [
        {"locale": "es", "shortcut": "saludo", "title": "Saludo", "body": GREETING},
        {"locale": "es", "shortcut": "factura", "title": "Pedir el número de factura",
         "body": "¿Me compartes el número de la factura?"},
        {"locale": "en", "shortcut": "salute", "title": "Greeting", "body": "Hi!"}])
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in_console(page, live_server, advisor.email)
    go_online(page)

    chat = visitor.call("chat:start", {
        "name": "Ana", "topic": "billing", "page_route": "/facturas/nueva", "locale": "es",
        "client_id": str(uuid.uuid4()), "body": FIRST})["chat"]

    queued = page.locator(".hw-chats-queued", has_text="Ana")
    queued.wait_for()
    assert "/facturas/nueva" in queued.inner_text()
    queued.get_by_text(FIRST).wait_for()  # the preview of the first message, as text
    queued.get_by_role("button", name="Claim the chat with Ana").click()
    assert visitor.wait_for("chat:status")["chat"]["status"] == "active"

    pane = page.locator(f".hw-chat-pane[data-chat-id='{chat['id']}']")
    message = pane.locator(".hw-msg-visitor .hw-msg-body")
    message.wait_for()
    assert message.inner_text() == FIRST
    assert pane.locator(".hw-chat-log script, .hw-chat-log b").count() == 0

    composer = pane.get_by_label("Your reply")
    composer.click()
    composer.press_sequentially("/sal")
    pane.get_by_role("option").first.wait_for()
    # Only the chat's language: the English reply with a matching shortcut is not offered.
    assert pane.locator("[role=option] .hw-chat-suggest-key").all_inner_texts() == ["/saludo"]
    composer.press("Enter")
    assert composer.input_value() == GREETING
    composer.press("Enter")

    reply = visitor.wait_for("chat:message", lambda d: d["message"]["author"]["kind"] == "advisor")
    assert reply["message"]["body"] == GREETING
    assert reply["message"]["author"]["name"] == advisor.name
    mine = pane.locator(f".hw-msg-advisor[data-seq='{reply['message']['seq']}']")
    mine.get_by_text("Sent").wait_for()
    assert composer.input_value() == ""

    visitor.call("chat:typing", {"chat_id": chat["id"], "typing": True})
    typing = pane.get_by_text("Ana is typing…")
    typing.wait_for()
    visitor.call("chat:typing", {"chat_id": chat["id"], "typing": False})
    typing.wait_for(state="hidden")

    visitor.call("chat:read", {"chat_id": chat["id"], "seq": reply["message"]["seq"]})
    mine.get_by_text("Seen").wait_for()
    assert dialogs == []


def test_the_typing_indicator_goes_when_the_visitor_falls_silent(live_server, page, site,
                                                                 advisor, visitor):
    sign_in_console(page, live_server, advisor.email)
    go_online(page)
    chat = visitor.call("chat:start", {"name": "Ana", "locale": "es",
                                       "client_id": str(uuid.uuid4()), "body": "Hola"})["chat"]
    page.get_by_role("button", name="Claim the chat with Ana").click()
    pane = page.locator(f".hw-chat-pane[data-chat-id='{chat['id']}']")
    pane.locator(".hw-msg-visitor").wait_for()
    visitor.call("chat:typing", {"chat_id": chat["id"], "typing": True})
    typing = pane.get_by_text("Ana is typing…")
    typing.wait_for()
    # No "stopped" event ever comes (a closed laptop): the indicator still goes after 5 s.
    typing.wait_for(state="hidden", timeout=8000)


def claim(page, name, chat_id):
    """Claim the waiting chat of `name` and return its pane once the first message shows."""
    page.get_by_role("button", name=f"Claim the chat with {name}").click()
    pane = page.locator(f".hw-chat-pane[data-chat-id='{chat_id}']")
    pane.locator(".hw-msg-visitor").first.wait_for()
    return pane


def test_context_sidebar_article_link_close_and_rating(live_server, page, client, site, advisor):
    make_article(site, "Emitir una factura electrónica", slug="emitir",
                 body="Abre **Facturas**.", routes=["/facturas/*"])
    ana = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                     account_id="acc-1", account_name="Pérez y Asociados",
                     account_type="accountant")
    number = post_ticket(client, site, ana, subject="Error 500 al emitir").get_json()[
        "ticket"]["number"]
    widget = Visitor(live_server, site.key, ana)
    try:
        sign_in_console(page, live_server, advisor.email)
        go_online(page)
        chat = widget.call("chat:start", {"page_route": "/facturas/nueva", "locale": "es",
                                          "client_id": str(uuid.uuid4()),
                                          "body": "Hola"})["chat"]
        pane = claim(page, "Ana Pérez", chat["id"])

        context = pane.get_by_role("complementary", name="About the visitor")
        context.get_by_text("Pérez y Asociados").wait_for()
        facts = context.locator("dl").inner_text()
        for fact in ("Ana Pérez", "ana@example.com", "accountant", "/facturas/nueva"):
            assert fact in facts
        assert f"#{number}" in context.locator(".hw-chat-tickets").inner_text()
        assert "Error 500 al emitir" in context.locator(".hw-chat-tickets").inner_text()

        context.get_by_role("button",
                            name="Send the link to “Emitir una factura electrónica”").click()
        link = widget.wait_for("chat:message",
                               lambda d: d["message"]["author"]["kind"] == "advisor")
        title, url = link["message"]["body"].split("\n")
        assert title == "Emitir una factura electrónica"
        assert url.endswith("/help/acme/es/articles/emitir")

        pane.get_by_role("button", name="End chat").click()
        assert widget.wait_for("chat:status")["chat"]["status"] == "closed"
        pane.get_by_text("Not rated yet.").wait_for()
        assert not pane.get_by_label("Your reply").is_visible()
        widget.call("chat:rate", {"chat_id": chat["id"], "rating": 5, "comment": "<i>Genial</i>"})
        pane.get_by_text("Rated 5 out of 5").wait_for()
        pane.get_by_text("<i>Genial</i>").wait_for()
    finally:
        widget.client.disconnect()


def test_nothing_is_lost_or_doubled_across_a_dropped_connection(live_server, page, site,
                                                                advisor, visitor):
    sign_in_console(page, live_server, advisor.email)
    go_online(page)
    chat = visitor.call("chat:start", {"name": "Ana", "locale": "es",
                                       "client_id": str(uuid.uuid4()), "body": "Uno"})["chat"]
    pane = claim(page, "Ana", chat["id"])

    page.evaluate("HWConsole.socket.disconnect()")
    page.locator("#live[data-state='offline']").wait_for()
    for body in ("Dos", "Tres"):
        visitor.call("chat:send", {"chat_id": chat["id"], "client_id": str(uuid.uuid4()),
                                   "body": body})
    composer = pane.get_by_label("Your reply")
    composer.fill("Escrito sin conexión")
    composer.press("Enter")
    pending = pane.locator(".hw-msg.is-pending")
    pending.get_by_text("Sending…").wait_for()

    page.evaluate("HWConsole.socket.connect()")
    sent = visitor.wait_for("chat:message", lambda d: d["message"]["author"]["kind"] == "advisor")
    assert sent["message"]["body"] == "Escrito sin conexión"
    pane.locator(".hw-msg-visitor").nth(2).wait_for()
    pending.wait_for(state="detached")
    bodies = pane.locator(".hw-msg .hw-msg-body").all_inner_texts()
    assert bodies == ["Uno", "Dos", "Tres", "Escrito sin conexión"]
    seqs = pane.locator(".hw-msg").evaluate_all("items => items.map(i => i.dataset.seq)")
    assert seqs == ["1", "2", "3", "4"]
    db.session.expire_all()
    stored = db.session.execute(db.select(ChatMessage.body).filter_by(
        chat_id=chat["id"]).order_by(ChatMessage.seq)).scalars().all()
    assert stored == ["Uno", "Dos", "Tres", "Escrito sin conexión"]


def test_files_go_both_ways(live_server, page, client, site, advisor, tmp_path):
    token = anonymous(client, site)
    widget = Visitor(live_server, site.key, token)
    try:
        sign_in_console(page, live_server, advisor.email)
        go_online(page)
        chat = widget.call("chat:start", {"name": "Ana", "locale": "es",
                                          "client_id": str(uuid.uuid4()),
                                          "body": "Te mando el registro"})["chat"]
        pane = claim(page, "Ana", chat["id"])
        upload = client.post("/api/v1/uploads", data={
            "site": site.key, "file": (io.BytesIO("error 500 <b>\n".encode()), "registro.txt")},
            headers={"Authorization": f"Bearer {token}"}, content_type="multipart/form-data")
        assert upload.status_code == 201, upload.get_json()
        widget.call("chat:send", {"chat_id": chat["id"], "client_id": str(uuid.uuid4()),
                                  "body": "", "attachments": [upload.get_json()["id"]]})
        link = pane.get_by_role("link", name="registro.txt")
        link.wait_for()
        download = page.request.get(live_server + link.get_attribute("href"))
        assert download.status == 200 and download.body() == "error 500 <b>\n".encode()

        answer = tmp_path / "pasos.txt"
        answer.write_text("1. Abre Facturas\n", encoding="utf-8")
        pane.locator("input[type=file]").set_input_files(str(answer))
        pane.get_by_role("button", name="Remove pasos.txt").wait_for()
        composer = pane.get_by_label("Your reply")
        composer.fill("Sigue estos pasos")
        composer.press("Enter")
        sent = widget.wait_for("chat:message",
                               lambda d: d["message"]["author"]["kind"] == "advisor")
        assert sent["message"]["body"] == "Sigue estos pasos"
        assert [f["filename"] for f in sent["message"]["attachments"]] == ["pasos.txt"]
        pane.get_by_role("link", name="pasos.txt").wait_for()
    finally:
        widget.client.disconnect()


def test_two_chats_at_once_unread_counts_and_transfer(live_server, page, client, site, advisor):
    colleague = make_advisor("jan@support.example.com", "Jan Kowalski", (site, "advisor"))
    ana = Visitor(live_server, site.key, anonymous(client, site))
    olek = Visitor(live_server, site.key, anonymous(client, site))
    try:
        sign_in_console(page, live_server, advisor.email)
        go_online(page)
        first = ana.call("chat:start", {"name": "Ana", "client_id": str(uuid.uuid4()),
                                        "body": "Hola"})["chat"]
        claim(page, "Ana", first["id"])
        second = olek.call("chat:start", {"name": "Olek", "client_id": str(uuid.uuid4()),
                                          "body": "Dzień dobry"})["chat"]
        claim(page, "Olek", second["id"])

        ana.call("chat:send", {"chat_id": first["id"], "client_id": str(uuid.uuid4()),
                               "body": "¿Sigues ahí?"})
        tab = page.locator(f".hw-chats-tab[data-chat-id='{first['id']}']")
        tab.get_by_label("1 unread").wait_for()
        tab.click()
        assert ana.wait_for("chat:read", lambda d: d["seq"] == 2)["by"] == "advisor"
        tab.get_by_label("1 unread").wait_for(state="detached")

        pane = page.locator(f".hw-chat-pane[data-chat-id='{first['id']}']")
        pane.get_by_role("button", name="Transfer").click()
        pane.get_by_label("Transfer to").select_option(label="Jan Kowalski (offline)")
        pane.get_by_role("button", name="Transfer the chat").click()
        pane.get_by_text("This chat was transferred to Jan Kowalski.").wait_for()
        status = ana.wait_for("chat:status", lambda d: d["chat"]["advisor"]["id"] == colleague.id)
        assert status["chat"]["status"] == "active"
        assert not pane.get_by_label("Your reply").is_visible()
    finally:
        ana.client.disconnect()
        olek.client.disconnect()

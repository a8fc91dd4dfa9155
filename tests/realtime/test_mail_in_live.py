"""An emailed reply to an open chat reaches its advisor's console and the visitor's widget live."""
from helpwidget.background import outbox_sender
from helpwidget.services import inbound_mail, reply_tokens
from tests.support.mail_in import REPLY_ADDRESS, reply_mail


def test_an_emailed_reply_is_delivered_like_a_typed_message(app, site, widget, console):
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS
    visitor, _ = widget()
    chat = visitor.ok("chat:start", {"client_id": "first", "body": "Hola",
                                     "name": "Eva", "email": "eva@example.com"})["chat"]
    console.wait("chat:queued")
    console.ok("chat:claim", {"chat_id": chat["id"]})
    console.ok("chat:send", {"chat_id": chat["id"], "client_id": "a1",
                             "body": "¿Qué navegador usas?"})
    typed = visitor.wait("chat:message",
                         where=lambda e: e["message"]["body"] == "¿Qué navegador usas?")
    assert typed["message"]["by_email"] is False

    row = inbound_mail.receive(reply_mail(reply_tokens.address("chat", chat["id"]),
                                          "eva@example.com", "Firefox 133",
                                          quoted="> ¿Qué navegador usas?"), "smtp")
    assert row.state == "posted"
    heard = console.wait("chat:message", where=lambda e: e["message"]["body"] == "Firefox 133")
    assert heard["chat_id"] == chat["id"] and heard["message"]["by_email"] is True
    visitor.wait("chat:message", where=lambda e: e["message"]["body"] == "Firefox 133")


def test_an_answer_to_the_emailed_transcript_opens_a_request_for_the_chat(
        app, site, widget, console, smtp_server):
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS
    visitor, _ = widget(locale="es")
    chat = visitor.ok("chat:start", {"client_id": "first", "body": "No llega la factura",
                                     "name": "Lucía", "email": "lucia@example.com"})["chat"]
    console.wait("chat:queued")
    console.ok("chat:claim", {"chat_id": chat["id"]})
    console.ok("chat:close", {"chat_id": chat["id"]})
    visitor.ok("chat:transcript", {"chat_id": chat["id"]})
    outbox_sender.deliver_due()
    [copy] = smtp_server.wait_for(1)
    assert reply_tokens.find([copy["Reply-To"]]) == ("chat", chat["id"])
    assert copy["References"].startswith(f"<chat-acme-{chat['id']}@")

    row = inbound_mail.receive(reply_mail(copy["Reply-To"], "lucia@example.com",
                                          "Sigue sin llegar"), "smtp")
    assert row.state == "posted" and row.ticket_id is not None
    assert console.wait("ticket", where=lambda e: e["event"] == "created")

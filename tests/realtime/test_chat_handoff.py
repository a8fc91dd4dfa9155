"""Nothing a visitor writes is lost: unanswered chats become tickets, transcripts go by email."""
import io
from datetime import timedelta

from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import Chat
from helpwidget.services import chat_handoff
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_tickets import auth


def _start(visitor, **extra):
    """Start a chat with a first message; return it."""
    return visitor.ok("chat:start", {"client_id": "first", "body": "La factura 1043 no se envía",
                                     "page_route": "/facturas/1043", **extra})["chat"]


def test_a_chat_nobody_takes_in_time_becomes_a_ticket_with_the_transcript(
        client, site, widget, console, smtp_server):
    visitor, token = widget(locale="es")
    chat = _start(visitor, name="Lucía", email="lucia@example.com")
    visitor.send(chat["id"], "Sigo esperando, gracias")
    assert chat_handoff.convert_unanswered(utcnow() + timedelta(minutes=1)) == []

    [converted] = chat_handoff.convert_unanswered(utcnow() + timedelta(minutes=6))
    status = visitor.wait("chat:status")["chat"]
    assert status["status"] == "closed" and status["closed_reason"] == "unanswered"
    number = status["ticket_number"]
    assert number == converted.ticket.number
    assert console.wait("ticket")["ticket"]["number"] == number

    mine = client.get(f"/api/v1/tickets/{number}?site={site.key}", headers=auth(token))
    ticket = mine.get_json()["ticket"]
    assert ticket["subject"] == "Chat: La factura 1043 no se envía"
    assert "La factura 1043 no se envía" in ticket["description"]
    assert "Sigo esperando, gracias" in ticket["description"]
    assert "Lucía" in ticket["description"]
    outbox_sender.deliver_due()
    [confirmation] = smtp_server.wait_for(1)
    assert confirmation["To"] == "lucia@example.com" and f"#{number}" in confirmation["Subject"]
    # A second worker running the same pass finds nothing left to convert.
    assert chat_handoff.convert_unanswered(utcnow() + timedelta(minutes=10)) == []


def test_a_claimed_chat_never_becomes_a_ticket(widget, console):
    visitor, _ = widget()
    chat = _start(visitor)
    console.ok("chat:claim", {"chat_id": chat["id"]})
    assert chat_handoff.convert_unanswered(utcnow() + timedelta(hours=1)) == []
    assert db.session.get(Chat, chat["id"]).status == "active"


def test_the_transcript_reaches_the_visitor_by_email(widget, console, smtp_server):
    visitor, _ = widget(locale="es")
    chat = _start(visitor, email="lucia@example.com")
    console.ok("chat:claim", {"chat_id": chat["id"]})
    console.send(chat["id"], "Ya está reenviada, revisa tu bandeja <b>ahora</b>")
    console.ok("chat:close", {"chat_id": chat["id"]})
    missing = visitor.call("chat:transcript", {"chat_id": chat["id"], "email": "no-es-correo"})
    assert missing["error"]["code"] == "invalid"
    sent = visitor.ok("chat:transcript", {"chat_id": chat["id"]})
    assert sent["email"] == "lucia@example.com"
    outbox_sender.deliver_due()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "lucia@example.com" and "Acme Facturas" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert "La factura 1043 no se envía" in text and "Marta Gómez" in text
    assert "Ya está reenviada, revisa tu bandeja <b>ahora</b>" in text
    html = message.get_body(("html",)).get_content()
    assert "&lt;b&gt;ahora&lt;/b&gt;" in html


def test_files_travel_in_chats_and_only_to_their_people(client, site, widget, console,
                                                        advisor_token):
    visitor, token = widget()
    chat = _start(visitor)
    console.ok("chat:claim", {"chat_id": chat["id"]})
    upload = client.post("/api/v1/uploads", headers=auth(token), data={
        "site": site.key, "file": (io.BytesIO(b"factura;importe\n1043;99\n"), "factura.csv")})
    assert upload.status_code == 201
    file_id = upload.get_json()["id"]
    message = visitor.send(chat["id"], "", attachments=[file_id])
    assert [a["filename"] for a in message["attachments"]] == ["factura.csv"]
    assert console.wait("chat:message")["message"]["attachments"][0]["id"] == file_id
    mine = client.get(f"/api/v1/attachments/{file_id}?site={site.key}", headers=auth(token))
    assert mine.status_code == 200 and mine.data.startswith(b"factura;importe")
    stranger = client.post("/api/v1/session", json={"site": site.key}).get_json()
    theirs = client.get(f"/api/v1/attachments/{file_id}?site={site.key}",
                        headers=auth(stranger["visitor_token"]))
    assert theirs.status_code == 404
    staff = client.get(f"/api/v1/advisor/attachments/{file_id}",
                       headers={"Authorization": f"Bearer {advisor_token}"})
    assert staff.status_code == 200
    reused = visitor.call("chat:send", {"chat_id": chat["id"], "client_id": "again",
                                        "body": "otra vez", "attachments": [file_id]})
    assert reused["ok"] is False

    answer = client.post("/api/v1/advisor/uploads", headers={
        "Authorization": f"Bearer {advisor_token}"}, data={
        "site": site.key, "file": (io.BytesIO(b"Pasos:\n1. Abrir\n"), "pasos.txt")})
    assert answer.status_code == 201, answer.get_json()
    console.send(chat["id"], "Te dejo los pasos", attachments=[answer.get_json()["id"]])
    got = visitor.wait("chat:message", where=lambda d: d["message"]["author"]["kind"] == "advisor")[
        "message"]
    assert got["attachments"][0]["filename"] == "pasos.txt"
    download = client.get(f"/api/v1/attachments/{got['attachments'][0]['id']}?site={site.key}",
                          headers=auth(token))
    assert download.status_code == 200


def test_availability_over_rest_for_widgets_not_yet_connected(client, site, console):
    state = client.get(f"/api/v1/chat/availability?site={site.key}").get_json()
    assert state["can_chat"] is True and state["within_hours"] is True
    assert client.get("/api/v1/chat/availability?site=nope").status_code == 404

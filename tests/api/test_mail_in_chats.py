"""Emailed replies to a chat: into the chat while it is open, then into a request."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, Ticket
from helpwidget.services import inbound_mail, reply_tokens
from tests.support.chats import latest_visitor, make_chat
from tests.support.fixtures_tickets import anonymous
from tests.support.mail_in import REPLY_ADDRESS, outgoing, reply_mail


@pytest.fixture(autouse=True)
def _mail_in(app):
    """Take replies at the reply address of the tests."""
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS


def _chat(client, site, advisor, status="active"):
    """Insert Eva's chat with an advisor's answer; return it."""
    anonymous(client, site)
    return make_chat(site, latest_visitor(), [("visitor", "¿Cómo exporto?"),
                                              ("advisor", "Desde Informes.")],
                     status=status, advisor_id=advisor.id, visitor_name="Eva",
                     visitor_email="eva@example.com", locale="es")


def _bodies(chat):
    """Return the chat's messages as (author, body)."""
    db.session.expire_all()
    return [(m.author_kind, m.body) for m in db.session.execute(
        db.select(ChatMessage).filter_by(chat_id=chat.id).order_by(ChatMessage.seq)).scalars()]


def test_a_reply_to_an_open_chat_is_the_visitor_message(client, site, advisor):
    chat = _chat(client, site, advisor)
    row = inbound_mail.receive(reply_mail(reply_tokens.address("chat", chat.id),
                                          "Eva <eva@example.com>", "Lo encontré, gracias",
                                          quoted="> Desde Informes."), "smtp")
    assert (row.state, row.chat_id) == ("posted", chat.id)
    assert _bodies(chat)[-1] == ("visitor", "Lo encontré, gracias")


def test_a_stranger_cannot_write_into_a_chat(client, site, advisor):
    chat = _chat(client, site, advisor)
    row = inbound_mail.receive(reply_mail(reply_tokens.address("chat", chat.id),
                                          "mallory@evil.example", "Hola"), "smtp")
    assert (row.state, row.reason) == ("dropped", "stranger")
    assert len(_bodies(chat)) == 2


def test_a_reply_to_an_ended_chat_opens_a_request_and_later_replies_join_it(
        client, site, advisor):
    chat = _chat(client, site, advisor, status="closed")
    address = reply_tokens.address("chat", chat.id)
    row = inbound_mail.receive(reply_mail(address, "eva@example.com", "Y otra pregunta"),
                               "smtp")
    ticket = db.session.get(Ticket, row.ticket_id)
    assert ticket.channel == "email" and ticket.assignee_id == advisor.id
    assert ticket.requester_email == "eva@example.com" and "Y otra pregunta" in \
        ticket.description
    assert db.session.get(Chat, chat.id).ticket_id == ticket.id
    assert outgoing("eva@example.com")  # confirmed, with the request's own reply address
    again = inbound_mail.receive(reply_mail(address, "eva@example.com", "Me olvidé esto"),
                                 "smtp")
    assert again.ticket_id == ticket.id
    assert [c.body for c in db.session.get(Ticket, ticket.id).comments] == ["Me olvidé esto"]
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar_one() == 1

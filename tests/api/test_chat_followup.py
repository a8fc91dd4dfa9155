"""Chat follow-up: an advisor's answer a visitor left unread reaches them by email, once."""
import threading
import time
from datetime import timedelta

import pytest

from helpwidget.background import outbox_sender, worker
from helpwidget.extensions import db
from helpwidget.models import Chat, OutboxMessage, Visitor
from helpwidget.services import (
    chat_followup,
    chat_messages,
    chats,
    emails,
    identity,
    presence,
    reply_tokens,
)
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_tickets import anonymous

GRACE = timedelta(seconds=121)  # just past CHAT_EMAIL_GRACE_SECONDS


@pytest.fixture(autouse=True)
def _reply_address(app):
    """Give the server a reply address, so emails carry a chat token in their Reply-To."""
    app.config["MAIL_REPLY_ADDRESS"] = "reply@support.acme.test"


def _chat(client, site, advisor, token=None, email="ana@example.com", locale="en"):
    """Start a chat as a visitor, as the widget does, and let `advisor` take it; return it."""
    visitor = identity.visitor_for_token(site, token or anonymous(client, site))
    advisor.presence = "online"
    db.session.commit()
    presence.connected("console-1", advisor.id)
    chat, created, _message = chats.start(
        site, visitor, {"name": "Ana", "email": email, "client_id": "v-1",
                        "body": "I cannot issue invoices."}, locale, "127.0.0.1")
    assert created
    chats.claim(advisor, chat.id)
    presence.disconnected("console-1")
    return chat


def _answer(chat, advisor, body, client_id):
    """Post the advisor's message in the chat; return its number."""
    message, _created = chat_messages.post(chat, "advisor", client_id, body, advisor=advisor)
    return message.seq


def _stored(chat):
    """Return the chat as the database holds it now."""
    db.session.expire_all()
    return db.session.get(Chat, chat.id)


def _emails():
    """Return the payloads of every queued email."""
    db.session.expire_all()
    return [row.payload for row in db.session.execute(
        db.select(OutboxMessage).filter_by(kind="email").order_by(OutboxMessage.id)).scalars()]


def _text(message):
    """Return the plain-text part of a received email."""
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_visitor_who_left_gets_the_answer_by_email_after_the_grace_period(
        app, client, site, advisor, smtp_server):
    chat = _chat(client, site, advisor)
    seq = _answer(chat, advisor, "Try again\x07 now, it is <b>fixed</b>.", "a-1")
    assert chat_followup.send_due(utcnow() + GRACE) == 1
    assert _stored(chat).emailed_seq == seq
    outbox_sender.deliver_due()
    [message] = smtp_server.wait_for(1)
    assert message["To"] == "ana@example.com"
    assert "Acme Facturas" in message["Subject"]
    text = _text(message)
    assert "Try again now, it is <b>fixed</b>." in text  # plain text, the bell gone
    assert "Marta Gómez" in text and "answer this email" in text
    assert "Acme Facturas" in text.rstrip().splitlines()[-1]  # the site's signature
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "&lt;b&gt;fixed&lt;/b&gt;" in html and "<b>fixed" not in html
    reply_to = str(message["Reply-To"])
    assert "reply+c" in reply_to and reply_to.endswith("@support.acme.test")
    assert reply_tokens.find([reply_to]) == ("chat", chat.id)
    thread = emails.chat_thread_id(chat, site)
    assert message["References"] == thread and message["In-Reply-To"] == thread


def test_nothing_is_sent_before_the_grace_period(client, site, advisor):
    chat = _chat(client, site, advisor)
    _answer(chat, advisor, "Let me check.", "a-1")
    assert chat_followup.send_due() == 0
    assert chat_followup.send_due(utcnow() + timedelta(seconds=60)) == 0
    assert _emails() == [] and _stored(chat).emailed_seq == 0


def test_an_answer_read_live_is_never_emailed(client, site, advisor):
    chat = _chat(client, site, advisor)
    seq = _answer(chat, advisor, "Fixed.", "a-1")
    chat_messages.mark_read(_stored(chat), "visitor", seq)
    assert chat_followup.send_due(utcnow() + GRACE) == 0
    assert chat_followup.send_due(utcnow() + 10 * GRACE) == 0
    assert _emails() == []


def test_read_after_the_grace_period_but_before_the_run_sends_nothing(client, site, advisor):
    chat = _chat(client, site, advisor)
    seq = _answer(chat, advisor, "Fixed.", "a-1")
    later = utcnow() + 2 * GRACE
    chat_messages.mark_read(_stored(chat), "visitor", seq)  # the run comes after the read
    assert chat_followup.send_due(later) == 0 and _emails() == []


def test_a_read_while_the_run_works_on_the_chat_wins(client, site, advisor, monkeypatch):
    chat = _chat(client, site, advisor)
    seq = _answer(chat, advisor, "Fixed.", "a-1")
    plan = chat_followup._plan

    def read_meanwhile(*args):
        """Plan, then have the visitor read the answer before the chat is claimed."""
        found = plan(*args)
        chat_messages.mark_read(db.session.get(Chat, chat.id), "visitor", seq)
        return found
    monkeypatch.setattr(chat_followup, "_plan", read_meanwhile)
    assert chat_followup.send_due(utcnow() + GRACE) == 0
    assert _emails() == [] and _stored(chat).emailed_seq == 0


def test_a_second_run_sends_nothing_new_and_a_later_answer_goes_in_a_second_email(
        client, site, advisor, smtp_server):
    chat = _chat(client, site, advisor)
    _answer(chat, advisor, "First answer.", "a-1")
    _answer(chat, advisor, "And a second line.", "a-2")
    assert chat_followup.send_due(utcnow() + GRACE) == 1
    assert chat_followup.send_due(utcnow() + GRACE) == 0
    assert chat_followup.send_due(utcnow() + 3 * GRACE) == 0
    seq = _answer(chat, advisor, "One more thing.", "a-3")
    assert chat_followup.send_due(utcnow() + GRACE) == 1
    assert _stored(chat).emailed_seq == seq
    outbox_sender.deliver_due()
    first, second = smtp_server.wait_for(2)
    assert "First answer." in _text(first) and "And a second line." in _text(first)
    assert "One more thing." not in _text(first)
    assert "One more thing." in _text(second) and "First answer." not in _text(second)
    # Both in one thread of the visitor's mail client.
    assert first["References"] == second["References"] == \
        emails.chat_thread_id(chat, site)


def test_no_email_without_an_address(client, site, advisor):
    chat = _chat(client, site, advisor, email="")
    _answer(chat, advisor, "Anyone there?", "a-1")
    assert chat_followup.send_due(utcnow() + GRACE) == 0
    assert _emails() == [] and _stored(chat).emailed_seq == 0


def test_an_identified_user_gets_it_at_their_own_address(client, site, advisor, ana):
    chat = _chat(client, site, advisor, token=ana, email="typed@example.com")
    _answer(chat, advisor, "Done.", "a-1")
    assert chat_followup.send_due(utcnow() + GRACE) == 1
    assert [e["to"] for e in _emails()] == [["ana@example.com"]]


def test_a_visitor_still_active_is_not_written_to_yet(client, site, advisor):
    chat = _chat(client, site, advisor)
    _answer(chat, advisor, "Fixed.", "a-1")
    later = utcnow() + 2 * GRACE
    # The visitor opened the widget again a minute before the run: they are still around.
    db.session.get(Visitor, chat.visitor_id).last_seen_at = later - timedelta(seconds=60)
    db.session.commit()
    assert chat_followup.send_due(later) == 0
    assert chat_followup.send_due(later + GRACE) == 1


def test_the_email_speaks_the_chat_language(client, site, advisor):
    chat = _chat(client, site, advisor, locale="es")
    _answer(chat, advisor, "Ya está.", "a-1")
    assert chat_followup.send_due(utcnow() + GRACE) == 1
    [email] = _emails()
    assert "El equipo de soporte de Acme Facturas" in email["text"]


def test_typed_addresses_count_against_the_site_allowance(app, client, site, advisor):
    app.config["UNVERIFIED_MAIL_PER_SITE"] = "1 per hour"
    first = _chat(client, site, advisor)
    _answer(first, advisor, "Fixed.", "a-1")
    assert chat_followup.send_due(utcnow() + GRACE) == 1
    second = _chat(client, site, advisor, email="bob@example.com")
    _answer(second, advisor, "Fixed too.", "a-1")
    assert chat_followup.send_due(utcnow() + GRACE) == 0
    # Nothing was marked as sent: it goes once the site has room again.
    assert _stored(second).emailed_seq == 0 and len(_emails()) == 1


def test_two_runs_at_once_send_one_email(app, client, site, advisor, monkeypatch):
    chat = _chat(client, site, advisor)
    _answer(chat, advisor, "Fixed.", "a-1")
    now = utcnow() + GRACE
    plan = chat_followup._plan

    def slow_plan(*args):
        """Plan, then linger: both runs see the same unsent answer before either claims it."""
        found = plan(*args)
        time.sleep(0.5)
        return found
    monkeypatch.setattr(chat_followup, "_plan", slow_plan)
    db.session.remove()
    results = []

    def run():
        with app.app_context():
            results.append(chat_followup.send_due(now))
            db.session.remove()
    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == [0, 1]
    assert len(_emails()) == 1


def test_the_worker_runs_it(app):
    assert "email_chat_followups" in worker.jobs()

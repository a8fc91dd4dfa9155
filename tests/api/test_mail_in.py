"""Replies by email land in their request: threaded, stripped, checked, and only from its people."""
from datetime import timedelta

import pytest

from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import Attachment, Ticket, TicketComment
from helpwidget.services import inbound_mail, reply_tokens, ticket_merge, tickets
from tests.support.fixtures_tickets import auth, post_ticket, stored
from tests.support.mail_in import REPLY_ADDRESS, outgoing, received, reply_mail

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
QUOTE = ("El lun, 7 dic 2026 a las 10:00, Acme Support <support@acme.test> escribió:\n"
         "> Hola Ana, prueba a reiniciar.\n> Marta")


@pytest.fixture(autouse=True)
def _mail_in(app):
    """Take replies at the reply address of the tests."""
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS


def _ticket(client, site, ana):
    """Open a request as Ana; return (number, the reply address of its emails)."""
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    confirmation = outgoing("ana@example.com")[-1]
    return number, confirmation["reply_to"]


def _thread(client, ana, number):
    """Return (author_kind, body) of the request's public thread as Ana sees it."""
    detail = client.get(f"/api/v1/tickets/{number}?site=acme", headers=auth(ana)).get_json()
    return [(c["author_kind"], c["body"]) for c in detail["ticket"]["comments"]]


def test_emails_carry_a_reply_address_per_request_and_thread_headers(
        client, site, ana, smtp_server):
    number, reply_to = _ticket(client, site, ana)
    ticket = stored(number)
    assert reply_to.startswith("reply+t") and reply_to.endswith("@mail.acme.test")
    assert reply_tokens.find([reply_to]) == ("ticket", ticket.id)
    outbox_sender.deliver_due()
    [mail] = [m for m in smtp_server.wait_for(2) if m["To"] == "ana@example.com"]
    assert mail["Reply-To"] == reply_to
    assert mail["Message-ID"] and mail["In-Reply-To"] == mail["References"]
    assert f"ticket-acme-{number}@" in mail["References"]
    # In the requester's language: "you can also answer this email".
    assert "responder a este correo" in mail.get_body(preferencelist=("plain",)).get_content()


def test_a_reply_becomes_the_requester_comment_without_quote_or_signature(client, site, ana):
    number, reply_to = _ticket(client, site, ana)
    tickets.set_status(stored(number), "awaiting_reply")
    db.session.commit()
    row = inbound_mail.receive(reply_mail(reply_to, "Ana Pérez <ana@example.com>",
                                          "Gracias, ya funciona.\n\n--\nAna Pérez\nAcme",
                                          quoted=QUOTE), "smtp")
    assert (row.state, row.reason) == ("posted", "")
    assert _thread(client, ana, number)[-1] == ("requester", "Gracias, ya funciona.")
    assert stored(number).status == "open"  # a reply reopens a request awaiting it


def test_html_mail_is_stored_as_text_only(client, site, ana):
    number, reply_to = _ticket(client, site, ana)
    html = ('<p>Sigue <b>fallando</b><script>alert(1)</script>'
            '<img src="https://tracker.example/x.png" onerror="alert(2)"></p>')
    message = reply_mail(reply_to, "ana@example.com", "", html=html)
    inbound_mail.receive(message, "smtp")
    body = _thread(client, ana, number)[-1][1]
    assert "Sigue fallando" in body
    assert "<" not in body and "alert" not in body and "tracker" not in body


def test_attachments_go_through_the_upload_checks(client, site, ana):
    number, reply_to = _ticket(client, site, ana)
    files = [("pantalla.png", PNG, "image", "png"),
             ("factura.pdf", b"MZ\x90\x00 not a pdf at all", "application", "pdf")]
    inbound_mail.receive(reply_mail(reply_to, "ana@example.com", "Adjunto captura",
                                    files=files), "smtp")
    ticket = stored(number)
    [comment] = [c for c in ticket.comments if c.body == "Adjunto captura"]
    assert [a.filename for a in comment.attachments] == ["pantalla.png"]
    note = [c for c in ticket.comments if c.internal and c.author_kind == "system"][-1]
    assert "factura.pdf" in note.body  # the team learns which file was not accepted
    assert "factura.pdf" not in [b for _k, b in _thread(client, ana, number)]
    files_seen = client.get(f"/api/v1/tickets/{number}?site=acme", headers=auth(ana)) \
        .get_json()["ticket"]["comments"][-1]["attachments"]
    download = client.get(f"/api/v1/attachments/{files_seen[0]['id']}?site=acme",
                          headers=auth(ana))
    assert download.status_code == 200 and download.data == PNG
    assert db.session.execute(db.select(db.func.count(Attachment.id))).scalar_one() == 1


def test_a_cc_may_reply_a_stranger_is_dropped_and_recorded(client, site, ana):
    number, reply_to = _ticket(client, site, ana)
    inbound_mail.receive(reply_mail(reply_to, "contabilidad@example.com", "Lo confirmo."),
                         "smtp")
    before = len(stored(number).comments)
    row = inbound_mail.receive(reply_mail(reply_to, "mallory@evil.example", "Cierra esto"),
                               "smtp")
    assert (row.state, row.reason, row.detail) == ("dropped", "stranger",
                                                   "mallory@evil.example")
    assert row.site_id == site.id and row.raw  # kept for the team, with its raw bytes
    assert len(stored(number).comments) == before
    assert ("requester", "Lo confirmo.") in _thread(client, ana, number)
    assert outgoing("mallory@evil.example") == []  # no bounce, no answer


@pytest.mark.parametrize("headers, reason", [
    ({"Auto-Submitted": "auto-replied"}, "auto_reply"),
    ({"Precedence": "bulk"}, "auto_reply"),
    ({"X-Autoreply": "yes"}, "auto_reply"),
    ({"X-Auto-Response-Suppress": "All"}, "auto_reply"),
    ({"Return-Path": "<>"}, "bounce"),
])
def test_auto_replies_and_bounces_are_never_posted_nor_answered(
        client, site, ana, headers, reason):
    number, reply_to = _ticket(client, site, ana)
    mails_before = len(outgoing("ana@example.com"))
    row = inbound_mail.receive(reply_mail(reply_to, "ana@example.com",
                                          "Estoy de vacaciones hasta el lunes.", **headers),
                               "smtp")
    assert (row.state, row.reason) == ("dropped", reason)
    assert len(stored(number).comments) == 0
    assert len(outgoing("ana@example.com")) == mails_before


def test_a_delivery_report_from_the_mailer_daemon_is_a_bounce(client, site, ana):
    _number, reply_to = _ticket(client, site, ana)
    row = inbound_mail.receive(reply_mail(reply_to, "MAILER-DAEMON@mx.example.com",
                                          "Delivery failed"), "smtp")
    assert (row.state, row.reason) == ("dropped", "bounce")


def test_our_own_email_coming_back_is_a_loop(client, site, ana, smtp_server):
    number, _reply_to = _ticket(client, site, ana)
    outbox_sender.deliver_due()
    [ours] = [m for m in smtp_server.wait_for(2) if m["To"] == "ana@example.com"]
    del ours["Auto-Submitted"]  # a forwarder that drops it must not make a loop either
    del ours["From"]
    ours["From"] = "ana@example.com"
    del ours["To"]
    ours["To"] = ours["Reply-To"]
    row = inbound_mail.receive(ours.as_bytes(), "smtp")
    assert (row.state, row.reason) == ("dropped", "loop")
    assert len(stored(number).comments) == 0


@pytest.mark.parametrize("tamper", [
    lambda a: a.replace("+t", "+t1", 1),  # another request's id with the old signature
    lambda a: a[:a.index("@") - 1] + ("a" if a[a.index("@") - 1] != "a" else "b")
    + a[a.index("@"):],
    lambda a: a.split("-")[0] + "@mail.acme.test",
])
def test_a_tampered_or_unknown_token_changes_nothing(client, site, ana, tamper):
    number, reply_to = _ticket(client, site, ana)
    row = inbound_mail.receive(reply_mail(tamper(reply_to), "ana@example.com", "Hola"),
                               "smtp")
    assert row.state == "dropped" and row.reason in ("unknown_token", "no_site")
    assert len(stored(number).comments) == 0


def test_the_same_email_delivered_twice_is_posted_once(client, site, ana):
    number, reply_to = _ticket(client, site, ana)
    message = reply_mail(reply_to, "ana@example.com", "Una vez")
    first, again = inbound_mail.receive(message, "smtp"), inbound_mail.receive(message, "imap")
    assert first.id == again.id and len(received()) == 1
    assert [b for _k, b in _thread(client, ana, number)] == ["Una vez"]


def test_a_crash_after_posting_then_processing_again_posts_once(client, site, ana):
    number, reply_to = _ticket(client, site, ana)
    row, created = inbound_mail.store(reply_mail(reply_to, "ana@example.com", "Una"), "smtp")
    assert created and row.state == "received"
    inbound_mail.process(row)
    row.state = "received"  # as if the process died before recording it
    db.session.commit()
    assert inbound_mail.process_pending() == 1
    assert [b for _k, b in _thread(client, ana, number)] == ["Una"]


def test_ids_of_what_emails_post_are_not_for_clients_to_take(client, site, ana, widget):
    number, reply_to = _ticket(client, site, ana)
    # An email arrives and waits to be posted; meanwhile a client tries to take its id.
    row, _created = inbound_mail.store(reply_mail(reply_to, "ana@example.com", "Por correo"),
                                       "smtp")
    taken = client.post(f"/api/v1/tickets/{number}/comments", headers=auth(ana),
                        json={"site": "acme", "body": "Hola", "client_id": f"MAIL-{row.id}"})
    assert taken.status_code == 400
    assert "reserved for replies received by email" in taken.get_json()["fields"]["client_id"][0]
    visitor, _ = widget()
    refused = visitor.call("chat:send", {"chat_id": 1, "client_id": row.client_id,
                                         "body": "Hola"})
    assert refused["error"]["code"] == "invalid" and "client_id" in refused["error"]["fields"]
    assert inbound_mail.process(row).state == "posted"
    detail = client.get(f"/api/v1/tickets/{number}?site=acme", headers=auth(ana)).get_json()
    assert [(c["body"], c["by_email"]) for c in detail["ticket"]["comments"]] == [
        ("Por correo", True)]


def test_an_email_that_cannot_be_read_is_kept_for_advisors():
    row = inbound_mail.receive(b"\x00\x01 not an email", "smtp")
    assert row.state == "failed" and row.reason == "parse_error" and row.detail
    assert row.raw == b"\x00\x01 not an email"


def test_a_reply_to_a_closed_request_opens_a_follow_up(client, site, ana, advisor):
    number, reply_to = _ticket(client, site, ana)
    ticket = stored(number)
    tickets.assign(ticket, advisor)
    tickets.change_status(ticket, "closed", advisor=advisor)
    row = inbound_mail.receive(reply_mail(reply_to, "ana@example.com", "Vuelve a fallar"),
                               "smtp")
    follow = db.session.get(Ticket, row.ticket_id)
    assert follow.number != number and follow.channel == "email"
    assert follow.subject.startswith("Re: ") and f"#{number}" in follow.description
    assert follow.assignee_id == advisor.id and follow.requester_email == "ana@example.com"
    assert stored(number).status == "closed"


def test_a_reply_to_a_merged_request_joins_the_one_it_went_into(client, site, ana, advisor):
    first, first_reply_to = _ticket(client, site, ana)
    second, _ = _ticket(client, site, ana)
    ticket_merge.merge(stored(first), stored(second), advisor)
    db.session.commit()
    row = inbound_mail.receive(reply_mail(first_reply_to, "ana@example.com",
                                          "Respondo al primer aviso"), "smtp")
    assert (row.state, row.ticket_id) == ("posted", stored(second).id)
    assert _thread(client, ana, second)[-1] == ("requester", "Respondo al primer aviso")
    assert "Respondo al primer aviso" not in [b for _k, b in _thread(client, ana, first)]
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar() == 2  # no follow-up


def _support_mail(site, app, sender, text, **headers):
    """Send an email without a token to the site's support address; return its row."""
    return inbound_mail.receive(reply_mail("ayuda@acme.test", sender, text,
                                           subject="No puedo entrar", **headers), "smtp")


@pytest.fixture
def support_address(site):
    """Give the site a support address."""
    site.contact = {**(site.contact or {}), "email": "ayuda@acme.test"}
    db.session.commit()
    return site


def test_mail_to_the_support_address_opens_a_request_only_when_switched_on(
        client, support_address, app):
    site = support_address
    row = _support_mail(site, app, "Jan <jan@example.pl>", "Nie mogę się zalogować")
    assert (row.state, row.reason) == ("dropped", "intake_off")
    site.mail_opens_tickets = True
    db.session.commit()
    row = _support_mail(site, app, "Jan <jan@example.pl>", "Nie mogę się zalogować",
                        Content_Language="pl")
    ticket = db.session.get(Ticket, row.ticket_id)
    assert (ticket.channel, ticket.requester_email, ticket.requester_name) == (
        "email", "jan@example.pl", "Jan")
    assert ticket.locale == "pl" and ticket.description == "Nie mogę się zalogować"
    [confirmation] = outgoing("jan@example.pl")
    assert reply_tokens.find([confirmation["reply_to"]]) == ("ticket", ticket.id)
    assert "Otrzymaliśmy" in confirmation["subject"]  # in the sender's language


def test_mail_intake_is_limited_per_sender(client, support_address, app):
    support_address.mail_opens_tickets = True
    db.session.commit()
    app.config["MAIL_IN_TICKETS_PER_SENDER"] = 2
    rows = [_support_mail(support_address, app, "spam@example.com", f"Mensaje {i}")
            for i in range(3)]
    assert [r.state for r in rows] == ["posted", "posted", "dropped"]
    assert rows[-1].reason == "rate_limited"
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar_one() == 2
    other = _support_mail(support_address, app, "someone@example.com", "Hola")
    assert other.state == "posted"


def test_mail_for_no_site_is_dropped(app):
    row = inbound_mail.receive(reply_mail("nobody@elsewhere.test", "a@example.com", "Hi"),
                               "smtp")
    assert (row.state, row.reason) == ("dropped", "no_site")
    assert db.session.execute(db.select(db.func.count(TicketComment.id))).scalar_one() == 0


def test_the_listener_takes_only_our_addresses(app, support_address, client, ana):
    _number, reply_to = _ticket(client, support_address, ana)
    assert inbound_mail.accepts_recipient(reply_to)
    assert inbound_mail.accepts_recipient("ayuda@acme.test")
    assert not inbound_mail.accepts_recipient("someone@gmail.com")


def test_the_worker_posts_an_email_a_stopped_receiver_left_unread(client, site, ana):
    number, reply_to = _ticket(client, site, ana)
    row, _created = inbound_mail.store(reply_mail(reply_to, "ana@example.com", "Pendiente"),
                                       "smtp")
    assert inbound_mail.process_stranded() == 0  # a receiver may still be posting it
    row.received_at = row.received_at - timedelta(minutes=10)
    db.session.commit()
    assert inbound_mail.process_stranded() == 1
    assert _thread(client, ana, number) == [("requester", "Pendiente")]


@pytest.mark.parametrize("results, state", [
    ("mx.acme.test; dmarc=fail header.from=example.com", "dropped"),
    ("mx.acme.test; spf=fail smtp.mailfrom=example.com; dkim=none", "dropped"),
    ("mx.acme.test; spf=fail smtp.mailfrom=example.com; dkim=pass header.d=example.com",
     "posted"),
    ("mx.acme.test; dmarc=pass header.from=example.com", "posted"),
    # Written by the sender, not by our mail server: no verdict either way.
    ("mx.evil.test; dmarc=fail header.from=example.com", "posted"),
])
def test_a_sender_our_mail_server_found_forged_is_dropped(app, client, site, ana, results,
                                                           state):
    app.config["MAIL_IN_AUTHSERV_ID"] = "mx.acme.test"
    number, reply_to = _ticket(client, site, ana)
    row = inbound_mail.receive(reply_mail(reply_to, "ana@example.com", "¿Soy yo?",
                                          Authentication_Results=results), "smtp")
    assert row.state == state
    assert row.reason == ("spoofed" if state == "dropped" else "")
    assert len(stored(number).comments) == (state == "posted")

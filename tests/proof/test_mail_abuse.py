"""The server is no mail cannon: transcripts, chat conversions, address claims and Cc copies."""
from datetime import timedelta

import jwt
import pytest

from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import Chat, EndUser, OutboxMessage, Ticket
from helpwidget.services import chat_handoff, outbox
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_tickets import anonymous, identified, post_ticket
from tests.support.identities import sign_identity
from tests.support.proof import record

SPAM = "Cheap watches at http://spam.example/buy — reply now"


def _mail():
    """Return the payloads of every email in the outbox."""
    db.session.expire_all()
    return [row.payload for row in db.session.execute(db.select(OutboxMessage).filter_by(
        kind="email")).scalars()]


def _recipients(payloads):
    """Return every address the emails go to (To and Cc)."""
    return [addr for p in payloads for addr in p["to"] + p["cc"]]


def _closed_chat(widget, console, email="lucia@example.com"):
    """Return (visitor client, chat id) of a chat an advisor answered and closed."""
    visitor, _ = widget()
    chat = visitor.ok("chat:start", {"client_id": "c1", "body": SPAM, "email": email})["chat"]
    console.ok("chat:claim", {"chat_id": chat["id"]})
    return visitor, chat["id"]


def test_a_transcript_goes_only_to_the_chats_own_address_a_few_times(
        app, widget, console, smtp_server):
    # The transcript's own limits are under test here, not the connection's event allowance.
    app.config.update(SOCKET_EVENTS_PER_SECOND=1000, SOCKET_EVENT_BURST=1000)
    visitor, chat_id = _closed_chat(widget, console)
    early = visitor.call("chat:transcript", {"chat_id": chat_id})
    assert early["error"]["code"] == "open", early  # not before the chat has ended
    console.ok("chat:close", {"chat_id": chat_id})

    attempts = leaks = 0
    for i in range(25):  # any other address, in any spelling
        for address in (f"victim{i}@example.com", "LUCIA@example.com, victim@example.com"):
            reply = visitor.call("chat:transcript", {"chat_id": chat_id, "email": address})
            attempts += 1
            assert reply["ok"] is False and reply["error"]["code"] == "invalid", reply
    for _ in range(25):  # its own address, again and again
        attempts += 1
        visitor.call("chat:transcript", {"chat_id": chat_id})
    payloads = _mail()
    leaks = sum(1 for addr in _recipients(payloads) if addr != "lucia@example.com")
    assert leaks == 0
    assert len(payloads) == 3  # RATELIMIT_TRANSCRIPTS: 3 per hour per visitor
    refused = visitor.call("chat:transcript", {"chat_id": chat_id})
    assert refused["error"] == {"code": "rate_limited",
                                "message": "You asked for this too often. Try again later."}
    record("access", "mail: chat transcripts to other addresses or in bulk", attempts=attempts,
           leaks=leaks, refusals_missed=len(payloads) - 3)


def test_a_transcript_of_a_chat_closed_long_ago_is_refused(widget, console):
    visitor, chat_id = _closed_chat(widget, console)
    console.ok("chat:close", {"chat_id": chat_id})
    db.session.get(Chat, chat_id).closed_at = utcnow() - timedelta(hours=2)
    db.session.commit()
    reply = visitor.call("chat:transcript", {"chat_id": chat_id})
    assert reply["error"]["code"] == "closed", reply
    assert _mail() == []


def test_transcripts_are_limited_per_address_across_fresh_visitors(app, widget, console):
    app.config["RATELIMIT_TRANSCRIPTS_IP"] = "2 per hour"
    sent = 0
    for n in range(4):
        visitor, chat_id = _closed_chat(widget, console, email=f"v{n}@example.com")
        console.ok("chat:close", {"chat_id": chat_id})
        sent += visitor.call("chat:transcript", {"chat_id": chat_id})["ok"]
    assert sent == 2 and len(_mail()) == 2


def test_an_anonymous_chat_without_an_address_gets_no_transcript(widget, console):
    visitor, _ = widget()
    chat = visitor.ok("chat:start", {"client_id": "c1", "body": "Hola"})["chat"]
    console.ok("chat:claim", {"chat_id": chat["id"]})
    console.ok("chat:close", {"chat_id": chat["id"]})
    reply = visitor.call("chat:transcript", {"chat_id": chat["id"],
                                             "email": "victim@example.com"})
    assert reply["error"]["code"] == "invalid" and "email" in reply["error"]["fields"]
    assert _mail() == []


def test_chat_start_is_limited_per_address_whatever_the_visitor(app, widget, console):
    app.config["RATELIMIT_CHAT_START"] = "3 per minute"
    answers = [widget()[0].call("chat:start", {"client_id": "c", "body": "Hola"})
               for _ in range(6)]
    assert [a["ok"] for a in answers] == [True, True, True, False, False, False]
    assert answers[-1]["error"]["code"] == "rate_limited"
    assert db.session.query(Chat).count() == 3
    record("access", "mail: chats started from one address", attempts=6, leaks=0,
           refusals_missed=db.session.query(Chat).count() - 3)


def test_unanswered_chats_count_against_the_ticket_limits(app, client, site, widget, console):
    app.config.update(RATELIMIT_TICKETS="2 per minute", RATELIMIT_CHAT_START="100 per minute")
    for n in range(5):
        visitor, _ = widget()
        visitor.ok("chat:start", {"client_id": "c", "body": f"Nadie contesta {n}",
                                  "email": f"v{n}@example.com"})
    converted = chat_handoff.convert_unanswered(utcnow() + timedelta(minutes=10))
    assert len(converted) == 5 and all(c.status == "closed" for c in converted)
    tickets = db.session.query(Ticket).count()
    assert tickets == 2  # the address's ticket limit, conversions included
    assert len(_mail()) == 2
    # What the visitors wrote is kept in their chats all the same.
    assert all(c.last_seq == 1 for c in converted)
    # And the REST endpoint shares the count: this address has no ticket left this minute.
    refused = post_ticket(client, site, anonymous(client, site), email="x@example.com",
                          name="X")
    assert refused.status_code == 429
    record("access", "mail: unanswered chats turned into tickets past the limit", attempts=6,
           leaks=0, refusals_missed=tickets - 2)


@pytest.mark.parametrize("claim", [
    "a@example.com, b@example.com, c@example.com", "a@example.com;b@example.com",
    "Ana <a@example.com>", "a@example.com\nb@example.com", '"a,b"@example.com', "no-address",
    ["a@example.com"]])
def test_an_identity_email_claim_must_be_exactly_one_address(client, site, claim):
    token = sign_identity(site, email=claim)
    response = client.post("/api/v1/session", json={"site": site.key, "identity": token,
                                                     "locale": "en"})
    assert response.status_code == 401, response.get_json()
    assert db.session.query(OutboxMessage).count() == 0


def test_a_valid_identity_email_is_stored_in_its_one_normal_form(client, site):
    identified(client, site, sub="ana", email="Ana@Example.COM")
    assert db.session.execute(db.select(EndUser.email).filter_by(
        external_id="ana")).scalar_one() == "ana@example.com"


def test_the_outbox_never_sends_to_an_entry_holding_several_addresses(app):
    row = outbox.enqueue_email(["a@example.com, b@example.com", "c@example.com"], "Hi", "text",
                               cc=["d@example.com;e@example.com", "f@example.com"])
    assert row.payload["to"] == ["c@example.com"] and row.payload["cc"] == ["f@example.com"]
    assert outbox.enqueue_email("a@example.com, b@example.com", "Hi", "text") is None
    db.session.rollback()


def test_cc_copies_quote_nothing_but_the_subject(client, site, smtp_server):
    token = anonymous(client, site)
    cc = [f"cc{i}@example.com" for i in range(10)]
    response = post_ticket(client, site, token, name="Spammer", email="me@example.com",
                           description=SPAM, cc=cc, subject="Hello")
    assert response.status_code == 201, response.get_json()
    outbox_sender.deliver_due()
    messages = smtp_server.wait_for(2)
    to_cc = [m for m in messages if "cc0@example.com" in str(m["To"])]
    [copy] = to_cc
    assert "me@example.com" not in str(copy["To"]) + str(copy.get("Cc", ""))
    text = copy.get_body(("plain",)).get_content()
    html = copy.get_body(("html",)).get_content()
    assert "Hello" in text and "spam.example" not in text + html and "Spammer" not in text
    [own] = [m for m in messages if m["To"] == "me@example.com"]
    assert own["Cc"] is None and "spam.example" in own.get_body(("plain",)).get_content()
    record("access", "mail: untrusted text quoted to Cc addresses", attempts=len(cc),
           leaks=sum("spam.example" in m.get_body(("plain",)).get_content() for m in to_cc),
           refusals_missed=0)


def test_mail_to_unverified_addresses_is_bounded_per_site(app, client, site, smtp_server):
    app.config.update(UNVERIFIED_MAIL_PER_SITE="4 per hour", RATELIMIT_TICKETS="100 per minute")
    attempts = 0
    for n in range(6):
        token = anonymous(client, site)
        response = post_ticket(client, site, token, name="X", email=f"r{n}@example.com",
                               cc=[f"c{n}@example.com"])
        assert response.status_code == 201  # the request itself is always kept
        attempts += 2
    unverified = len(_recipients(_mail()))
    assert unverified == 4
    # A signed identity's own address is verified: its confirmation still goes out.
    ana = identified(client, site, sub="ana", email="ana@example.com")
    assert post_ticket(client, site, ana, cc=[]).status_code == 201
    assert "ana@example.com" in _recipients(_mail())
    record("access", "mail: unverified addresses per site and hour", attempts=attempts, leaks=0,
           refusals_missed=unverified - 4)


def test_a_forged_identity_cannot_widen_the_recipients(client, site):
    forged = jwt.encode({"sub": "x", "email": "a@example.com", "exp": 9999999999},
                        "not-the-site-secret-" * 2,
                        algorithm="HS256")
    assert client.post("/api/v1/session", json={"site": site.key,
                                                "identity": forged}).status_code == 401

"""An attacker's mail: forged reply addresses, spoofed senders, malformed email change nothing."""
import secrets

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpwidget.extensions import db
from helpwidget.models import InboundEmail, Ticket, TicketComment
from helpwidget.services import inbound_mail, reply_tokens
from tests.support.fixtures_tickets import post_ticket, stored
from tests.support.mail_in import REPLY_ADDRESS, outgoing, reply_mail
from tests.support.proof import record

pytestmark = pytest.mark.proof
BASE32 = "abcdefghijklmnopqrstuvwxyz234567"


@pytest.fixture(autouse=True)
def _mail_in(app):
    """Take replies at the reply address of the tests."""
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS


def _comments():
    """Return how many comments all tickets have."""
    db.session.expire_all()
    return db.session.execute(db.select(db.func.count(TicketComment.id))).scalar_one()


def test_forged_reply_addresses_never_post(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    ticket = stored(number)
    real = reply_tokens.address("ticket", ticket.id)
    prefix = real.split("-")[0]
    # The right request with made-up signatures; its signature on another id or another domain.
    forged = [f"{prefix}-{''.join(secrets.choice(BASE32) for _ in range(16))}@mail.acme.test"
              for _ in range(200)]
    forged += [real.replace(prefix, prefix + "0"), real.replace(prefix, "reply+c" + prefix[7:]),
               real.replace("reply+", "reply+x"), real.replace("-", "", 1)]
    posted = sum(inbound_mail.receive(reply_mail(address, "ana@example.com", "forged"),
                                      "smtp").state == "posted" for address in forged)
    assert posted == 0 and _comments() == 0
    record("access", "mail: forged reply addresses", attempts=len(forged), leaks=posted)
    # The genuine address still works, whatever case a mail server gave it.
    assert inbound_mail.receive(reply_mail(real.upper(), "ana@example.com", "real"),
                                "smtp").state == "posted"


def test_a_spoofed_sender_with_a_leaked_address_gets_nothing_back(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    address = reply_tokens.address("ticket", stored(number).id)
    strangers = [f"attacker{i}@evil.example" for i in range(20)]
    for sender in strangers:
        inbound_mail.receive(reply_mail(address, sender, "dame los datos"), "smtp")
    leaks = sum(len(outgoing(s)) for s in strangers)
    assert _comments() == 0 and leaks == 0
    assert {r.reason for r in db.session.execute(db.select(InboundEmail)).scalars()} == {
        "stranger"}
    record("access", "mail: spoofed senders", attempts=len(strangers), leaks=leaks)


_header_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                       max_size=200)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda s, b, ct: (f"From: {s}\r\nTo: {REPLY_ADDRESS}\r\nContent-Type: {ct}\r\n"
                                f"Subject: {s}\r\n\r\n{b}").encode("utf-8", "surrogatepass"),
              _header_text, _header_text,
              st.sampled_from(["text/plain", "text/html", "multipart/mixed",
                               "multipart/mixed; boundary=x", "message/rfc822",
                               "multipart/report", "text/plain; charset=x-unknown"]))))
def test_malformed_email_is_stored_and_never_breaks_the_receiver(app, site, raw):
    row = inbound_mail.receive(raw, "smtp")
    assert row.state in ("dropped", "failed") and row.raw == raw
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar_one() == 0


def test_deeply_nested_and_huge_parts_are_handled(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    address = reply_tokens.address("ticket", stored(number).id)
    nested = "Content-Type: text/plain\r\n\r\nhola\r\n"
    for depth in range(60):
        nested = (f'Content-Type: multipart/mixed; boundary="b{depth}"\r\n\r\n--b{depth}\r\n'
                  f"{nested}--b{depth}--\r\n")
    raw = (f"From: ana@example.com\r\nTo: {address}\r\nSubject: x\r\n"
           f"Message-ID: <n@client.example>\r\n{nested}").encode()
    assert inbound_mail.receive(raw, "smtp").state in ("posted", "dropped", "failed")
    long_line = "A" * 300_000
    row = inbound_mail.receive(reply_mail(address, "ana@example.com", long_line), "smtp")
    assert row.state == "posted"
    [comment] = [c for c in stored(number).comments if c.body.startswith("AAA")]
    assert len(comment.body) <= 20000

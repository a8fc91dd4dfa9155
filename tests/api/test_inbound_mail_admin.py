"""Incoming mail for advisors: the site's held emails listed, downloaded raw and tried again."""
import uuid
from datetime import timedelta
from email.message import EmailMessage

import pytest

from helpwidget.extensions import db
from helpwidget.models import InboundEmail
from helpwidget.services import inbound_mail, sites
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.fixtures_tickets import post_ticket, stored
from tests.support.mail_in import REPLY_ADDRESS, outgoing, reply_mail

URL = "/api/v1/advisor/inbound-mail"


def message(body="Hello, the invoice is wrong.", subject="Re: Invoice", html=None,
            sender="ana@example.com"):
    """Return the bytes of an email with a plain body, an HTML one, or both."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, "help@acme.example.com", subject
    if body is not None:
        mail.set_content(body)
    if html is not None:
        if body is None:
            mail.set_content(html, subtype="html")
        else:
            mail.add_alternative(html, subtype="html")
    return mail.as_bytes()


def received(site, state="dropped", reason="stranger", minutes_ago=0, raw=None, **fields):
    """Store an email as the intake would have left it; return it."""
    row = InboundEmail(
        dedupe_key=uuid.uuid4().hex, source="smtp", envelope_to=["help@acme.example.com"],
        raw=raw if raw is not None else message(), sender=fields.pop("sender", "ana@example.com"),
        subject=fields.pop("subject", "Re: Invoice"), state=state, reason=reason,
        site_id=site.id if site is not None else None,
        received_at=utcnow() - timedelta(minutes=minutes_ago), **fields)
    db.session.add(row)
    db.session.commit()
    return row


def listed(client, headers, **query):
    response = client.get(URL, query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def marta(client, advisor):
    return bearer(advisor_login(client, advisor.email))


@pytest.fixture
def olga(client, outsider):
    return bearer(advisor_login(client, outsider.email))


@pytest.fixture
def owner(client):
    owen = make_advisor("owner@server.example", "Owen Owner")
    owen.is_owner = True
    db.session.commit()
    return bearer(advisor_login(client, owen.email))


def test_the_team_sees_its_sites_held_mail_newest_first(client, site, other_site, marta):
    old = received(site, "dropped", "auto_reply", minutes_ago=30, subject="Out of office")
    new = received(site, "failed", "post_error", minutes_ago=5, detail="database went away")
    posted = received(site, "posted", "", minutes_ago=10)
    waiting = received(site, "received", "", minutes_ago=1)
    received(other_site, "dropped", "stranger", subject="Globex only")

    held = listed(client, marta, site="acme")
    assert [e["id"] for e in held["emails"]] == [new.id, old.id] and held["total"] == 2
    first = held["emails"][0]
    assert first["state"] == "failed" and first["reason"] == "post_error"
    assert first["reason_text"] == "Posting the email failed."
    assert first["detail"] == "database went away" and first["retriable"] is True
    assert first["sender"] == "ana@example.com" and first["subject"] == "Re: Invoice"
    assert first["preview"] == "Hello, the invoice is wrong."
    assert first["received_at"].endswith("+00:00")
    assert held["emails"][1]["reason_text"].startswith("An automatic reply")

    assert [e["id"] for e in listed(client, marta, site="acme", state="posted")["emails"]] == [
        posted.id]
    assert listed(client, marta, site="acme", state="posted")["emails"][0]["retriable"] is False
    assert [e["id"] for e in listed(client, marta, site="acme", state="dropped")["emails"]] == [
        old.id]
    everything = listed(client, marta, site="acme", state="all")
    assert [e["id"] for e in everything["emails"]] == [waiting.id, new.id, posted.id, old.id]
    assert "Globex only" not in str(everything)
    page = listed(client, marta, site="acme", state="all", per_page=3, page=2)
    assert page["total"] == 4 and [e["id"] for e in page["emails"]] == [old.id]
    wrong = client.get(URL, query_string={"site": "acme", "state": "lost"}, headers=marta)
    assert wrong.status_code == 400 and "state" in wrong.get_json()["fields"]


def test_an_email_links_its_request_only_on_its_own_site(client, site, other_site, marta, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    ticket = stored(number)
    linked = received(site, "dropped", "closed", ticket_id=ticket.id)
    # A row pointing into another site's ticket shows no link (nothing of that site leaks).
    stray = received(other_site, "dropped", "stranger", ticket_id=ticket.id)
    entry = listed(client, marta, site="acme")["emails"][0]
    assert entry["id"] == linked.id
    assert (entry["ticket_id"], entry["ticket_number"], entry["chat_id"]) == (
        ticket.id, number, None)
    globex = make_advisor("gus@globex.example.com", "Gus", (other_site, "advisor"))
    seen = listed(client, bearer(advisor_login(client, globex.email)), site="globex")
    assert seen["emails"][0]["id"] == stray.id
    assert seen["emails"][0]["ticket_number"] is None and seen["emails"][0]["ticket_id"] is None


def test_previews_are_plain_text_cut_short(client, site, marta):
    html = received(site, raw=message(body=None, html="<p>Hi <b>team</b></p><ul><li>one</li>"
                                      "</ul><script>alert(1)</script>"), minutes_ago=4)
    both = received(site, raw=message(body="The plain words", html="<p>The HTML words</p>"),
                    minutes_ago=3)
    long = received(site, raw=message(body="word " * 400), minutes_ago=2)
    broken = received(site, "failed", "parse_error", raw=b"\x00\xff not an email at all",
                      minutes_ago=1)
    previews = {e["id"]: e["preview"] for e in listed(client, marta, site="acme")["emails"]}
    assert "Hi team" in previews[html.id] and "one" in previews[html.id]
    assert "<" not in previews[html.id] and "alert" not in previews[html.id]
    assert previews[both.id] == "The plain words"
    assert len(previews[long.id]) == 500 and previews[long.id].endswith("…")
    # Hostile bytes never break the list; what shows of them has no control characters.
    assert "\x00" not in previews[broken.id] and "not an email" in previews[broken.id]


def test_other_sites_advisors_get_404_and_no_site_needs_the_owner(client, site, marta, olga):
    row = received(site)
    for method, url in (("GET", f"{URL}?site=acme"), ("GET", f"{URL}/{row.id}/raw"),
                        ("POST", f"{URL}/{row.id}/retry"), ("GET", f"{URL}/999999/raw")):
        response = client.open(url, method=method, headers=olga)
        assert response.status_code == 404, (method, url)
        assert "Re: Invoice" not in response.get_data(as_text=True)
    refused = client.get(URL, headers=marta)
    assert refused.status_code == 403 and refused.get_json()["code"] == "owner_required"
    assert client.get(f"{URL}?site=acme").status_code == 401


def test_the_raw_download_is_the_email_byte_for_byte(client, site, marta):
    raw = message(subject="Ünïcode subject", body="Zażółć gęślą jaźń") + b"\r\n\r\n"
    row = received(site, raw=raw)
    response = client.get(f"{URL}/{row.id}/raw", headers=marta)
    assert response.status_code == 200 and response.data == raw
    assert response.mimetype == "message/rfc822"
    assert response.headers["Content-Disposition"] == f'attachment; filename="email-{row.id}.eml"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response.headers["Cache-Control"]


def test_mail_that_matched_no_site_is_for_the_owner_only(client, site, marta, owner):
    lost = received(None, "dropped", "no_site", subject="To nobody")
    assert client.get(f"{URL}/{lost.id}/raw", headers=marta).status_code == 404
    assert client.post(f"{URL}/{lost.id}/retry", headers=marta).status_code == 404
    assert "To nobody" not in str(listed(client, marta, site="acme", state="all"))
    download = client.get(f"{URL}/{lost.id}/raw", headers=owner)
    assert download.status_code == 200 and download.data == lost.raw
    unmatched = listed(client, owner)
    assert [e["id"] for e in unmatched["emails"]] == [lost.id]
    assert unmatched["emails"][0]["reason_text"].startswith("It is not a reply")
    # The owner is on every site's team too.
    assert listed(client, owner, site="acme")["total"] == 0


@pytest.fixture
def processing(monkeypatch):
    """Stand in for inbound_mail.process; return the ids of the rows it was called with."""
    calls = []

    def process(row):
        calls.append(row.id)
        # The rules now let it through: it became a comment.
        row.state, row.reason, row.detail = "posted", "", ""
        db.session.commit()
        return row

    monkeypatch.setattr(inbound_mail, "process", process)
    return calls


def test_any_team_member_tries_a_held_email_again(client, site, marta, olga, processing):
    failed = received(site, "failed", "post_error")
    dropped = received(site, "dropped", "stranger")
    posted = received(site, "posted", "")
    answer = client.post(f"{URL}/{failed.id}/retry", headers=marta)
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["id"] == failed.id and answer.get_json()["state"] == "posted"
    assert answer.get_json()["reason_text"] == "" and answer.get_json()["retriable"] is False
    assert client.post(f"{URL}/{dropped.id}/retry", headers=marta).status_code == 200
    assert processing == [failed.id, dropped.id]
    # A posted email would be posted twice; another site's is not there at all.
    again = client.post(f"{URL}/{posted.id}/retry", headers=marta)
    assert again.status_code == 409 and again.get_json()["code"] == "not_retriable"
    other = received(site, "dropped", "stranger")
    assert client.post(f"{URL}/{other.id}/retry", headers=olga).status_code == 404
    assert processing == [failed.id, dropped.id]
    db.session.expire_all()
    assert db.session.get(InboundEmail, other.id).state == "dropped"


def test_trying_again_applies_the_same_rules(app, client, site, marta, ana):
    """A stranger's reply stays dropped; mail the site did not take is posted once it does."""
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS
    post_ticket(client, site, ana)
    reply_to = outgoing("ana@example.com")[-1]["reply_to"]
    stranger = inbound_mail.receive(reply_mail(reply_to, "mallory@evil.example", "Let me in"),
                                    "smtp")
    assert (stranger.state, stranger.reason) == ("dropped", "stranger")
    again = client.post(f"{URL}/{stranger.id}/retry", headers=marta).get_json()
    assert (again["state"], again["reason"]) == ("dropped", "stranger")
    assert again["reason_text"] == "The sender is not part of this conversation."

    sites.save_site("acme", contact={"email": "help@acme.example.com"})
    new = inbound_mail.receive(reply_mail("help@acme.example.com", "Nuevo <nuevo@example.com>",
                                          "No puedo entrar.", subject="Acceso"), "smtp")
    assert (new.state, new.reason) == ("dropped", "intake_off")
    site.mail_opens_tickets = True
    db.session.commit()
    posted = client.post(f"{URL}/{new.id}/retry", headers=marta).get_json()
    assert posted["state"] == "posted" and posted["ticket_number"]
    assert stored(posted["ticket_number"]).subject == "Acceso"
    # Posted now: it leaves the held list, and trying it again is refused.
    assert [e["id"] for e in listed(client, marta, site="acme")["emails"]] == [stranger.id]
    assert client.post(f"{URL}/{new.id}/retry", headers=marta).status_code == 409

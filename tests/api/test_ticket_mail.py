"""The ticket flow by email: confirmation, replies, statuses and emergency alerts, real SMTP."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import Advisor, OutboxMessage, SiteMembership, Ticket
from helpwidget.services import sites, tickets
from helpwidget.services.webhooks import verify_signature
from tests.support.fixtures_tickets import identified, post_ticket


def _ticket(number):
    """Return the stored ticket with this number."""
    db.session.expire_all()
    return db.session.execute(db.select(Ticket).filter_by(number=number)).scalar_one()


def _body(message):
    """Return the plain-text part of a received email."""
    return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def hook_receiver(app):
    """Run a loopback HTTP server that records the webhook calls it receives (allowed host)."""
    app.config["ALERT_WEBHOOK_ALLOWED_HOSTS"] = ["127.0.0.1"]
    calls = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            calls.append((self.headers, raw))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/alerts", calls
    server.shutdown()


def test_requester_and_cc_get_the_confirmation_in_their_language(client, site, smtp_server):
    ana = identified(client, site, sub="ana", name="Ana", email="ana@example.com",
                     account_id="acc-1")
    number = post_ticket(client, site, ana, locale="es").get_json()["ticket"]["number"]
    outbox_sender.deliver_due()
    messages = smtp_server.wait_for(2)
    [message] = [m for m in messages if m["To"] == "ana@example.com"]
    assert f"#{number}" in message["Subject"] and message["Cc"] is None
    body = _body(message)
    assert "Al emitir aparece el error 500" in body and "Mensaje error" in body
    # The Cc gets its own copy, in the same language, quoting nothing but the subject (nobody
    # verified that address: tests/test_mail_abuse.py).
    [copy] = [m for m in messages if m["To"] == "contabilidad@example.com"]
    assert f"#{number}" in copy["Subject"] and "No puedo emitir facturas" in _body(copy)
    assert "Al emitir aparece el error 500" not in _body(copy)


def test_advisor_reply_and_status_change_reach_the_requester_internal_notes_never(
        client, site, smtp_server):
    ana = identified(client, site, sub="ana", email="ana@example.com", account_id="acc-1")
    number = post_ticket(client, site, ana, cc=[]).get_json()["ticket"]["number"]
    advisor = Advisor(email="m@support.test", name="Marta", password_hash="-")
    advisor.memberships.append(SiteMembership(site_id=site.id))
    db.session.add(advisor)
    db.session.commit()
    tickets.advisor_comment(_ticket(number), advisor, "Secreto: cliente moroso", internal=True)
    tickets.advisor_comment(_ticket(number), advisor, "Reinicia la sesión, por favor",
                            status="awaiting_reply")
    outbox_sender.deliver_due()
    messages = smtp_server.wait_for(3)
    assert len(messages) == 3
    everything = " ".join(_body(m) for m in messages)
    assert "Reinicia la sesión" in everything and "Secreto" not in everything
    assert any("En espera de tu respuesta" in _body(m) for m in messages)


def test_emergency_alerts_the_team_by_email_and_signed_webhook(client, site, smtp_server,
                                                               hook_receiver):
    url, calls = hook_receiver
    sites.save_site("acme", alert_emails=["guardia@acme.test"], alert_webhook_url=url,
                    alert_webhook_secret="whsec-123")
    ana = identified(client, site, sub="ana", account_id="acc-1")
    number = post_ticket(client, site, ana, category="platform_down", subcategory="other",
                         subject="La plataforma no carga").get_json()["ticket"]["number"]
    outbox_sender.deliver_due()
    messages = smtp_server.wait_for(3)  # the confirmation, the Cc's copy and the alert
    alert = [m for m in messages if m["To"] == "guardia@acme.test"]
    assert alert and f"#{number}" in alert[0]["Subject"]
    [(headers, raw)] = calls
    assert verify_signature("whsec-123", headers["X-HelpWidget-Timestamp"], raw,
                            headers["X-HelpWidget-Signature"])
    payload = json.loads(raw)
    assert payload["event"] == "ticket.urgent" and payload["ticket"]["number"] == number
    assert "whsec-123" not in raw.decode()


def test_a_mail_server_outage_delays_mail_and_loses_nothing(client, site, smtp_server):
    smtp_server.stop()
    ana = identified(client, site, sub="ana", email="ana@example.com", account_id="acc-1")
    response = post_ticket(client, site, ana, cc=[])
    assert response.status_code == 201  # the request is stored whatever the mail server does
    outbox_sender.deliver_due()
    pending = db.session.execute(db.select(OutboxMessage)).scalars().all()
    assert [m.state for m in pending] == ["pending"] and pending[0].last_error
    smtp_server.start()
    db.session.execute(db.update(OutboxMessage).values(next_attempt_at=pending[0].created_at))
    db.session.commit()
    outbox_sender.deliver_due()
    assert len(smtp_server.wait_for(1)) == 1
    outbox_sender.deliver_due()
    assert len(smtp_server.messages) == 1

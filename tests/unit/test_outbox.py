"""The outbox: ticket emails over real SMTP, retries that lose nothing, signed alert webhooks."""
import json
import os
import signal
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpwidget.background import outbox_sender, stop_signals, worker
from helpwidget.extensions import db
from helpwidget.models import OutboxMessage, Ticket, TicketComment
from helpwidget.services import emails, outbox
from helpwidget.services.timeutil import aware, utcnow
from helpwidget.services.webhooks import verify_signature
from tests.support.live_servers import ROOT, flask_command

NOTHING = {"sent": 0, "retry": 0, "failed": 0}


def make_ticket(site, **fields):
    """Store a ticket directly (opening tickets through the API has its own tests)."""
    values = {"site_id": site.id, "number": 123456, "subject": "No puedo emitir facturas",
              "category": "technical_issue", "subcategory": "error_message",
              "description": "Al emitir aparece el error 500 <b>desde</b> esta mañana.",
              "priority": "high", "locale": "es", "requester_name": "Ana Pérez",
              "requester_email": "ana@example.com", "cc": ["contabilidad@example.com"],
              "due_at": datetime(2026, 11, 23, 14, 30, tzinfo=UTC)}
    values.update(fields)
    ticket = Ticket(**values)
    db.session.add(ticket)
    db.session.commit()
    return ticket


def rows():
    """Return every outbox row as stored now."""
    db.session.expire_all()
    return db.session.execute(db.select(OutboxMessage).order_by(OutboxMessage.id)).scalars().all()


def make_due():
    """Move every retry time into the past, as if the wait had passed."""
    db.session.execute(db.update(OutboxMessage).values(
        next_attempt_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()


def text_of(message):
    """Return the plain-text body of a received email."""
    return message.get_body(("plain",)).get_content()


def html_of(message):
    """Return the HTML body of a received email."""
    return message.get_body(("html",)).get_content()


def until(condition, timeout=15.0):
    """Poll `condition` until it holds or the deadline passes; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


# --- ticket emails over SMTP ---------------------------------------------------------------

def test_confirmation_reaches_requester_and_cc_in_the_ticket_language(app, site, smtp_server):
    ticket = make_ticket(site)
    emails.ticket_created(ticket)
    db.session.commit()

    # The requester's confirmation, and the Cc's own copy quoting only the subject.
    assert outbox_sender.deliver_due() == {"sent": 2, "retry": 0, "failed": 0}

    [message] = [m for m in smtp_server.messages if m["To"] == "ana@example.com"]
    [copy] = [m for m in smtp_server.messages if m["To"] == "contabilidad@example.com"]
    assert message["From"] == "Acme Support <support@acme.test>"
    assert message["Cc"] is None and "error 500" not in text_of(copy)
    assert sorted(r for _sender, rcpts in smtp_server.envelopes for r in rcpts) == [
        "ana@example.com", "contabilidad@example.com"]
    assert message["Subject"] == "Hemos recibido tu solicitud #123456"
    assert message["Message-ID"] and message["Date"]
    assert message["References"] == "<ticket-acme-123456@127.0.0.1>"
    text = text_of(message)
    assert "Asunto: No puedo emitir facturas" in text
    assert "Categoría: Inconveniente técnico › Mensaje error" in text
    assert "Prioridad: Alta" in text
    assert ("Espera nuestra primera respuesta en 4 horas: a más tardar el lunes, 23 de "
            "noviembre, 14:30 (UTC).") in text
    assert "Al emitir aparece el error 500 <b>desde</b> esta mañana." in text
    assert "http://127.0.0.1:5000/help/acme/es/" in text
    html = html_of(message)
    assert "error 500 &lt;b&gt;desde&lt;/b&gt; esta mañana" in html
    assert "<b>desde</b>" not in html
    for row in rows():
        assert (row.state, row.attempts, row.last_error) == ("sent", 1, "")
        assert row.sent_at is not None
    assert outbox.pending_count() == 0


@pytest.mark.parametrize("locale, subject, priority, category", [
    ("pl", "Otrzymaliśmy Twoje zgłoszenie #123456", "Priorytet: Wysoki",
     "Kategoria: Problem techniczny › Komunikat o błędzie"),
    ("en", "We received your request #123456", "Priority: High",
     "Category: Technical problem › Error message"),
])
def test_confirmation_speaks_each_requesters_language(app, site, smtp_server, locale, subject,
                                                      priority, category):
    emails.ticket_created(make_ticket(site, locale=locale, cc=[]))
    db.session.commit()
    outbox_sender.deliver_due()
    [message] = smtp_server.messages
    assert message["Subject"] == subject
    assert priority in text_of(message) and category in text_of(message)


def test_advisor_reply_and_status_change_reach_the_requester(app, site, smtp_server):
    ticket = make_ticket(site)
    note = TicketComment(ticket=ticket, author_kind="advisor", author_name="Marta",
                         body="Nota interna: revisar el certificado.", internal=True)
    reply = TicketComment(ticket=ticket, author_kind="advisor", author_name="Marta",
                          body="Ya lo corregimos, vuelve a intentarlo.")
    db.session.add_all([note, reply])
    emails.advisor_replied(ticket, note)
    assert outbox.pending_count() == 0
    emails.advisor_replied(ticket, reply)
    ticket.status = "awaiting_reply"
    emails.status_changed(ticket, "open")
    emails.status_changed(ticket, "awaiting_reply")  # not a change: nothing to tell
    db.session.commit()

    assert outbox_sender.deliver_due()["sent"] == 2
    replied, changed = smtp_server.messages
    assert replied["Subject"] == "Nueva respuesta a tu solicitud #123456: No puedo emitir facturas"
    assert replied["Cc"] == "contabilidad@example.com"
    assert "Marta, del equipo de soporte, respondió a tu solicitud #123456:" in text_of(replied)
    assert "Ya lo corregimos, vuelve a intentarlo." in text_of(replied)
    assert "Nota interna" not in text_of(replied) + html_of(replied)
    assert changed["Subject"] == "Estado de tu solicitud #123456: En espera de tu respuesta"
    assert "Estado anterior: Abierto" in text_of(changed)
    assert "Necesitamos algunos datos tuyos para continuar." in text_of(changed)


def test_emails_without_any_recipient_are_not_queued(app, site, smtp_server):
    ticket = make_ticket(site, requester_email="", cc=[])
    emails.ticket_created(ticket)
    ticket.status = "resolved"
    emails.status_changed(ticket, "open")
    db.session.commit()
    assert outbox.pending_count() == 0

    cc_only = make_ticket(site, number=222222, requester_email="", cc=["jefe@example.com"])
    emails.ticket_created(cc_only)
    db.session.commit()
    outbox_sender.deliver_due()
    assert [m["To"] for m in smtp_server.messages] == ["jefe@example.com"]


def test_the_email_is_stored_only_with_what_caused_it(app, site, smtp_server):
    ticket = Ticket(site_id=site.id, number=333333, subject="Se perderá", category="questions",
                    description="x", requester_email="ana@example.com", locale="es",
                    due_at=utcnow())
    db.session.add(ticket)
    emails.ticket_created(ticket)
    db.session.rollback()  # the ticket failed to save: its email must not go either
    assert outbox.pending_count() == 0
    assert outbox_sender.deliver_due() == NOTHING and smtp_server.messages == []


# --- failures and retries ----------------------------------------------------------------

def test_mail_server_down_delays_mail_and_loses_nothing(app, site, smtp_server):
    for n in (1, 2):
        outbox.enqueue_email("ana@example.com", f"Mensaje {n}", "Hola", site=site)
    db.session.commit()
    smtp_server.stop()
    before = utcnow()

    assert outbox_sender.deliver_due() == {"sent": 0, "retry": 2, "failed": 0}
    for row in rows():
        assert (row.state, row.attempts) == ("pending", 1)
        assert "Connection refused" in row.last_error
        assert aware(row.next_attempt_at) > before
    assert outbox_sender.deliver_due() == NOTHING  # nobody hammers the server before the retry time

    smtp_server.start()
    make_due()
    assert outbox_sender.deliver_due() == {"sent": 2, "retry": 0, "failed": 0}
    assert outbox_sender.deliver_due() == NOTHING
    assert sorted(str(m["Subject"]) for m in smtp_server.messages) == ["Mensaje 1", "Mensaje 2"]
    assert [(r.state, r.attempts, r.last_error) for r in rows()] == [("sent", 2, "")] * 2


def test_smtp_refusals_retry_when_temporary_and_fail_when_permanent(app, site, smtp_server):
    smtp_server.refuse = {"busy@acme.test": "451 4.3.0 Try again later",
                          "nobody@acme.test": "550 5.1.1 No such user"}
    busy = outbox.enqueue_email("busy@acme.test", "Ocupado", "Hola", site=site)
    gone = outbox.enqueue_email("nobody@acme.test", "Inexistente", "Hola", site=site)
    partly = outbox.enqueue_email("ana@example.com", "Parcial", "Hola", cc=["nobody@acme.test"],
                                  site=site)
    db.session.commit()

    assert outbox_sender.deliver_due() == {"sent": 1, "retry": 1, "failed": 1}
    db.session.expire_all()
    assert busy.state == "pending" and "451" in busy.last_error
    assert gone.state == "failed" and "550 5.1.1 No such user" in gone.last_error
    assert partly.state == "sent" and "nobody@acme.test: 550" in partly.last_error
    assert [m["Subject"] for m in smtp_server.messages] == ["Parcial"]
    assert smtp_server.envelopes[0][1] == ["ana@example.com"]
    make_due()
    # Failed rows stay put.
    assert outbox_sender.deliver_due() == {"sent": 0, "retry": 1, "failed": 0}


def test_retries_back_off_up_to_the_configured_cap(app):
    app.config["OUTBOX_MAX_BACKOFF"] = 600
    waits = [outbox_sender.backoff(n, app.config) for n in range(1, 12)]
    assert waits[0] <= 30 and waits[2] > waits[0] * 2
    assert max(waits) == 600 and waits[-1] == 600


def test_two_senders_at_once_never_send_a_message_twice(app, site, smtp_server):
    smtp_server.delay = 0.02  # both senders pick their batch before either is done
    for n in range(30):
        outbox.enqueue_email(f"user{n}@example.com", f"Mensaje {n}", "Hola", site=site)
    db.session.commit()
    start = threading.Barrier(2)
    results, errors = [], []

    def sender():
        with app.app_context():
            try:
                start.wait()
                results.append(outbox_sender.deliver_due())
            except Exception as exc:  # reported below; a thread cannot fail the test itself
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(r["sent"] for r in results) == 30
    assert sorted(str(m["Subject"]) for m in smtp_server.messages) == sorted(
        f"Mensaje {n}" for n in range(30))
    assert all(row.state == "sent" and row.attempts == 1 for row in rows())


# --- alert webhooks ----------------------------------------------------------------------

class Receiver:
    """A real HTTP endpoint on loopback that records calls and answers scripted statuses."""

    def __init__(self):
        """Listen on a free port in a thread."""
        self.statuses = []
        self.calls = []  # (headers, raw body)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                """Record the call and answer the next scripted status (200 when none)."""
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((self.headers, raw))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "120")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                """Keep the test output quiet."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/helpwidget"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        """Stop listening."""
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(app):
    """Return a webhook receiver on loopback, a host the server's config lets webhooks reach."""
    app.config["ALERT_WEBHOOK_ALLOWED_HOSTS"] = ["127.0.0.1"]
    found = Receiver()
    yield found
    found.close()


def test_urgent_ticket_alerts_the_team_by_email_and_signed_webhook(app, site, smtp_server,
                                                                   receiver):
    site.alert_emails = ["guardia@acme.test", "cto@acme.test"]
    site.alert_webhook_url = receiver.url
    site.alert_webhook_secret = "s3cret-for-hmac"
    db.session.commit()
    ticket = make_ticket(site, category="platform_down", subcategory="other", priority="urgent",
                         platform="web", locale="en", subject="Nada carga",
                         description="La plataforma no abre desde las 9:00.")
    emails.urgent_alert(ticket)
    db.session.commit()

    assert outbox_sender.deliver_due() == {"sent": 2, "retry": 0, "failed": 0}

    [alert] = smtp_server.messages  # in the site's language, not the requester's
    assert alert["To"] == "guardia@acme.test, cto@acme.test"
    assert alert["Subject"] == "URGENTE: solicitud #123456 en Acme Facturas: Nada carga"
    assert alert["Reply-To"] == "ana@example.com"
    text = text_of(alert)
    assert "Categoría: Plataforma inaccesible › Otros" in text
    assert "Prioridad: Urgente" in text and "Plataforma: web" in text
    assert "Solicitado por: Ana Pérez <ana@example.com>" in text
    assert "La plataforma no abre desde las 9:00." in text

    [(headers, raw)] = receiver.calls
    assert headers["X-HelpWidget-Event"] == "ticket.urgent"
    assert headers["Content-Type"].startswith("application/json")
    stamp, signature = headers["X-HelpWidget-Timestamp"], headers["X-HelpWidget-Signature"]
    assert signature.startswith("sha256=")
    assert verify_signature("s3cret-for-hmac", stamp, raw, signature)
    assert not verify_signature("s3cret-for-hmac", stamp, raw.replace(b"urgent", b"normal"),
                                signature)
    assert not verify_signature("another-secret", stamp, raw, signature)
    assert not verify_signature("s3cret-for-hmac", stamp, raw, signature,
                                now=int(stamp) + 3600)  # a replay an hour later
    body = json.loads(raw)
    assert body["event"] == "ticket.urgent" and body["site"] == "acme"
    facts = body["ticket"]
    assert {k: facts[k] for k in ("number", "subject", "category", "subcategory", "platform",
                                  "priority", "requester_name", "requester_email")} == {
        "number": 123456, "subject": "Nada carga", "category": "platform_down",
        "subcategory": "other", "platform": "web", "priority": "urgent",
        "requester_name": "Ana Pérez", "requester_email": "ana@example.com"}
    assert facts["description"] == "La plataforma no abre desde las 9:00."
    assert datetime.fromisoformat(facts["created_at"]).tzinfo is not None
    assert b"s3cret" not in raw and site.identity_secret.encode() not in raw


def test_webhook_answered_500_is_retried_and_delivered_once(app, site, receiver):
    receiver.statuses = [500, 200]
    outbox.enqueue_webhook(receiver.url, "ticket.urgent", {"hello": "world"}, site)
    db.session.commit()

    assert outbox_sender.deliver_due() == {"sent": 0, "retry": 1, "failed": 0}
    [row] = rows()
    assert row.state == "pending" and "HTTP 500" in row.last_error
    assert aware(row.next_attempt_at) > utcnow()
    assert outbox_sender.deliver_due() == NOTHING

    make_due()
    assert outbox_sender.deliver_due() == {"sent": 1, "retry": 0, "failed": 0}
    assert outbox_sender.deliver_due() == NOTHING
    assert len(receiver.calls) == 2
    first, second = (headers["X-HelpWidget-Delivery"] for headers, _raw in receiver.calls)
    assert first == second == str(row.id)  # receivers can drop a duplicate by this id
    assert [(r.state, r.attempts) for r in rows()] == [("sent", 2)]


def test_webhook_refusals_fail_but_busy_or_absent_receivers_are_retried(app, site, receiver):
    receiver.statuses = [404, 429]
    gone = outbox.enqueue_webhook(receiver.url, "ticket.urgent", {"n": 1}, site)
    db.session.commit()
    busy = outbox.enqueue_webhook(receiver.url, "ticket.urgent", {"n": 2}, site)
    db.session.commit()
    closed = Receiver()
    closed.close()  # nothing listens at this address any more
    absent = outbox.enqueue_webhook(closed.url, "ticket.urgent", {"n": 3}, site)
    db.session.commit()

    assert outbox_sender.deliver_due() == {"sent": 0, "retry": 2, "failed": 1}
    db.session.expire_all()
    assert gone.state == "failed" and "HTTP 404" in gone.last_error
    assert busy.state == "pending" and "HTTP 429" in busy.last_error
    # The receiver asked for two minutes; our own first backoff is shorter.
    assert aware(busy.next_attempt_at) > utcnow() + timedelta(seconds=100)
    assert absent.state == "pending" and "refused" in absent.last_error.lower()


# --- the worker and the commands -----------------------------------------------------------

@pytest.fixture
def worker_app(make_app, tmp_path, smtp_server):
    """Start a second app with OUTBOX_WORKER on, as a server process would; stop it after."""
    ran = threading.Event()
    worker.register("test-broken", lambda: 1 / 0, every_seconds=3600)
    worker.register("test-heartbeat", ran.set, every_seconds=3600)
    served = make_app(SEARCH_INDEX_DIR=str(tmp_path / "worker-index"), OUTBOX_WORKER=True,
                      OUTBOX_INTERVAL=60, MAIL_SERVER=smtp_server.host,
                      MAIL_PORT=smtp_server.port)
    served.first_pass_done = ran
    yield served
    worker.stop()
    worker.unregister("test-broken")
    worker.unregister("test-heartbeat")


def test_the_worker_delivers_on_its_own_when_woken_by_a_commit(app, site, smtp_server,
                                                               worker_app):
    # The periodic jobs ran (a failing one did not stop the others), so the first pass is over.
    assert worker_app.first_pass_done.wait(15)
    assert worker.start(worker_app) is False  # one worker per process

    ticket = make_ticket(site, cc=[])
    emails.ticket_created(ticket)
    db.session.commit()  # the next pass is a minute away: only the commit's nudge sends now

    assert len(smtp_server.wait_for(1, timeout=15)) == 1
    assert smtp_server.messages[0]["Subject"] == "Hemos recibido tu solicitud #123456"
    assert until(lambda: rows()[0].state == "sent")


def test_outbox_commands_send_list_and_retry(app, site, smtp_server, runner):
    smtp_server.refuse = {"nobody@acme.test": "550 5.1.1 No such user"}
    outbox.enqueue_email("ana@example.com", "Bienvenida", "Hola", site=site)
    gone = outbox.enqueue_email("nobody@acme.test", "Rebotado", "Hola", site=site)
    db.session.commit()

    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 1, to retry 0, failed 1; 0 pending"
    assert [m["Subject"] for m in smtp_server.messages] == ["Bienvenida"]

    listed = runner.invoke(args=["outbox", "list", "--state", "failed"]).output.splitlines()
    assert len(listed) == 1
    assert listed[0].startswith(f"{gone.id}\temail\tfailed\t1\t")
    assert "550 5.1.1 No such user" in listed[0] and listed[0].endswith("nobody@acme.test")
    assert len(runner.invoke(args=["outbox", "list"]).output.splitlines()) == 2

    smtp_server.refuse = {}  # the address was fixed on the mail server
    assert runner.invoke(args=["outbox", "retry", str(gone.id)]).output.strip() == (
        "requeued 1 of 1 messages")
    assert runner.invoke(args=["outbox", "send"]).output.startswith("sent 1,")
    assert [m["Subject"] for m in smtp_server.messages] == ["Bienvenida", "Rebotado"]


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_outbox_run_delivers_as_its_own_process_until_stopped(app, site, smtp_server,
                                                              database_url, stop_signal):
    outbox.enqueue_email("ana@example.com", "Desde el proceso de envío", "Hola", site=site)
    db.session.commit()
    env = {**os.environ, "HELPWIDGET_DATABASE_URL": database_url,
           "HELPWIDGET_MAIL_SERVER": smtp_server.host,
           "HELPWIDGET_MAIL_PORT": str(smtp_server.port), "HELPWIDGET_OUTBOX_INTERVAL": "0.2"}
    process = subprocess.Popen(flask_command("outbox", "run"),
                               cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert len(smtp_server.wait_for(1, timeout=30)) == 1
        assert until(lambda: rows()[0].state == "sent")
    finally:
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "stopped" in out
    assert [m["Subject"] for m in smtp_server.messages] == ["Desde el proceso de envío"]


def test_a_stop_signal_lost_in_a_finalizer_still_ends_the_loop():
    class Finalized:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the handler runs here, and Python ignores what it raises

    passes = 0
    with stop_signals.until_signalled() as signalled:
        while not signalled.requested and passes < 20:
            passes += 1
            Finalized()  # collected at once
    assert signalled.requested and passes == 1

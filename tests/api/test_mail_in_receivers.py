"""The two mail receivers against real servers on loopback: the SMTP/LMTP listener, the IMAP poller.

Each email must be stored before the sender is told it arrived (the listener's 250, the
mailbox's \\Seen flag), and posted exactly once whatever crashes in between.
"""
import logging
import os
import signal
import smtplib
import subprocess
import threading
import time

import pytest
from imapclient import IMAPClient
from sqlalchemy import event

from helpwidget.background import imap_poller, mail_listener
from helpwidget.errors import Conflict
from helpwidget.extensions import db
from helpwidget.services import inbound_mail, inbound_mail_admin, reply_tokens
from tests.support.fixtures_tickets import post_ticket, stored
from tests.support.imap_server import imap_mailbox
from tests.support.live_servers import ROOT, flask_command, free_port
from tests.support.mail_in import REPLY_ADDRESS, received, reply_mail

ANA = "Ana Pérez <ana@example.com>"
SEEN = b"\\Seen"


class Crash(BaseException):
    """The process dying mid-pass: no `except Exception` catches it."""


@pytest.fixture(autouse=True)
def _mail_in(app):
    """Take replies at the reply address of the tests."""
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS


@pytest.fixture
def mailbox(app, tmp_path):
    """A dovecot IMAP server on loopback, the mailbox the app polls."""
    with imap_mailbox(app, tmp_path) as server:
        yield server


@pytest.fixture
def listen(app):
    """Return a function starting a listener (SMTP or LMTP) on a free port; stop them after."""
    started = []

    def start(lmtp=False):
        listener = mail_listener.MailListener(app, host="127.0.0.1", port=free_port(),
                                              lmtp=lmtp)
        listener.start()
        started.append(listener)
        return listener

    yield start
    for listener in started:
        listener.stop()


def _request(client, site, ana):
    """Open a request as Ana; return (its number, its reply address)."""
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    return number, reply_tokens.address("ticket", stored(number).id)


def _comments(number, text):
    """Return the request's comments whose body is `text`."""
    return [c for c in stored(number).comments if c.body == text]


def _send(listener, raw, to, sender="ana@example.com"):
    """Send one email to the listener over SMTP; wait until it was posted."""
    with smtplib.SMTP(listener.host, listener.port, timeout=10) as smtp:
        refused = smtp.sendmail(sender, to, raw)
    assert listener.handler.wait_posted()
    return refused


# --- SMTP and LMTP ---------------------------------------------------------------------------


def test_a_reply_sent_over_smtp_becomes_a_comment(client, site, ana, listen):
    number, reply_to = _request(client, site, ana)
    listener = listen()
    assert _send(listener, reply_mail(reply_to, ANA, "Sigue fallando en el móvil."),
                 [reply_to]) == {}
    [comment] = _comments(number, "Sigue fallando en el móvil.")
    assert comment.author_kind == "requester"
    [row] = received()
    assert (row.source, row.state, row.envelope_to) == ("smtp", "posted", [reply_to])


def test_the_listener_command_takes_a_reply_and_ends_on_sigterm(client, site, ana,
                                                                database_url):
    number, reply_to = _request(client, site, ana)
    port = free_port()
    env = {**os.environ, "HELPWIDGET_DATABASE_URL": database_url,
           "HELPWIDGET_SECRET_KEY": "test-secret", "HELPWIDGET_MAIL_REPLY_ADDRESS": REPLY_ADDRESS}
    process = subprocess.Popen(
        flask_command("mail-in", "smtp", "--host", "127.0.0.1", "--port", str(port)), cwd=ROOT,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait(lambda: _accepts(port), timeout=30)
        with smtplib.SMTP("127.0.0.1", port, timeout=10) as smtp:
            smtp.sendmail("ana@example.com", [reply_to],
                          reply_mail(reply_to, ANA, "Enviado al receptor"))
        _wait(lambda: _comments(number, "Enviado al receptor"))
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.rstrip().endswith("stopped")


def _accepts(port):
    """Tell whether something answers SMTP on the port."""
    try:
        with smtplib.SMTP("127.0.0.1", port, timeout=2):
            return True
    except OSError:
        return False


def test_an_address_the_server_does_not_take_is_refused_at_rcpt(client, site, ana, listen):
    _number, reply_to = _request(client, site, ana)
    listener = listen()
    stranger = "someone@elsewhere.test"
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        _send(listener, reply_mail(stranger, ANA, "Hola"), [stranger])
    assert refused.value.recipients[stranger][0] == 550
    # With one good recipient the email goes through, for that recipient only.
    raw = reply_mail(reply_to, ANA, "Para los dos")
    assert set(_send(listener, raw, [stranger, reply_to])) == {stranger}
    [row] = received()
    assert row.envelope_to == [reply_to]


def test_the_same_email_delivered_twice_is_stored_and_posted_once(client, site, ana, listen):
    number, reply_to = _request(client, site, ana)
    listener = listen()
    raw = reply_mail(reply_to, ANA, "Enviado dos veces")
    _send(listener, raw, [reply_to])
    _send(listener, raw, [reply_to])  # a sending server retrying after a lost 250
    assert len(received()) == 1
    assert len(_comments(number, "Enviado dos veces")) == 1


def test_a_database_failure_during_data_answers_451_and_keeps_nothing(
        app, client, site, ana, listen):
    number, reply_to = _request(client, site, ana)
    listener = listen()
    raw = reply_mail(reply_to, ANA, "Llegará en el segundo intento")
    dbapi = db.engine.dialect.loaded_dbapi

    def database_down(conn, cursor, statement, *args):
        """Fail every write of incoming mail, as a database that went away would."""
        if statement.lstrip().upper().startswith("INSERT INTO INBOUND_EMAILS"):
            raise dbapi.OperationalError("the database is down (test)")

    event.listen(db.engine, "before_cursor_execute", database_down)
    try:
        with pytest.raises(smtplib.SMTPDataError) as refused:
            _send(listener, raw, [reply_to])
    finally:
        event.remove(db.engine, "before_cursor_execute", database_down)
    assert refused.value.smtp_code == 451 and b"4.3.0" in refused.value.smtp_error
    assert received() == [] and _comments(number, "Llegará en el segundo intento") == []
    # The sending server keeps the email and tries again: now it lands, once.
    _send(listener, raw, [reply_to])
    assert len(_comments(number, "Llegará en el segundo intento")) == 1


def test_a_failure_while_posting_is_never_an_smtp_error(client, site, ana, listen, monkeypatch):
    number, reply_to = _request(client, site, ana)
    listener = listen()

    def broken(row):
        raise RuntimeError("posting broke")

    monkeypatch.setattr(inbound_mail, "process", broken)
    _send(listener, reply_mail(reply_to, ANA, "Guardado aunque falle"), [reply_to])
    [row] = received()
    assert row.state == "received"  # stored, and left for process_pending()
    monkeypatch.undo()
    assert mail_listener.post_leftovers(listener.handler.app) == 1
    assert len(_comments(number, "Guardado aunque falle")) == 1


def test_lmtp_mode_answers_once_per_recipient(client, site, ana, listen):
    number, reply_to = _request(client, site, ana)
    listener = listen(lmtp=True)
    with smtplib.LMTP(listener.host, listener.port, timeout=10) as lmtp:
        assert lmtp.sendmail("ana@example.com", [reply_to],
                             reply_mail(reply_to, ANA, "Por LMTP")) == {}
        # Two recipients: LMTP answers DATA once for each (RFC 2033).
        lmtp.mail("ana@example.com")
        assert lmtp.rcpt(reply_to)[0] == 250 and lmtp.rcpt(REPLY_ADDRESS)[0] == 250
        assert lmtp.data(reply_mail(reply_to, ANA, "Por LMTP, a dos"))[0] == 250
        assert lmtp.getreply()[0] == 250
    assert listener.handler.wait_posted()
    assert len(_comments(number, "Por LMTP")) == 1
    assert len(_comments(number, "Por LMTP, a dos")) == 1


def test_an_email_over_the_size_limit_is_refused(app, client, site, ana, listen):
    _number, reply_to = _request(client, site, ana)
    app.config["MAIL_IN_MAX_BYTES"] = 2000
    listener = listen()
    with pytest.raises(smtplib.SMTPException):
        _send(listener, reply_mail(reply_to, ANA, "x" * 5000), [reply_to])
    assert received() == []


# --- IMAP ------------------------------------------------------------------------------------


def test_a_reply_in_the_mailbox_becomes_a_comment_and_is_marked_read(
        client, site, ana, mailbox, runner):
    number, reply_to = _request(client, site, ana)
    uid = mailbox.append(reply_mail(reply_to, ANA, "Desde el buzón"))
    assert SEEN not in mailbox.flags()[uid]
    result = runner.invoke(args=["mail-in", "imap", "--once"])
    assert result.exit_code == 0, result.output
    assert "\tnew\tposted\t" in result.output and "stored 1," in result.output
    assert len(_comments(number, "Desde el buzón")) == 1
    assert SEEN in mailbox.flags()[uid]
    [row] = received()
    assert (row.source, row.state) == ("imap", "posted")
    # Read: the next pass finds nothing new.
    assert imap_poller.poll_once()["stored"] == 0
    assert len(_comments(number, "Desde el buzón")) == 1


def test_an_email_over_the_size_limit_stays_in_the_mailbox_and_is_shown_once(
        app, client, site, ana, mailbox):
    number, reply_to = _request(client, site, ana)
    app.config["MAIL_IN_MAX_BYTES"] = 4000
    text = "Adjunto el registro del error: " + "0123456789 " * 600
    uid = mailbox.append(reply_mail(reply_to, ANA, text, subject="Re: Registro del error"))
    for _ in range(2):  # every pass leaves it, and the advisors' list shows it once
        counts = imap_poller.poll_once()
        assert (counts["too_large"], counts["stored"]) == (1, 0)
    [row] = received()
    assert (row.state, row.reason, row.site_id) == ("failed", "too_large", site.id)
    assert (row.sender, row.subject) == ("ana@example.com", "Re: Registro del error")
    assert SEEN not in mailbox.flags()[uid]  # left for a person to read in the mailbox
    assert not inbound_mail_admin.retriable(row)
    with pytest.raises(Conflict):  # its headers alone must not be posted as an empty reply
        inbound_mail_admin.retry(row)
    assert stored(number).comments == []

    app.config["MAIL_IN_MAX_BYTES"] = 100_000  # the operator raises the limit
    assert imap_poller.poll_once()["stored"] == 1
    assert SEEN in mailbox.flags()[uid]
    assert len(stored(number).comments) == 1
    assert stored(number).comments[0].body.startswith("Adjunto el registro del error:")


@pytest.mark.parametrize("crash_in", ["process", "flagging"])
def test_a_crash_mid_batch_loses_nothing_and_posts_nothing_twice(
        client, site, ana, mailbox, monkeypatch, crash_in):
    number, reply_to = _request(client, site, ana)
    texts = ["Primero", "Segundo", "Tercero"]
    uids = [mailbox.append(reply_mail(reply_to, ANA, text)) for text in texts]
    if crash_in == "process":  # dies after storing and flagging the first, before posting it
        target, name = inbound_mail, "process"
    else:  # dies after storing the first, before flagging it \Seen
        target, name = IMAPClient, "add_flags"

    def crash(*args, **kwargs):
        raise Crash(f"killed in {name}")

    monkeypatch.setattr(target, name, crash)
    with pytest.raises(Crash):
        imap_poller.poll_once()
    db.session.rollback()
    monkeypatch.undo()
    [first] = received()
    assert first.state == "received" and _comments(number, "Primero") == []

    imap_poller.poll_once()
    for text in texts:
        assert len(_comments(number, text)) == 1, text
    assert [row.state for row in received()] == ["posted"] * 3
    assert all(SEEN in flags for flags in mailbox.flags().values())
    assert sorted(mailbox.flags()) == sorted(uids)


def test_a_message_stored_but_not_marked_read_is_marked_without_a_second_comment(
        client, site, ana, mailbox):
    number, reply_to = _request(client, site, ana)
    raw = reply_mail(reply_to, ANA, "Ya guardado")
    inbound_mail.receive(raw, "imap")  # stored and posted; then the poller died
    uid = mailbox.append(raw)
    counts = imap_poller.poll_once()
    assert (counts["stored"], counts["duplicates"]) == (0, 1)
    assert SEEN in mailbox.flags()[uid]
    assert len(received()) == 1 and len(_comments(number, "Ya guardado")) == 1


def test_the_poller_loop_survives_a_mailbox_that_is_down(
        app, client, site, ana, mailbox, caplog):
    number, reply_to = _request(client, site, ana)
    mailbox.append(reply_mail(reply_to, ANA, "Tras la caída"))
    port = app.config["IMAP_PORT"]
    app.config["IMAP_PORT"] = free_port()  # nothing listens there: connection refused
    stop = threading.Event()
    loop = threading.Thread(target=imap_poller.run_forever, args=(app, stop), daemon=True)
    with caplog.at_level(logging.WARNING, logger=imap_poller.__name__):
        loop.start()
        try:
            _wait(lambda: "polling 127.0.0.1 failed" in caplog.text)
            app.config["IMAP_PORT"] = port  # the mailbox is back
            _wait(lambda: _comments(number, "Tras la caída"))
        finally:
            stop.set()
            loop.join(timeout=10)
    assert not loop.is_alive()
    assert len(_comments(number, "Tras la caída")) == 1


def _wait(condition, timeout=10.0):
    """Wait until `condition()` is true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)

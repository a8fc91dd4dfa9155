"""Faults on loopback during a running conversation and ticket flow: nothing lost, nothing twice.

Each test injects one fault — the mail server down for minutes or failing mid-message, the
SQLite file locked by another process, the search index locked by another process, a visitor
whose connection drops every few seconds — and counts what reached the other side.
"""
import collections
import email
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta

import pytest
import requests
from aiosmtpd.controller import Controller

from helpwidget import search
from helpwidget.background import outbox_sender, worker
from helpwidget.extensions import db
from helpwidget.models import OutboxMessage, SearchChange, Ticket
from helpwidget.models.base import utcnow
from helpwidget.services import outbox, search_sync
from tests.support.chat_views import ChatView, open_claimed_chat
from tests.support.fixtures_advisors import advisor_login, bearer
from tests.support.fixtures_mail import SmtpServer, _Handler
from tests.support.fixtures_tickets import anonymous, auth, post_ticket
from tests.support.flaky_proxy import FlakyProxy
from tests.support.live_servers import Deployment, Peer, Peers
from tests.support.proof import record

pytestmark = pytest.mark.proof


def outbox_rows(kind="email"):
    """Return the outbox rows of `kind` as stored now."""
    db.session.expire_all()
    return db.session.execute(db.select(OutboxMessage).filter_by(kind=kind)
                              .order_by(OutboxMessage.id)).scalars().all()


def received_ids(smtp):
    """Return how many times the mail server accepted each Message-ID."""
    return collections.Counter(str(m["Message-ID"]) for m in smtp.messages)


class OutboxClock:
    """The outbox's idea of now, moved forward by the test instead of by waiting."""

    def __init__(self):
        self.now = utcnow()

    def __call__(self):
        return self.now

    def advance(self, seconds):
        """Let `seconds` pass for the outbox."""
        self.now += timedelta(seconds=seconds)


# --- (a) the mail server --------------------------------------------------------------------

def test_mail_server_down_for_minutes_delays_mail_and_loses_or_doubles_none(
        app, client, site, smtp_server, console, widget, advisor, monkeypatch):
    clock = OutboxClock()
    monkeypatch.setattr(outbox, "utcnow", clock)
    monkeypatch.setattr(outbox_sender, "utcnow", clock)
    app.config["OUTBOX_MAX_BACKOFF"] = 120  # retries every 2 minutes at most, as configured
    app.config.update(RATELIMIT_TICKETS="100 per minute", RATELIMIT_SESSION="100 per minute")
    advisor_token = advisor_login(client, advisor.email)
    smtp_server.stop()
    outage, tick = 20 * 60, 15  # twenty minutes of outage, a worker pass every 15 seconds
    chat_widget, _token = widget()
    chat_id = None
    ticket_ids, replied, expected = [], 0, 0
    for step in range(outage // tick):
        # The conversation and the tickets go on while the mail server is down.
        if step % 8 == 0 and len(ticket_ids) < 8:
            token = anonymous(client, site)
            n = len(ticket_ids)
            response = post_ticket(client, site, token, subject=f"Caída {n}", name=f"Cliente {n}",
                                   email=f"cliente{n}@example.com")
            assert response.status_code == 201, response.get_json()
            ticket_ids.append(_ticket_id(response.get_json()["ticket"]["number"]))
            expected += 2  # the confirmation, and the Cc's own notice (subject only)
        if step % 8 == 4 and replied < len(ticket_ids):  # each ticket answered once
            replied += 1
            reply = client.post(f"/api/v1/advisor/tickets/{ticket_ids[-1]}/comments",
                                json={"body": f"Respuesta {step}", "status": "awaiting_reply"},
                                headers=bearer(advisor_token))
            assert reply.status_code == 201, reply.get_json()
            expected += 2  # the reply and the status change
        if step == 10:
            started = chat_widget.ok("chat:start", {"client_id": "v-1", "body": "Hola",
                                                    "email": "chat@example.com"})
            chat_id = started["chat"]["id"]
            console.ok("chat:claim", {"chat_id": chat_id})
            console.send(chat_id, "¿En qué te ayudo?", client_id="a-1")
            chat_widget.send(chat_id, "Ya está, gracias", client_id="v-2")
        if step == 12:
            console.ok("chat:close", {"chat_id": chat_id})  # a transcript is of an ended chat
            chat_widget.ok("chat:transcript", {"chat_id": chat_id})
            expected += 1
        clock.advance(tick)
        worker.run_pass(app)
    rows = outbox_rows()
    assert smtp_server.messages == []
    assert len(rows) == expected and all(row.state == "pending" for row in rows)
    # Early emails were tried many times over the outage; none was given up.
    assert max(row.attempts for row in rows) >= 10
    assert all("Connection refused" in row.last_error for row in rows)

    smtp_server.start()
    clock.advance(120)  # the longest wait between retries
    worker.run_pass(app)
    for _ in range(3):  # further passes find nothing more to send
        clock.advance(120)
        worker.run_pass(app)

    rows = outbox_rows()
    counts = received_ids(smtp_server)
    stored = collections.Counter(row.payload["message_id"] for row in rows)
    assert all(row.state == "sent" for row in rows)
    assert set(counts) == set(stored), "an email was lost"
    assert max(counts.values()) == 1, "an email arrived twice"
    by_subject = collections.Counter((tuple(sorted(rcpt)), str(m["Subject"]))
                                     for m, (_from, rcpt) in zip(smtp_server.messages,
                                                                 smtp_server.envelopes,
                                                                 strict=True))
    assert max(by_subject.values()) == 1
    assert any("chat@example.com" in rcpt for rcpt, _subject in by_subject)
    record("faults", "smtp down", survived=True, outage_seconds=outage, passes=outage // tick,
           emails_sent=len(rows), emails_received=sum(counts.values()),
           attempts=sum(row.attempts for row in rows), emails_lost=len(set(stored) - set(counts)),
           emails_duplicated=sum(c - 1 for c in counts.values()), tickets=len(ticket_ids))


def _ticket_id(number):
    """Return the database id of ticket `number` (the console's API takes ids)."""
    return db.session.execute(db.select(Ticket.id).filter_by(number=number)).scalar_one()


class _ScriptedHandler(_Handler):
    """Answers DATA as the test scripts it per subject: a reply code, or a dropped connection."""

    async def handle_DATA(self, smtp, session, envelope):
        """Play the next scripted step of this subject, else accept the message."""
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        steps = self.server.script.get(str(message["Subject"]), [])
        step = steps.pop(0) if steps else "accept"
        if step == "drop":  # the connection dies before the server took the message
            smtp.transport.abort()
            return "421 closing"
        if step == "accept-then-drop":  # taken, but the sender never hears so
            await super().handle_DATA(smtp, session, envelope)
            smtp.transport.abort()
            return "421 closing"
        if step != "accept":
            return step
        return await super().handle_DATA(smtp, session, envelope)


class ScriptedSmtp(SmtpServer):
    """The loopback SMTP server, failing chosen messages at DATA as a real one may."""

    def __init__(self):
        super().__init__()
        self.script = {}  # subject -> steps still to play, e.g. ["451 4.3.0 busy", "accept"]

    def start(self):
        """Listen on the port, with the scripted handler."""
        self._controller = Controller(_ScriptedHandler(self), hostname=self.host, port=self.port)
        self._controller.start()


@pytest.fixture
def scripted_smtp(app):
    """Start the scripted SMTP server and point the app at it."""
    server = ScriptedSmtp()
    server.start()
    app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port, MAIL_STARTTLS=False,
                      MAIL_SSL=False, MAIL_USERNAME="", MAIL_TIMEOUT=5.0)
    yield server
    server.stop()


def test_mail_server_failing_mid_message_retries_or_fails_visibly(app, site, scripted_smtp,
                                                                 runner, monkeypatch):
    clock = OutboxClock()
    monkeypatch.setattr(outbox, "utcnow", clock)
    monkeypatch.setattr(outbox_sender, "utcnow", clock)
    scripted_smtp.script = {
        "busy": ["451 4.3.0 Mailbox busy, try later", "451 4.3.0 Still busy"],
        "dropped": ["drop", "drop"],
        "rejected": ["554 5.6.0 Message content rejected"],
        "reply lost": ["accept-then-drop"],
    }
    subjects = ["fine 1", "busy", "dropped", "rejected", "reply lost", "fine 2"]
    for n, subject in enumerate(subjects):
        outbox.enqueue_email(f"user{n}@example.com", subject, "Hola", site=site)
    db.session.commit()

    passes = 0
    while outbox.pending_count() and passes < 20:
        worker.run_pass(app)
        clock.advance(app.config["OUTBOX_MAX_BACKOFF"])
        passes += 1
    rows = {row.payload["subject"]: row for row in outbox_rows()}
    counts = received_ids(scripted_smtp)
    delivered = collections.Counter(str(m["Subject"]) for m in scripted_smtp.messages)

    assert outbox.pending_count() == 0
    for subject in ("fine 1", "busy", "dropped", "fine 2"):
        assert rows[subject].state == "sent" and delivered[subject] == 1, subject
    assert rows["busy"].attempts == 3 and rows["dropped"].attempts == 3
    # A 5xx to the message is final: recorded as failed with the server's words, never sent.
    assert rows["rejected"].state == "failed" and delivered["rejected"] == 0
    assert "554 5.6.0 Message content rejected" in rows["rejected"].last_error
    listed = runner.invoke(args=["outbox", "list", "--state", "failed"]).output
    assert f"{rows['rejected'].id}\temail\tfailed" in listed and "554" in listed
    # The server took "reply lost" but its answer never came: the resend has the same
    # Message-ID, so mail clients show it once (delivery is at least once by design).
    assert delivered["reply lost"] == 2 and rows["reply lost"].state == "sent"
    resent = [m for m in scripted_smtp.messages if str(m["Subject"]) == "reply lost"]
    assert resent[0]["Message-ID"] == resent[1]["Message-ID"]
    lost = [s for s in subjects if s != "rejected" and not delivered[s]]
    assert lost == []
    doubled = [mid for mid, c in counts.items() if c > 1 and mid != resent[0]["Message-ID"]]
    assert doubled == []
    record("faults", "smtp failing mid-message", survived=True, emails_sent=len(subjects) - 1,
           emails_failed_visibly=1, emails_lost=len(lost), emails_duplicated=len(doubled),
           resent_after_lost_reply=delivered["reply lost"] - 1, passes=passes)


# --- (b) the SQLite file locked by another process ------------------------------------------

# Holds SQLite's write lock on the database file for argv[2] seconds, as a long import,
# a backup tool or a stuck process would.
_SQLITE_LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
"""


class SqliteLock:
    """Another process holding the database's write lock for a while; use it with `with`."""

    def __init__(self, path, seconds):
        self.path, self.seconds = path, seconds

    def __enter__(self):
        self.process = subprocess.Popen([sys.executable, "-c", _SQLITE_LOCKER, str(self.path),
                                         str(self.seconds)], stdout=subprocess.PIPE, text=True)
        assert self.process.stdout.readline().strip() == "locked"
        return self

    def __exit__(self, *exc_info):
        self.process.wait(timeout=self.seconds + 30)


@pytest.fixture
def lone_server(tmp_path):
    """One `python wsgi.py` process with a site, Marta and four visitors; a Peer opener."""
    deployment = Deployment(tmp_path, message_queue=False).populate(visitors=4)
    # Background chores (presence refresh, outbox passes, chat checks) are far apart here, so
    # the first write to meet a lock is always a client's: a locked database then surely
    # outlasts one request's wait. They survive a lock too; tests of them are elsewhere.
    server = deployment.server(HELPWIDGET_RATELIMIT_TICKETS="1000 per minute",
                               HELPWIDGET_RATELIMIT_SESSION="1000 per minute",
                               HELPWIDGET_PRESENCE_TTL="3600", HELPWIDGET_OUTBOX_INTERVAL="3600",
                               HELPWIDGET_CHAT_WAIT_CHECK_INTERVAL="3600")
    # A server held up by a lock may miss a socket's pings: its clients reconnect by
    # themselves, as the widget and console do, instead of staying cut off.
    peers = Peers(reconnect=True)
    yield deployment, server, peers
    peers.close()
    server.stop()
    deployment.close()


class Tally:
    """What clients saw while a fault lasted: answers by kind, and any that were not allowed."""

    def __init__(self):
        self.seen = collections.Counter()
        self.bad = []
        self.lock = threading.Lock()

    def note(self, kind, detail=None):
        with self.lock:
            self.seen[kind] += 1
            if detail is not None:
                self.bad.append(detail)


def open_ticket_until_stored(url, token, subject, tally):
    """POST a ticket until it is stored, always with the same client id; return its number.

    A 503 in JSON with Retry-After is the one refusal allowed; any other is noted as bad.
    """
    form = {"site": "acme", "subject": subject, "category": "questions",
            "subcategory": "other", "description": "Sigue sin funcionar.",
            "name": "Ana", "email": "ana@example.com", "client_id": uuid.uuid4().hex}
    for _attempt in range(20):
        response = requests.post(f"{url}/api/v1/tickets", json=form, headers=auth(token),
                                 timeout=60)
        if response.status_code == 201:
            tally.note("stored")
            return response.json()["ticket"]["number"]
        if response.status_code == 503 and response.headers.get("Retry-After") and \
                response.json().get("error"):
            tally.note("busy")
            # Capped: on rate-limited routes Flask-Limiter replaces Retry-After with the time
            # left in the rate-limit window (tens of seconds), whatever the 503 said.
            time.sleep(min(2.0, float(response.headers["Retry-After"])))
            continue
        tally.note("bad", (response.status_code, response.text[:300]))
        return None
    tally.note("bad", "still busy after 20 tries")
    return None


def send_until_stored(peer, chat_id, client_id, body, tally, timeout=15):
    """Send a chat message until the server confirms it, always with the same client id.

    A `busy` ack is the one refusal allowed; any other is noted as bad.
    """
    last = None
    for _attempt in range(40):
        try:
            reply = peer.call("chat:send", {"chat_id": chat_id, "client_id": client_id,
                                            "body": body}, timeout=timeout)
        except Exception as exc:  # no ack in time, or not connected right now: send again
            # A server held up by the lock may miss the socket's pings: the client reconnects
            # (its connect waits on the same lock) and resends, as the widget and console do.
            tally.note("no ack")
            last = exc
            time.sleep(1.0)
            continue
        if reply["ok"]:
            tally.note("stored")
            return reply["message"]
        if reply["error"]["code"] == "busy":
            tally.note("busy")
            time.sleep(0.5)
            continue
        tally.note("bad", reply)
        return None
    tally.note("bad", f"never confirmed: {last!r}")
    return None


def test_sqlite_locked_by_another_process_makes_requests_wait_or_retry(lone_server):
    deployment, server, peer = lone_server
    if not deployment.database.startswith("sqlite"):
        pytest.skip("a SQLite lock needs the app on SQLite")
    console = peer(server, "/advisor", {"token": deployment.advisor_token})
    widget = peer(server, "/visitor", {"site": "acme", "token": deployment.visitor_tokens[0]})
    chat_id, _first = open_claimed_chat(console, widget)
    path = deployment.database.removeprefix("sqlite:///")
    tally, subjects, sent = Tally(), [], [("visitor", "Hola")]
    # Shorter than the busy timeout: requests wait. Longer: some fail as busy and are retried.
    for phase, seconds in (("short", 4), ("long", 13)):
        with SqliteLock(path, seconds):
            threads = []
            for v, token in enumerate(deployment.visitor_tokens):
                for n in range(2):
                    subject = f"Bloqueo {phase} {v}-{n}"
                    subjects.append(subject)
                    threads.append(threading.Thread(target=open_ticket_until_stored, args=(
                        server.url, token, subject, tally)))

            def talk(side, who):
                for n in range(3):
                    body = f"{who} {phase} {n}"
                    if send_until_stored(side, chat_id, f"{who}-{phase}-{n}", body, tally):
                        sent.append((who, body))
            threads += [threading.Thread(target=talk, args=(widget, "visitor")),
                        threading.Thread(target=talk, args=(console, "advisor"))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
    assert tally.bad == [], "a request failed other than as a retryable busy answer"
    assert tally.seen["busy"] >= 1, "the long lock never made a request give up waiting"

    stored = widget.ok("chat:sync", {"chat_id": chat_id, "after_seq": 0})["messages"]
    assert [m["seq"] for m in stored] == list(range(1, len(stored) + 1))
    bodies = collections.Counter(m["body"] for m in stored)
    assert sorted(bodies) == sorted(body for _who, body in sent), "a chat message was lost"
    assert max(bodies.values()) == 1, "a chat message was stored twice"
    for who in ("visitor", "advisor"):  # each side's messages in the order it sent them
        assert [m["body"] for m in stored if m["author"]["kind"] == who] == \
            [body for author, body in sent if author == who]
    with deployment.app.app_context():
        titles = collections.Counter(db.session.execute(db.select(Ticket.subject)).scalars())
    assert sorted(titles) == sorted(subjects), "a ticket was lost"
    assert max(titles.values()) == 1, "a ticket was stored twice"
    assert server.process.poll() is None
    record("faults", "sqlite locked", survived=True, lock_seconds=4 + 13,
           tickets=len(subjects), tickets_lost=len(set(subjects) - set(titles)),
           tickets_duplicated=sum(c - 1 for c in titles.values()),
           messages=len(sent), messages_lost=len(sent) - len(set(bodies)),
           messages_duplicated=sum(c - 1 for c in bodies.values()),
           busy_answers=tally.seen["busy"], unanswered=tally.seen["no ack"], errors=0)


# --- (c) the search index locked by another process -----------------------------------------

# Holds the Whoosh index's write lock until its stdin closes, as another process's long
# reindex or a stuck writer would.
_INDEX_LOCKER = """
import sys
from whoosh.filedb.filestore import FileStorage
lock = FileStorage(sys.argv[1]).lock("MAIN_WRITELOCK")
assert lock.acquire()
print("locked", flush=True)
sys.stdin.read()
lock.release()
"""

ARTICLES = "/api/v1/advisor/sites/acme/articles"


def found(client, q):
    """Search as a reader; return the response and the titles found."""
    response = client.get("/api/v1/search", query_string={"site": "acme", "q": q,
                                                          "locale": "es"})
    titles = [r["title"] for r in response.get_json()["results"]] \
        if response.status_code == 200 else None
    return response, titles


def save_article(client, headers, title, url=ARTICLES, method="post", **fields):
    """Save an article through the editor's API; return its JSON (the save must succeed)."""
    body = {"title": title, "locale": "es", "body": f"Cómo {title.lower()}.", "published": True,
            **fields}
    response = getattr(client, method)(url, json=body, headers=headers)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def test_search_index_locked_by_another_process_loses_no_save(app, client, site,
                                                              admin_advisor, monkeypatch):
    app.config["SEARCH_WRITE_TIMEOUT"] = 1.0  # a writer gives up after a second here
    search.init_app(app)
    clock = OutboxClock()
    monkeypatch.setattr(outbox, "utcnow", clock)
    monkeypatch.setattr(outbox_sender, "utcnow", clock)
    admin = bearer(advisor_login(client, admin_advisor.email))
    save_article(client, admin, "Emitir factura rectificativa")
    edited = save_article(client, admin, "Alta de clientes")
    hidden = save_article(client, admin, "Cierre contable anual")
    assert found(client, "cierre")[1] == ["Cierre contable anual"]

    searches, failures, stop = collections.Counter(), [], threading.Event()

    def reader():
        while not stop.is_set():
            response, titles = found(client, "rectificativa")
            searches["answered"] += 1
            if titles != ["Emitir factura rectificativa"]:
                failures.append((response.status_code, titles))

    index_dir = app.config["SEARCH_INDEX_DIR"]
    locker = subprocess.Popen([sys.executable, "-c", _INDEX_LOCKER, index_dir],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert locker.stdout.readline().strip() == "locked"
        reading = threading.Thread(target=reader)
        reading.start()
        new = [save_article(client, admin, f"Remesa zorvak{n}") for n in range(4)]
        save_article(client, admin, "Alta de proveedores", url=f"{ARTICLES}/{edited['id']}",
                     method="put")
        client.post(f"{ARTICLES}/{hidden['id']}/unpublish", headers=admin)
        with pytest.raises(search.IndexBusyError):  # the follower meets the lock too
            search_sync.catch_up()
        logged = db.session.execute(db.select(db.func.count(SearchChange.seq))).scalar_one()
        # The saves are stored and logged, but the index did not take them while locked.
        assert found(client, "zorvak0")[1] == [] and found(client, "cierre")[1] != []
        stop.set()
        reading.join(timeout=30)
    finally:
        stop.set()
        locker.stdin.close()
        locker.wait(timeout=30)
    assert searches["answered"] > 0 and failures == [], "searches failed while the index was locked"
    assert logged >= len(new) + 2

    applied = search_sync.catch_up()  # the follower's next look after the lock is gone
    assert applied >= len(new) + 2
    lost, doubled = [], []
    for article in new:
        word = article["title"].split()[-1]
        response, titles = found(client, word)
        if not titles:
            lost.append(article["title"])
        elif response.get_json()["total"] > 1:
            doubled.append(article["title"])
    assert lost == [] and doubled == []
    assert found(client, "proveedores")[1] == ["Alta de proveedores"]
    assert found(client, "clientes")[1] == []
    assert found(client, "cierre")[1] == []
    after = save_article(client, admin, "Remesa posterior")  # indexed at once, as usual
    assert found(client, "posterior")[1] == [after["title"]]
    record("faults", "search index locked", survived=True, saves=len(new) + 2,
           saves_lost=len(lost), saves_duplicated=len(doubled), searches=searches["answered"],
           searches_failed=len(failures), catch_up_rows=applied)


# --- (d) a visitor whose connection drops every few seconds ---------------------------------

class View(ChatView):
    """A side's copy of the chat over a connection that drops: chat:sync is tried again."""

    def fetch(self):
        """Return the messages after last_seq(), trying while cut off; None if none came."""
        for _attempt in range(30):
            try:
                reply = self.peer.call("chat:sync", self.after_last(), timeout=3)
            except Exception:  # cut off right now: the client reconnects by itself
                time.sleep(0.3)
                continue
            if reply["ok"]:
                return reply["messages"]
            time.sleep(0.3)
        return None


def connect_through(url, namespace, auth, tries=10):
    """Open a reconnecting Peer, trying again when a cut hits the first handshake."""
    for _attempt in range(tries):
        try:
            return Peer(url, namespace, auth, reconnect=True)
        except Exception:
            time.sleep(0.3)
    raise AssertionError("could not connect through the proxy")


def test_flaky_visitor_connection_loses_and_doubles_no_message(lone_server):
    deployment, server, peer = lone_server
    console = peer(server, "/advisor", {"token": deployment.advisor_token})  # a steady connection
    console.ok("presence:set", {"status": "online"})
    proxy = FlakyProxy(server.port, every=(1.0, 3.0)).start()
    tally, widget = Tally(), None
    try:
        widget = connect_through(f"http://127.0.0.1:{proxy.port}", "/visitor",
                                 {"site": "acme", "token": deployment.visitor_tokens[0]})
        # Starting is safe to repeat: the open chat comes back, the first message once.
        for _attempt in range(30):
            try:
                started = widget.call("chat:start", {"client_id": "v-0", "body": "v0"},
                                      timeout=3)
                if started["ok"]:
                    break
            except Exception:
                time.sleep(0.3)
        chat_id = started["chat"]["id"]
        console.ok("chat:claim", {"chat_id": chat_id})
        visitor_view = View(widget, chat_id, started["messages"])
        advisor_view = View(console, chat_id)
        visitor_sent, advisor_sent = ["v0"], []
        deadline = time.monotonic() + 20

        def advisor_answers():
            n = 0
            while time.monotonic() < deadline:
                n += 1
                if send_until_stored(console, chat_id, f"a-{n}", f"a{n}", tally):
                    advisor_sent.append(f"a{n}")
                time.sleep(0.4)
        answering = threading.Thread(target=advisor_answers)
        answering.start()
        n = 0
        while time.monotonic() < deadline:
            n += 1
            stored = send_until_stored(widget, chat_id, f"v-{n}", f"v{n}", tally, timeout=2)
            if stored:
                visitor_sent.append(f"v{n}")
                visitor_view.add(stored)
            visitor_view.take_events()  # a gap (messages sent while cut off) calls for a sync
            time.sleep(0.2)
        answering.join(timeout=60)
        proxy.calm()  # the connection steadies; both sides catch up from their last seq
        assert visitor_view.sync() and advisor_view.sync()
        visitor_view.hear()
        advisor_view.hear()
    finally:
        proxy.close()

    final = console.ok("chat:sync", {"chat_id": chat_id, "after_seq": 0})["messages"]
    bodies = [m["body"] for m in final]
    assert tally.bad == []
    assert proxy.cuts >= 5, "the connection was not cut often enough to prove anything"
    assert [m["seq"] for m in final] == list(range(1, len(final) + 1))
    assert [b for b in bodies if b.startswith("v")] == visitor_sent, "visitor lost or doubled"
    assert [b for b in bodies if b.startswith("a")] == advisor_sent, "advisor lost or doubled"
    for view in (visitor_view, advisor_view):
        assert view.bodies() == bodies, "a side is missing messages"
        assert view.live_duplicates() == [], "an event arrived twice"
    record("faults", "flaky client connection", survived=True, seconds=20, cuts=proxy.cuts,
           connections=proxy.accepted, messages=len(final), visitor_messages=len(visitor_sent),
           advisor_messages=len(advisor_sent), messages_lost=0, messages_duplicated=0,
           resends=tally.seen["no ack"] + tally.seen["busy"])

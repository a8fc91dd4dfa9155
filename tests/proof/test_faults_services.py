"""Faults during a live conversation and ticket flow: Redis, PostgreSQL, a killed server process.

Real `python wsgi.py` processes on loopback, with a private Redis and a private PostgreSQL cluster
(never the machine's own). The clients behave as the widget and the console do: a chat message
without a good answer is sent again under the same client_id (the widget's "Retry"), a request
or reply whose submission failed is sent again under the same client_id, a gap in the message
numbers is filled with chat:sync, and so is the time a connection was away. Afterwards every chat
message, ticket and comment must be stored exactly once and every message must have reached both
sides, in order; the app must have stayed up or come back by itself.

What users see during each fault, as these tests find it:
- Redis down: both sides' messages are stored and acknowledged as usual (the sender sees them
  sent), but a message between two server processes is not heard live; the other side gets it
  when the next message after Redis's return shows a gap (or on a reconnect or reload), so
  nothing is lost, only late. Requests and replies are stored as usual (rate limits fall back to
  each process's memory); their live `ticket` events to other processes are missed the same way.
- PostgreSQL restarting: a chat send answers `busy` ("Something went wrong on our side. Try
  again in a moment.") and the widget shows the message as not sent with "Retry"; a request
  or reply gets 503 with the same message and the form keeps what was typed. Once the database is
  back (a second or two), the next try goes through; nothing is stored twice.
- A server process killed: its widgets lose the connection and reconnect by themselves to the
  restarted process, then fetch what they missed; a request or reply in flight gets no answer
  and is sent again; nothing is stored twice.
"""
import threading
import time
from collections import Counter

import pytest
import requests
import socketio

from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, Ticket, TicketComment
from tests.support.chat_views import ChatView, open_claimed_chat
from tests.support.live_servers import Deployment, Peers, PrivatePostgres, PrivateRedis
from tests.support.proof import record

pytestmark = pytest.mark.proof

# Writes are not what these tests measure: no rate limit may refuse them.
LIMITS = {"HELPWIDGET_RATELIMIT_TICKETS": "100000 per minute",
          "HELPWIDGET_RATELIMIT_COMMENTS": "100000 per minute"}
RETRY_FOR = 45  # seconds a client keeps trying one message, request or reply
PAUSE = 0.1  # seconds between a failed try and the next one
# Failed acks that say "try again": the widget shows the message as not sent, with "Retry".
RETRYABLE = ("busy", "server_error")
LOST_CONNECTION = (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError,
                   socketio.exceptions.DisconnectedError)


class Seen:
    """What users were shown instead of success: answers by kind, and any that were not clean."""

    def __init__(self):
        self.lock = threading.Lock()
        self.failures = Counter()
        self.unclean = []  # a 500, a stack trace, an answer that is not the documented JSON

    def add(self, kind, unclean=None):
        """Count one failed try; keep it if it was not a clean failure."""
        with self.lock:
            self.failures[kind] += 1
            if unclean is not None:
                self.unclean.append(unclean)


class Side(ChatView):
    """One side of a chat, widget or console: sends until acknowledged and keeps its view."""

    def __init__(self, peer, chat_id, messages, prefix, seen):
        super().__init__(peer, chat_id, messages)
        self.prefix = prefix
        self.seen = seen
        self.sent = []  # bodies acknowledged, in the order sent
        self.tried = []  # every body tried, acknowledged or not
        self.count = 0

    def send_next(self):
        """Send the next message, again under the same client_id until it is acknowledged."""
        self.count += 1
        body, client_id = f"{self.prefix}{self.count}", f"{self.prefix}-{self.count}"
        self.tried.append(body)
        deadline = time.monotonic() + RETRY_FOR
        while True:
            try:
                reply = self.peer.call("chat:send", {"chat_id": self.chat_id,
                                                     "client_id": client_id, "body": body},
                                       timeout=5)
            except LOST_CONNECTION as error:
                self.seen.add(type(error).__name__)
            else:
                if reply["ok"]:
                    self.sent.append(body)
                    self.add(reply["message"])
                    return reply["message"]
                error = reply["error"]
                self.seen.add(f"ack {error['code']}",
                              None if error["code"] in RETRYABLE and error["message"]
                              and "Traceback" not in error["message"] else reply)
            assert time.monotonic() < deadline, f"{body} was never acknowledged"
            time.sleep(PAUSE)

    def needs_sync(self):
        """Sync after a reconnect too, for what was sent while away, as the widget does."""
        return self.peer.connects.acquire(blocking=False) or super().needs_sync()

    def fetch(self):
        """Return the messages after last_seq(), or None when cut off (the next event retries)."""
        try:
            reply = self.peer.call("chat:sync", self.after_last(), timeout=5)
        except LOST_CONNECTION:
            return None
        return reply["messages"] if reply["ok"] else None

    def heard_live(self, bodies):
        """Return how many of these bodies arrived as live events."""
        return sum(1 for data in self.peer.messages if data["chat_id"] == self.chat_id
                   and data["message"]["body"] in bodies)


class Requester:
    """The widget's requests: a submission is sent again under its client_id until stored."""

    def __init__(self, server, token, seen):
        self.server = server
        self.headers = {"Authorization": f"Bearer {token}"}
        self.seen = seen
        self.http = requests.Session()
        self.tickets = []  # (subject, number) of the requests stored
        self.comments = []  # bodies of the replies stored
        self.tried_tickets, self.tried_comments = [], []

    def _post(self, path, body):
        """POST until the answer is a success; count every failure and keep unclean ones."""
        deadline = time.monotonic() + RETRY_FOR
        while True:
            try:
                response = self.http.post(f"{self.server.url}/api/v1{path}",
                                          json={"site": "acme", **body}, headers=self.headers,
                                          timeout=10)
            except requests.RequestException as error:
                self.seen.add(type(error).__name__)
            else:
                if response.status_code in (200, 201):
                    return response.json()
                self.seen.add(f"HTTP {response.status_code}", None if _clean(response) else (
                    response.status_code, response.text[:500]))
            assert time.monotonic() < deadline, f"POST {path} {body} never succeeded"
            time.sleep(PAUSE)

    def open_next(self):
        """Open the next request; return its number."""
        n = len(self.tried_tickets) + 1
        subject = f"Request {n}"
        self.tried_tickets.append(subject)
        ticket = self._post("/tickets", {
            "subject": subject, "category": "requests", "subcategory": "other",
            "description": f"Please help with thing {n}.", "name": "Ana Pérez",
            "email": "ana@example.com", "client_id": f"t-{n}"})["ticket"]
        assert ticket["subject"] == subject
        self.tickets.append((subject, ticket["number"]))
        return ticket["number"]

    def comment_next(self):
        """Reply on the latest request; return the comment."""
        n = len(self.tried_comments) + 1
        body = f"Reply {n}"
        self.tried_comments.append(body)
        comment = self._post(f"/tickets/{self.tickets[-1][1]}/comments",
                             {"body": body, "client_id": f"c-{n}"})["comment"]
        assert comment["body"] == body
        self.comments.append(body)
        return comment


def _clean(response):
    """Tell whether a failed answer is a clean one: 503 in the documented JSON, no trace."""
    try:
        body = response.json()
    except ValueError:
        return False
    return (response.status_code == 503 and isinstance(body.get("error"), str)
            and "Traceback" not in response.text)


class Flow:
    """The conversation and the ticket flow running at once, each in its own thread."""

    def __init__(self, visitor, advisor, requester):
        self.visitor, self.advisor, self.requester = visitor, advisor, requester
        self.stop = threading.Event()
        self.errors = []
        self.threads = [threading.Thread(target=self._run, args=(step,)) for step in (
            visitor.send_next, advisor.send_next, self._ticket_step)]

    def _ticket_step(self):
        """Open a request, then reply on it twice."""
        self.requester.open_next()
        for _ in range(2):
            self.requester.comment_next()

    def _run(self, step):
        """Repeat a step until stopped; keep the first failure."""
        try:
            while not self.stop.is_set():
                step()
                time.sleep(0.02)
        except BaseException as error:  # reported by finish()
            self.errors.append(error)

    def start(self):
        """Start every thread."""
        for thread in self.threads:
            thread.start()
        return self

    def wait_for(self, messages=0, tickets=0, timeout=RETRY_FOR):
        """Wait until each side has this many more messages acknowledged, and the tickets."""
        def progress():
            return len(self.visitor.sent), len(self.advisor.sent), len(self.requester.tickets)
        goal = [have + want for have, want in zip(progress(), (messages, messages, tickets))]
        deadline = time.monotonic() + timeout
        while any(have < want for have, want in zip(progress(), goal)):
            assert not self.errors, self.errors
            assert time.monotonic() < deadline, "the flow made no progress"
            time.sleep(0.05)

    def finish(self):
        """Stop the threads after their current step; fail with the first error."""
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=RETRY_FOR + 15)
        assert not self.errors, self.errors


def settle(sides, stored, timeout=20):
    """Let each side take its events (syncing on gaps) until its view is the stored chat."""
    deadline = time.monotonic() + timeout
    for side in sides:
        side.take_events()
        while side.bodies() != stored and time.monotonic() < deadline:
            time.sleep(0.05)
            side.take_events()


def audit(deployment, chat_id, visitor, advisor, requester):
    """Count what was lost or duplicated; check order and that both sides saw everything."""
    with deployment.app.app_context():
        stored = db.session.execute(db.select(ChatMessage).filter_by(chat_id=chat_id)
                                    .order_by(ChatMessage.seq)).scalars().all()
        bodies = [m.body for m in stored]
        seqs = [m.seq for m in stored]
        last_seq = db.session.get(Chat, chat_id).last_seq
        chat_site = db.session.get(Chat, chat_id).site_id
        subjects = Counter(db.session.execute(db.select(Ticket.subject).filter_by(
            site_id=chat_site)).scalars().all())
        replies = Counter(db.session.execute(db.select(TicketComment.body).join(Ticket).where(
            Ticket.site_id == chat_site, TicketComment.author_kind == "requester"))
            .scalars().all())
        db.session.remove()
    tried = ["Hola"] + visitor.tried + advisor.tried
    counted = Counter(bodies)
    settle((visitor, advisor), bodies)
    return {
        "messages_sent": len(tried),
        "messages_lost": sum(1 for body in tried if body not in counted),
        "messages_duplicated": sum(n - 1 for n in counted.values()),
        "tickets_sent": len(requester.tried_tickets),
        "tickets_lost": sum(1 for s in requester.tried_tickets if s not in subjects),
        "tickets_duplicated": sum(n - 1 for n in subjects.values()),
        "comments_sent": len(requester.tried_comments),
        "comments_lost": sum(1 for b in requester.tried_comments if b not in replies),
        "comments_duplicated": sum(n - 1 for n in replies.values()),
        "in_order": (seqs == list(range(1, len(seqs) + 1)) and last_seq == len(seqs)
                     and [b for b in bodies if b.startswith("v")] == visitor.sent
                     and [b for b in bodies if b.startswith("a")] == advisor.sent),
        "delivered": visitor.bodies() == bodies and advisor.bodies() == bodies,
        "live_duplicates": len(visitor.live_duplicates()) + len(advisor.live_duplicates()),
        "extra_tickets": sorted(set(subjects) - set(requester.tried_tickets)),
    }


def conclude(name, figures, seen, extra_checks=(), **where):
    """Record the figures of a fault, then assert that it was survived whole."""
    survived = (all(figures[key] == 0 for key in figures if key.endswith(("_lost",
                                                                          "_duplicated")))
                and figures["in_order"] and figures["delivered"]
                and figures["live_duplicates"] == 0 and not figures["extra_tickets"]
                and not seen.unclean and all(extra_checks))
    plain = {k: v for k, v in figures.items() if k != "extra_tickets"}
    record("faults", name, survived=survived, failed_answers=sum(seen.failures.values()),
           unclean_answers=len(seen.unclean), **plain, **where)
    assert seen.unclean == [], f"unclean failures: {seen.unclean}"
    lost = {k: v for k, v in figures.items() if k.endswith(("_lost", "_duplicated"))}
    assert set(lost.values()) == {0}, lost
    assert figures["in_order"], "messages out of order or numbers with gaps"
    assert figures["delivered"], "a side never got every message"
    assert figures["live_duplicates"] == 0 and not figures["extra_tickets"]
    assert survived


@pytest.fixture
def peers():
    """Collect the Socket.IO clients of a test and disconnect them after it."""
    peers = Peers(reconnect=True)
    yield peers
    peers.close()


@pytest.fixture
def redis_server(tmp_path):
    """A private Redis on a free port, stopped after the test."""
    server = PrivateRedis(tmp_path).start()
    yield server
    server.stop()


def start_flow(deployment, peers, visitor_server, advisor_server, seen):
    """A widget and a console in a claimed chat, and a requester on the widget's process."""
    console = peers(advisor_server, "/advisor", {"token": deployment.advisor_token})
    widget = peers(visitor_server, "/visitor", {"site": "acme", "token": deployment.visitor_token})
    chat_id, first = open_claimed_chat(console, widget)
    visitor = Side(widget, chat_id, first, "v", seen)
    advisor = Side(console, chat_id, first, "a", seen)
    requester = Requester(visitor_server, deployment.visitor_token, seen)
    return widget, chat_id, visitor, advisor, requester


def test_redis_stopped_and_restarted_mid_conversation(tmp_path, redis_server, peers):
    deployment = Deployment(tmp_path, message_queue=redis_server.url).populate()
    servers = deployment.servers(2, HELPWIDGET_RATELIMIT_STORAGE_URI=redis_server.url, **LIMITS)
    a, b = servers
    seen = Seen()
    try:
        _, chat_id, visitor, advisor, requester = start_flow(deployment, peers, a, b, seen)
        for _ in range(3):
            visitor.send_next()
            advisor.send_next()
        requester.open_next()
        requester.comment_next()

        redis_server.stop()
        outage_start = (len(visitor.tried), len(advisor.tried))
        for _ in range(5):
            visitor.send_next()
            advisor.send_next()
        for _ in range(2):
            requester.open_next()
            requester.comment_next()
            requester.comment_next()
        during = (visitor.tried[outage_start[0]:], advisor.tried[outage_start[1]:])
        time.sleep(0.5)  # anything still on its way would have arrived by now
        heard_across = advisor.heard_live(during[0]) + visitor.heard_live(during[1])
        acked_during = (len(visitor.sent) - outage_start[0]) + (len(advisor.sent)
                                                                 - outage_start[1])

        redis_server.start()
        # Both sides go on writing; the first message each hears from the other after Redis's
        # return shows a gap, and the side fetches what it missed, as the widget and console do.
        back = len(visitor.tried), len(advisor.tried)
        deadline = time.monotonic() + RETRY_FOR
        while not (advisor.heard_live(visitor.tried[back[0]:])
                   and visitor.heard_live(advisor.tried[back[1]:])):
            assert time.monotonic() < deadline, "live delivery never came back after Redis"
            visitor.send_next()
            advisor.send_next()
            time.sleep(0.2)
        requester.open_next()
        requester.comment_next()
        for side in (visitor, advisor):
            side.take_events()  # only live events and the syncs their gaps call for
        figures = audit(deployment, chat_id, visitor, advisor, requester)
        assert all(server.process.poll() is None for server in servers), "a process died"
    finally:
        for server in servers:
            server.stop()
        deployment.close()
    figures.update(heard_live_across_processes_during_outage=heard_across,
                   messages_acked_during_outage=acked_during)
    # During the outage every send was stored and acknowledged; none crossed processes live.
    conclude("redis restart", figures, seen,
             extra_checks=[acked_during == len(during[0]) + len(during[1])])
    assert acked_during == len(during[0]) + len(during[1])


@pytest.fixture
def postgres():
    """A private PostgreSQL 15 cluster on a free port, removed after the test."""
    cluster = PrivatePostgres().start()
    yield cluster
    cluster.close()


def test_postgresql_restarted_mid_conversation(tmp_path, postgres, peers):
    deployment = Deployment(tmp_path, message_queue=False, database=postgres.url).populate()
    (server,) = deployment.servers(1, **LIMITS)
    seen = Seen()
    try:
        _, chat_id, visitor, advisor, requester = start_flow(
            deployment, peers, server, server, seen)
        flow = Flow(visitor, advisor, requester).start()
        try:
            flow.wait_for(messages=5, tickets=1)
            postgres.restart()  # pg_ctl restart -m fast: every session ends at once
            flow.wait_for(messages=5, tickets=1)
            failed_in_restart = sum(seen.failures.values())
            postgres.stop()  # and a longer one: requests arrive while nothing answers
            time.sleep(2)
            postgres.start()
            flow.wait_for(messages=5, tickets=1)
        finally:
            flow.finish()
        figures = audit(deployment, chat_id, visitor, advisor, requester)
        assert server.process.poll() is None, "the server process died"
    finally:
        server.stop()
        deployment.close()
    refused = sum(seen.failures.values())
    figures.update(failed_answers_in_restart=failed_in_restart)
    # The outage was felt (or the test proves nothing), and only as clean, retryable failures.
    conclude("postgresql restart", figures, seen, extra_checks=[refused > 0],
             database="postgresql")  # its own cluster, whatever the run's database
    assert refused > 0, "no request met the outage"


def test_process_killed_mid_conversation_and_ticket_flow(tmp_path, redis_server, peers):
    deployment = Deployment(tmp_path, message_queue=redis_server.url).populate()
    servers = deployment.servers(2, **LIMITS)
    a, b = servers
    seen = Seen()
    try:
        widget, chat_id, visitor, advisor, requester = start_flow(deployment, peers, a, b, seen)
        flow = Flow(visitor, advisor, requester).start()
        try:
            flow.wait_for(messages=5, tickets=2)
            a.kill()  # the visitor's and the requester's process, with requests in flight
            time.sleep(0.5)
            a.start()
            assert widget.reconnected(), "the widget did not reconnect to the restarted process"
            widget.connects.release()  # Side.take_events syncs on it, as the widget does
            flow.wait_for(messages=5, tickets=2)
        finally:
            flow.finish()
        figures = audit(deployment, chat_id, visitor, advisor, requester)
    finally:
        for server in servers:
            server.stop()
        deployment.close()
    conclude("process SIGKILL", figures, seen,
             extra_checks=[sum(seen.failures.values()) > 0])
    assert sum(seen.failures.values()) > 0, "nothing was in flight when the process died"

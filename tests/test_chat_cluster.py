"""Two server processes share rooms over Redis: a visitor on one, an advisor on the other.

Each process is a real `python wsgi.py` under eventlet with its own WebSocket clients; a crash of
the visitor's process mid-conversation loses, duplicates and reorders nothing.
"""
import threading
import time

import pytest
from live_servers import Deployment, Peer

from helpwidget.services import advisors, identity, sites

pytestmark = pytest.mark.cluster


@pytest.fixture
def deployment(tmp_path):
    """Return a deployment with a site, an advisor's console token and a visitor's token."""
    deployment = Deployment(tmp_path)
    with deployment.app.app_context():
        site = sites.save_site("acme", name="Acme", default_locale="en", locales=["en"])
        marta = advisors.create_advisor("marta@support.example.com", "Marta Gómez",
                                        "correct horse battery")
        advisors.add_membership(marta, site, "advisor")
        deployment.advisor_token = advisors.issue_token(marta)
        deployment.visitor_token = identity.open_session(site)[1]
    yield deployment
    deployment.close()


@pytest.fixture
def cluster(deployment):
    """Start two server processes of the deployment; stop them after the test."""
    started = []
    threads = [threading.Thread(target=lambda: started.append(deployment.server()))
               for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(started) == 2, "a server process did not start"
    assert all("(eventlet)" in server.output() for server in started)  # python wsgi.py's default
    peers = []

    def peer(server, namespace, auth, reconnect=False):
        client = Peer(server.url, namespace, auth, reconnect=reconnect)
        peers.append(client)
        return client
    yield started, peer
    for client in peers:
        client.close()
    for server in started:
        server.stop()


def _open_chat(deployment, servers, peer, reconnect=False):
    """Connect the advisor to B and the visitor to A; the visitor starts a chat, Marta claims it."""
    a, b = servers
    console = peer(b, "/advisor", {"token": deployment.advisor_token})
    console.ok("presence:set", {"status": "online"})
    widget = peer(a, "/visitor", {"site": "acme", "token": deployment.visitor_token},
                  reconnect=reconnect)
    started = widget.ok("chat:start", {"topic": "", "client_id": "v-0", "body": "Hola"})
    chat_id = started["chat"]["id"]
    assert started["chat"]["status"] == "queued"
    queued = console.wait("chat:queued", where=lambda d: d["chat"]["id"] == chat_id)
    assert queued["preview"] == "Hola"
    claimed = console.ok("chat:claim", {"chat_id": chat_id})
    assert [m["body"] for m in claimed["messages"]] == ["Hola"]
    status = widget.wait("chat:status", where=lambda d: d["chat"]["id"] == chat_id)
    assert status["chat"]["status"] == "active"
    assert status["chat"]["advisor"]["name"] == "Marta Gómez"
    return console, widget, chat_id, started["messages"]


def test_visitor_and_advisor_on_different_processes_hear_each_other(deployment, cluster):
    servers, peer = cluster
    console, widget, chat_id, _first = _open_chat(deployment, servers, peer)

    widget.ok("chat:typing", {"chat_id": chat_id, "typing": True})
    typing = console.wait("chat:typing", where=lambda d: d["chat_id"] == chat_id)
    assert typing["author"]["kind"] == "visitor" and typing["typing"] is True
    console.ok("chat:typing", {"chat_id": chat_id, "typing": True})
    typing = widget.wait("chat:typing", where=lambda d: d["chat_id"] == chat_id)
    assert typing["author"] == {"kind": "advisor", "name": "Marta Gómez"}

    for n in range(1, 6):
        widget.ok("chat:send", {"chat_id": chat_id, "client_id": f"v-{n}", "body": f"v{n}"})
        console.ok("chat:send", {"chat_id": chat_id, "client_id": f"a-{n}", "body": f"a{n}"})
    expected = ["Hola"] + [body for n in range(1, 6) for body in (f"v{n}", f"a{n}")]
    for side in (widget, console):
        heard = {}
        while len(heard) < len(expected) - 1:  # "Hola" came with the start and the claim
            data = side.wait("chat:message", where=lambda d: d["chat_id"] == chat_id)
            assert data["message"]["seq"] not in heard, "a message arrived twice"
            heard[data["message"]["seq"]] = data["message"]["body"]
        assert [heard[seq] for seq in sorted(heard)] == expected[1:]
        assert sorted(heard) == list(range(2, len(expected) + 1))

    console.ok("chat:read", {"chat_id": chat_id, "seq": len(expected)})
    read = widget.wait("chat:read", where=lambda d: d["chat_id"] == chat_id)
    assert read == {"chat_id": chat_id, "by": "advisor", "seq": len(expected)}


class Transcript:
    """One side's view of a chat: messages by seq, from its acks, live events and syncs."""

    def __init__(self, peer, chat_id, messages):
        self.peer = peer
        self.chat_id = chat_id
        self.by_seq = {m["seq"]: m for m in messages}
        self._taken = 0

    def take_events(self):
        """Record the live messages heard so far; fill a gap in the numbers with a sync."""
        heard = self.peer.messages[self._taken:]
        self._taken += len(heard)
        for data in heard:
            if data["chat_id"] == self.chat_id:
                self.by_seq[data["message"]["seq"]] = data["message"]
        if self.by_seq and len(self.by_seq) < max(self.by_seq):
            self.sync()  # a process died before publishing a stored message: fetch it

    def last_seq(self):
        """Return the highest seq seen with none missing below it."""
        seq = 0
        while seq + 1 in self.by_seq:
            seq += 1
        return seq

    def sync(self):
        """Fetch every message after the last one seen without a gap (`chat:sync`)."""
        reply = self.peer.ok("chat:sync", {"chat_id": self.chat_id, "after_seq": self.last_seq()})
        for message in reply["messages"]:
            self.by_seq[message["seq"]] = message

    def live_duplicates(self):
        """Return the seqs that live events brought more than once."""
        seqs = [d["message"]["seq"] for d in self.peer.messages if d["chat_id"] == self.chat_id]
        return sorted({seq for seq in seqs if seqs.count(seq) > 1})


def test_a_crashed_process_loses_and_duplicates_nothing(deployment, cluster):
    servers, peer = cluster
    a, _b = servers
    console, widget, chat_id, first = _open_chat(deployment, servers, peer, reconnect=True)
    visitor_view, advisor_view = Transcript(widget, chat_id, first), Transcript(console, chat_id,
                                                                               first)
    # Marta keeps writing from process B the whole time, crash included.
    advisor_sent, failures, stop = [], [], threading.Event()

    def marta_writes():
        for n in range(1, 201):
            if stop.is_set():
                return
            reply = console.call("chat:send", {"chat_id": chat_id, "client_id": f"a-{n}",
                                               "body": f"a{n}"})
            (advisor_sent if reply["ok"] else failures).append(f"a{n}" if reply["ok"] else reply)
            time.sleep(0.05)
    writer = threading.Thread(target=marta_writes)
    writer.start()
    try:
        for n in range(1, 6):
            widget.ok("chat:send", {"chat_id": chat_id, "client_id": f"v-{n}", "body": f"v{n}"})
            time.sleep(0.05)
        # A send whose ack never arrives: the reply is dropped, the widget retries the same id.
        widget.client.emit("chat:send", {"chat_id": chat_id, "client_id": "v-6", "body": "v6"},
                           namespace="/visitor")
        console.wait("chat:message", where=lambda d: d["message"]["client_id"] == "v-6")
        retried = widget.ok("chat:send", {"chat_id": chat_id, "client_id": "v-6", "body": "v6"})
        assert retried["message"]["body"] == "v6"
        visitor_view.take_events()

        # A message is on its way when process A dies; nobody knows whether it was stored.
        widget.client.emit("chat:send", {"chat_id": chat_id, "client_id": "v-7", "body": "v7"},
                           namespace="/visitor")
        a.kill()
        time.sleep(0.5)  # Marta goes on writing while the visitor's process is down
        a.start()
        assert widget.reconnected(), "the widget did not reconnect to the restarted process"
        visitor_view.take_events()
        visitor_view.sync()  # resume from the last message seen before the crash
        widget.ok("chat:send", {"chat_id": chat_id, "client_id": "v-7", "body": "v7"})
        for n in range(8, 11):
            widget.ok("chat:send", {"chat_id": chat_id, "client_id": f"v-{n}", "body": f"v{n}"})
            time.sleep(0.05)
    finally:
        stop.set()
        writer.join(timeout=30)
    assert failures == [] and len(advisor_sent) > 10

    final = console.ok("chat:sync", {"chat_id": chat_id, "after_seq": 0})["messages"]
    stored = [m["body"] for m in final]
    visitor_sent = ["Hola"] + [f"v{n}" for n in range(1, 11)]
    assert sorted(stored) == sorted(visitor_sent + advisor_sent), "lost or duplicated messages"
    assert [m["seq"] for m in final] == list(range(1, len(final) + 1))
    assert [b for b in stored if not b.startswith("a")] == visitor_sent  # each side's order kept
    assert [b for b in stored if b.startswith("a")] == advisor_sent
    deadline = time.monotonic() + 10
    for view in (visitor_view, advisor_view):
        while len(view.by_seq) < len(final) and time.monotonic() < deadline:
            time.sleep(0.05)
            view.take_events()
        assert [view.by_seq[s]["body"] for s in sorted(view.by_seq)] == stored, \
            "a side is missing messages"
        assert view.live_duplicates() == [], "an event arrived twice"

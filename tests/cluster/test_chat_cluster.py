"""Two server processes share rooms over Redis: a visitor on one, an advisor on the other.

Each process is a real `python wsgi.py` under eventlet with its own WebSocket clients; a crash of
the visitor's process mid-conversation loses, duplicates and reorders nothing.
"""
import threading
import time

import pytest

from tests.support.chat_views import ChatView, open_claimed_chat
from tests.support.live_servers import Deployment, Peers

pytestmark = pytest.mark.cluster


@pytest.fixture
def deployment(tmp_path):
    """Return a deployment with a site, an advisor's console token and a visitor's token."""
    deployment = Deployment(tmp_path).populate()
    yield deployment
    deployment.close()


@pytest.fixture
def cluster(deployment):
    """Start two server processes of the deployment; stop them after the test."""
    started = deployment.servers(2)
    assert all("(eventlet)" in server.output() for server in started)  # python wsgi.py's default
    peers = Peers()
    yield started, peers
    peers.close()
    for server in started:
        server.stop()


def _open_chat(deployment, servers, peer, reconnect=False):
    """Connect the advisor to B and the visitor to A; the visitor starts a chat, Marta claims it."""
    a, b = servers
    console = peer(b, "/advisor", {"token": deployment.advisor_token})
    widget = peer(a, "/visitor", {"site": "acme", "token": deployment.visitor_token},
                  reconnect=reconnect)
    chat_id, first = open_claimed_chat(console, widget)
    return console, widget, chat_id, first


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


def test_a_crashed_process_loses_and_duplicates_nothing(deployment, cluster):
    servers, peer = cluster
    a, _b = servers
    console, widget, chat_id, first = _open_chat(deployment, servers, peer, reconnect=True)
    visitor_view, advisor_view = ChatView(widget, chat_id, first), ChatView(console, chat_id, first)
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
        assert view.bodies() == stored, "a side is missing messages"
        assert view.live_duplicates() == [], "an event arrived twice"

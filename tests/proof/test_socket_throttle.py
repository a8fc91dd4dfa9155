"""Socket events are throttled per connection; excess typing signals are dropped, not queued."""
import time

from helpwidget.realtime import throttle
from tests.support.proof import record


def _claimed_chat(widget, console):
    """Return (visitor client, chat id) of a chat the console has claimed."""
    visitor, _ = widget()
    chat = visitor.ok("chat:start", {"client_id": "c1", "body": "Hola"})["chat"]
    console.ok("chat:claim", {"chat_id": chat["id"]})
    return visitor, chat["id"]


def _heard(client, name):
    """Return how many `name` events the client has heard so far (draining its queue)."""
    count = 0
    while not client.events.empty():
        event, _data = client.events.get_nowait()
        count += event == name
    return count


def test_a_flood_of_typing_signals_reaches_the_console_as_a_trickle(app, widget, console):
    visitor, chat_id = _claimed_chat(widget, console)
    _heard(console, "chat:typing")
    started = time.monotonic()
    acks = [visitor.call("chat:typing", {"chat_id": chat_id, "typing": n % 2 == 0})
            for n in range(300)]
    elapsed = time.monotonic() - started
    assert all(ack["ok"] for ack in acks)  # dropped quietly: the widget has nothing to fix
    dropped = sum(1 for ack in acks if ack.get("dropped"))
    time.sleep(1)  # let the last forwarded signals arrive
    heard = _heard(console, "chat:typing")
    allowed = app.config["SOCKET_TYPING_BURST"] + app.config["SOCKET_TYPING_PER_SECOND"] * (
        elapsed + 1)
    assert heard <= allowed and heard + dropped == 300
    # The connection is still fine for what matters.
    assert visitor.send(chat_id, "¿Sigues ahí?")["seq"] == 2
    record("access", "socket: typing flood forwarded to the console", attempts=300, leaks=0,
           refusals_missed=max(0, heard - int(allowed)))


def test_every_event_counts_against_the_connection(app, widget, console):
    app.config.update(SOCKET_EVENTS_PER_SECOND=2, SOCKET_EVENT_BURST=10)
    visitor, _ = widget()
    acks = [visitor.call("chat:availability") for _ in range(40)]
    refused = [ack for ack in acks if not ack["ok"]]
    assert 0 < len(refused) <= 40 - 10
    assert refused[0]["error"] == {"code": "rate_limited",
                                   "message": "You are doing that too fast. Wait a moment."}
    # The console's connection has its own allowance, counted the same way.
    for _ in range(30):
        console.call("chat:queue")
    assert console.call("chat:queue")["error"]["code"] == "rate_limited"
    time.sleep(1.2)  # the allowance refills: the same connection works again
    assert visitor.ok("chat:availability")["topics"] == []
    record("access", "socket: event flood on one connection", attempts=70, leaks=0,
           refusals_missed=0 if refused else 1)


def test_each_connection_has_its_own_allowance(app, widget):
    app.config.update(SOCKET_EVENTS_PER_SECOND=1, SOCKET_EVENT_BURST=3)
    first, _ = widget()
    second, _ = widget()
    assert [first.call("chat:availability")["ok"] for _ in range(5)][-1] is False
    assert second.call("chat:availability")["ok"] is True


def test_the_bucket_refills_at_its_rate():
    config = {"SOCKET_EVENTS_PER_SECOND": 2, "SOCKET_EVENT_BURST": 4,
              "SOCKET_TYPING_PER_SECOND": 1, "SOCKET_TYPING_BURST": 2}
    verdicts = [throttle.admit("/t", "sid", "x", config, now=100.0) for _ in range(5)]
    assert verdicts == ["admit"] * 4 + ["refuse"]
    assert throttle.admit("/t", "sid", "x", config, now=100.6) == "admit"
    typing = [throttle.admit("/t", "sid2", "chat:typing", config, now=50.0) for _ in range(3)]
    assert typing == ["admit", "admit", "drop"]
    throttle.forget("/t", "sid")
    throttle.forget("/t", "sid2")

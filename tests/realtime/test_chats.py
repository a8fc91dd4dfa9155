"""Live chat between a visitor's widget and an advisor's console, over real Socket.IO clients."""
import uuid

import pytest
import socketio

from helpwidget.services import advisors
from tests.support.fixtures_advisors import advisor_login, make_advisor


def _start(widget_client, body="Hola, no puedo emitir facturas", **extra):
    """Start a chat with a first message; return (chat, messages)."""
    reply = widget_client.ok("chat:start", {"client_id": "first", "body": body,
                                            "page_route": "/facturas/nueva", **extra})
    return reply["chat"], reply["messages"]


def test_no_advisor_online_means_no_chat_and_a_ticket_is_offered(widget):
    visitor, _ = widget()
    state = visitor.ok("chat:availability")
    assert (state["online"], state["can_chat"]) == (False, False)
    reply = visitor.call("chat:start", {"client_id": "a", "body": "¿Hay alguien?"})
    assert reply["ok"] is False and reply["error"]["code"] == "unavailable"


def test_widgets_hear_when_an_advisor_comes_online_and_leaves(client, widget, connect, advisor):
    visitor, _ = widget()
    console = connect("/advisor", {"token": advisor_login(client, advisor.email)})
    console.ok("presence:set", {"status": "online"})
    assert visitor.wait("presence", where=lambda s: s["can_chat"])["online"] is True
    console.ok("presence:set", {"status": "away"})
    assert visitor.wait("presence", where=lambda s: not s["can_chat"])["online"] is False
    console.ok("presence:set", {"status": "online"})
    visitor.wait("presence", where=lambda s: s["can_chat"])
    console.close()
    assert visitor.wait("presence", where=lambda s: not s["can_chat"])["online"] is False


def test_a_chat_goes_from_queue_to_advisor_and_back(widget, console, client, site, connect):
    visitor, _ = widget()
    chat, messages = _start(visitor, name="Lucía")
    assert chat["status"] == "queued" and [m["seq"] for m in messages] == [1]
    queued = console.wait("chat:queued")
    assert queued["chat"]["id"] == chat["id"] and queued["preview"].startswith("Hola")
    assert queued["chat"]["visitor"]["name"] == "Lucía"
    assert queued["chat"]["page_route"] == "/facturas/nueva"
    listed = console.ok("chat:queue")["queued"]
    assert [(c["id"], c["preview"]) for c in listed] == [(chat["id"], messages[0]["body"])]

    claimed = console.ok("chat:claim", {"chat_id": chat["id"]})
    assert claimed["chat"]["status"] == "active"
    assert [m["body"] for m in claimed["messages"]] == ["Hola, no puedo emitir facturas"]
    status = visitor.wait("chat:status")["chat"]
    assert status["advisor"]["name"] == "Marta Gómez" and status["status"] == "active"

    console.ok("chat:typing", {"chat_id": chat["id"], "typing": True})
    typing = visitor.wait("chat:typing")
    assert typing["author"] == {"kind": "advisor", "name": "Marta Gómez"} and typing["typing"]
    reply = console.send(chat["id"], "Hola Lucía, ¿qué error aparece?")
    heard = visitor.wait("chat:message")["message"]
    assert heard == reply and heard["seq"] == 2 and heard["author"]["kind"] == "advisor"

    visitor.ok("chat:typing", {"chat_id": chat["id"], "typing": True})
    assert console.wait("chat:typing")["author"]["kind"] == "visitor"
    mine = visitor.send(chat["id"], "Error 500 al emitir")
    assert console.wait("chat:message")["message"]["id"] == mine["id"]

    visitor.ok("chat:read", {"chat_id": chat["id"], "seq": 2})
    assert console.wait("chat:read") == {"chat_id": chat["id"], "by": "visitor", "seq": 2}
    console.ok("chat:read", {"chat_id": chat["id"], "seq": 3})
    assert visitor.wait("chat:read") == {"chat_id": chat["id"], "by": "advisor", "seq": 3}

    closed = console.ok("chat:close", {"chat_id": chat["id"]})["chat"]
    assert closed["status"] == "closed" and closed["closed_reason"] == "advisor"
    assert visitor.wait("chat:status")["chat"]["status"] == "closed"
    refused = visitor.call("chat:send", {"chat_id": chat["id"], "client_id": "late", "body": "¿?"})
    assert refused["error"]["code"] == "closed"

    rated = visitor.ok("chat:rate", {"chat_id": chat["id"], "rating": 5, "comment": "Rápido"})
    assert rated["chat"]["rating"] == 5
    assert console.wait("chat:status", where=lambda d: d["chat"]["rating"])["chat"]["rating"] == 5
    again = visitor.call("chat:rate", {"chat_id": chat["id"], "rating": 1})
    assert again["ok"] is False and again["error"]["code"] == "rated"


def test_only_one_advisor_wins_a_claim_and_others_cannot_write(widget, console, client, site,
                                                                connect):
    second = make_advisor("jan@support.example.com", "Jan Kowalski", (site, "advisor"))
    other = connect("/advisor", {"token": advisor_login(client, second.email)})
    visitor, _ = widget()
    chat, _ = _start(visitor)
    console.ok("chat:claim", {"chat_id": chat["id"]})
    assert other.wait("chat:status")["chat"]["advisor"]["name"] == "Marta Gómez"
    taken = other.call("chat:claim", {"chat_id": chat["id"]})
    assert taken["error"]["code"] == "taken"
    refused = other.call("chat:send", {"chat_id": chat["id"], "client_id": "x", "body": "hola"})
    assert refused["error"]["code"] == "not_yours"

    team = console.ok("chat:team", {"chat_id": chat["id"]})["advisors"]
    assert {a["name"] for a in team} == {"Marta Gómez", "Jan Kowalski"}
    moved = console.ok("chat:transfer", {"chat_id": chat["id"], "advisor_id": second.id})
    assert moved["chat"]["advisor"]["name"] == "Jan Kowalski"
    assert visitor.wait("chat:status", where=lambda d: d["chat"]["advisor"]["name"] ==
                        "Jan Kowalski")
    other.send(chat["id"], "Soy Jan, sigo yo")
    assert visitor.wait("chat:message")["message"]["author"]["name"] == "Jan Kowalski"


def test_a_retried_send_is_stored_once_and_numbers_have_no_gaps(widget, console):
    visitor, _ = widget()
    chat, _ = _start(visitor)
    first = visitor.send(chat["id"], "uno", client_id="c-1")
    again = visitor.send(chat["id"], "uno", client_id="c-1")
    assert again == first
    visitor.send(chat["id"], "dos", client_id="c-2")
    synced = visitor.ok("chat:sync", {"chat_id": chat["id"], "after_seq": 0})["messages"]
    assert [(m["seq"], m["body"]) for m in synced] == [
        (1, "Hola, no puedo emitir facturas"), (2, "uno"), (3, "dos")]


def test_a_widget_that_reconnects_gets_everything_it_missed_in_order(widget, console):
    visitor, token = widget()
    chat, _ = _start(visitor)
    console.ok("chat:claim", {"chat_id": chat["id"]})
    last_seen = visitor.wait("chat:status") and 1
    visitor.close()
    sent = [console.send(chat["id"], f"respuesta {n}") for n in range(5)]
    again, _ = widget(token)
    current = again.ok("chat:current", {"after_seq": last_seen})
    assert current["chat"]["id"] == chat["id"]
    assert [m["id"] for m in current["messages"]] == [m["id"] for m in sent]
    assert [m["seq"] for m in current["messages"]] == [2, 3, 4, 5, 6]


def test_no_one_reaches_someone_elses_chat(widget, console, client, site, other_site, connect):
    visitor, _ = widget()
    chat, _ = _start(visitor)
    stranger, _ = widget()
    for event, extra in [("chat:sync", {"after_seq": 0}), ("chat:send", {"client_id": "x",
                                                                         "body": "hola"}),
                         ("chat:read", {"seq": 1}), ("chat:close", {}),
                         ("chat:transcript", {"email": "x@example.com"})]:
        reply = stranger.call(event, {"chat_id": chat["id"], **extra})
        assert reply["ok"] is False and reply["error"]["code"] == "not_found", event
    assert stranger.ok("chat:current")["chat"] is None
    outsider = make_advisor("olga@globex.example.com", "Olga", (other_site, "advisor"))
    foreign = connect("/advisor", {"token": advisor_login(client, outsider.email)})
    assert foreign.quiet("chat:message", wait=0.3)
    for event in ("chat:claim", "chat:sync", "chat:context"):
        reply = foreign.call(event, {"chat_id": chat["id"], "after_seq": 0} if event ==
                             "chat:sync" else {"chat_id": chat["id"]})
        assert reply["error"]["code"] == "not_found", event
    assert foreign.ok("chat:queue")["queued"] == []
    assert [c["id"] for c in console.ok("chat:queue")["queued"]] == [chat["id"]]


def test_browsers_from_origins_the_site_does_not_allow_are_refused(client, site, connect,
                                                                    advisor, live_server):
    token = client.post("/api/v1/session", json={"site": site.key}).get_json()["visitor_token"]
    auth = {"site": site.key, "token": token}
    with pytest.raises(Exception):
        connect("/visitor", auth, headers={"Origin": "https://evil.example"})
    assert connect("/visitor", auth, headers={"Origin": "https://app.acme.test"}).client.connected
    assert connect("/visitor", auth, headers={"Origin": live_server}).client.connected
    console_auth = {"token": advisor_login(client, advisor.email)}
    with pytest.raises(Exception):
        connect("/advisor", console_auth, headers={"Origin": "https://app.acme.test"})
    assert connect("/advisor", console_auth, headers={"Origin": live_server}).client.connected


def test_bad_payloads_get_a_translated_error_and_change_nothing(widget, console):
    visitor, _ = widget(locale="es")
    chat, _ = _start(visitor)
    reply = visitor.call("chat:send", {"chat_id": chat["id"], "body": "sin id"})
    assert reply["error"]["code"] == "invalid"
    assert reply["error"]["message"] == "Revisa los campos marcados."
    assert "client_id" in reply["error"]["fields"]
    for payload in ("texto", [1, 2], {"chat_id": "1", "client_id": "x", "body": "a"},
                    {"chat_id": chat["id"], "client_id": "x", "body": "a" * 5001},
                    {"chat_id": chat["id"], "client_id": "x", "body": "   "}):
        assert visitor.call("chat:send", payload)["ok"] is False, payload
    synced = visitor.ok("chat:sync", {"chat_id": chat["id"], "after_seq": 0})["messages"]
    assert len(synced) == 1


def test_a_visitor_writing_too_fast_is_refused_and_installations_count_apart(app, widget,
                                                                          console):
    app.config["RATELIMIT_CHAT_MESSAGES"] = "2 per minute"
    app.config["RATELIMIT_KEY_PREFIX"] = f"install-{uuid.uuid4().hex}"
    visitor, _ = widget()
    chat, _ = _start(visitor)
    visitor.send(chat["id"], "Segundo mensaje")
    refused = visitor.call("chat:send", {"chat_id": chat["id"], "client_id": "third",
                                         "body": "Tercer mensaje"})
    assert refused["ok"] is False and refused["error"]["code"] == "rate_limited"
    assert "too fast" in refused["error"]["message"]
    # Another installation sharing the rate-limit storage keeps its own counters.
    app.config["RATELIMIT_KEY_PREFIX"] = f"install-{uuid.uuid4().hex}"
    assert visitor.send(chat["id"], "Tercer mensaje")["body"] == "Tercer mensaje"


def test_signing_out_or_disabling_an_advisor_closes_their_console(client, site, connect,
                                                                   advisor):
    token = advisor_login(client, advisor.email)
    first = connect("/advisor", {"token": token})
    client.delete("/api/v1/advisor/session", headers={"Authorization": f"Bearer {token}"})
    _wait_disconnected(first)
    second = connect("/advisor", {"token": advisor_login(client, advisor.email)})
    advisors.deactivate(advisor)
    _wait_disconnected(second)
    with pytest.raises(Exception):
        connect("/advisor", {"token": token})


def _wait_disconnected(chat_client, timeout=5.0):
    """Wait until the server has closed the client's connection."""
    import time
    deadline = time.monotonic() + timeout
    while chat_client.client.namespaces and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not chat_client.client.namespaces, "the client stayed connected"


def test_a_visitor_who_logged_out_can_no_longer_write_in_their_chat(widget, console, client, site,
                                                                    live_server):
    visitor, token = widget()
    chat, _ = _start(visitor)
    console.ok("chat:claim", {"chat_id": chat["id"]})
    client.delete("/api/v1/session", json={"site": site.key},
                  headers={"Authorization": f"Bearer {token}"})
    # Logging out closes the widget's connection at once, and it cannot come back.
    _wait_disconnected(visitor)
    again = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        again.connect(live_server, namespaces=["/visitor"], auth={"site": site.key,
                                                                  "token": token},
                      transports=["polling"], wait_timeout=10)
    again.disconnect()
    console.quiet("chat:message")

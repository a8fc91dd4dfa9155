"""Advisors see each other replying: "Marta is replying" reaches the others viewing the same
ticket or chat, throttled, never another site's advisor and never a visitor."""
import queue
import time

import pytest

from tests.support.fixtures_advisors import advisor_login, make_advisor
from tests.support.fixtures_tickets import anonymous, post_ticket, stored

EVENT = "conversation:replying"


@pytest.fixture
def jan(site):
    """Return Jan, a second advisor of the site's team."""
    return make_advisor("jan@support.example.com", "Jan Kowalski", (site, "advisor"))


def _console(client, connect, who):
    """Open a console of `who` that records replying events; return it."""
    console = connect("/advisor", {"token": advisor_login(client, who.email)})
    console.client.on(EVENT, lambda data: console.events.put((EVENT, data)), namespace="/advisor")
    return console


def _ticket_id(client, site):
    """Open a request from a visitor; return its id."""
    response = post_ticket(client, site, anonymous(client, site), email="ana@example.com",
                           name="Ana")
    return stored(response.get_json()["ticket"]["number"]).id


def test_the_others_viewing_a_ticket_see_who_replies(client, site, advisor, jan, connect):
    ticket_id = _ticket_id(client, site)
    marta, jans = _console(client, connect, advisor), _console(client, connect, jan)
    elsewhere = _console(client, connect, jan)  # a console of Jan showing nothing
    for console in (marta, jans):
        console.ok("conversation:view", {"kind": "ticket", "id": ticket_id})
    assert marta.ok(EVENT, {"kind": "ticket", "id": ticket_id, "note": True})["sent"]
    heard = jans.wait(EVENT)
    assert heard == {"kind": "ticket", "id": ticket_id, "typing": True, "note": True,
                     "advisor": {"id": advisor.id, "name": "Marta Gómez"}}
    assert marta.quiet(EVENT, 0.3) and elsewhere.quiet(EVENT, 0.3)  # never told of herself
    # Within the throttle a repeat is dropped; a stop always goes out.
    assert not marta.ok(EVENT, {"kind": "ticket", "id": ticket_id})["sent"]
    assert jans.quiet(EVENT, 0.5)
    assert marta.ok(EVENT, {"kind": "ticket", "id": ticket_id, "typing": False})["sent"]
    assert jans.wait(EVENT)["typing"] is False
    time.sleep(1.6)
    assert marta.ok(EVENT, {"kind": "ticket", "id": ticket_id})["sent"]
    assert jans.wait(EVENT)["typing"] is True
    # Once Jan leaves the ticket he hears no more of it.
    jans.ok("conversation:leave", {"kind": "ticket", "id": ticket_id})
    time.sleep(1.6)
    marta.ok(EVENT, {"kind": "ticket", "id": ticket_id})
    assert jans.quiet(EVENT, 0.5)


def test_another_sites_advisor_cannot_join_or_speak(client, site, advisor, outsider, connect):
    ticket_id = _ticket_id(client, site)
    marta = _console(client, connect, advisor)
    olga = _console(client, connect, outsider)
    marta.ok("conversation:view", {"kind": "ticket", "id": ticket_id})
    refused = olga.call("conversation:view", {"kind": "ticket", "id": ticket_id})
    assert refused["ok"] is False and refused["error"]["code"] == "not_found"
    assert olga.call(EVENT, {"kind": "ticket", "id": ticket_id})["sent"] is False
    assert marta.quiet(EVENT, 0.5)
    missing = olga.call("conversation:view", {"kind": "chat", "id": 999999})
    assert missing["error"]["code"] == "not_found"


def test_replying_on_a_chat_reaches_advisors_not_the_visitor(client, site, advisor, jan,
                                                            connect, console, widget):
    visitor, _ = widget()
    chat = visitor.ok("chat:start", {"client_id": "first", "body": "Hola"})["chat"]
    console.ok("chat:claim", {"chat_id": chat["id"]})
    jans = _console(client, connect, jan)
    console.client.on(EVENT, lambda data: console.events.put((EVENT, data)), namespace="/advisor")
    visitor.client.on(EVENT, lambda data: visitor.events.put((EVENT, data)), namespace="/visitor")
    console.ok("conversation:view", {"kind": "chat", "id": chat["id"]})
    jans.ok("conversation:view", {"kind": "chat", "id": chat["id"]})
    jans.ok(EVENT, {"kind": "chat", "id": chat["id"]})
    assert console.wait(EVENT)["advisor"]["name"] == "Jan Kowalski"
    assert visitor.quiet(EVENT, 0.5)


@pytest.mark.parametrize("body, field", [
    ({"kind": "post", "id": 1}, "kind"), ({"kind": "ticket", "id": "1"}, "id"),
    ({"kind": "ticket", "id": 2**31}, "id"), ({"kind": "ticket"}, "id"),
    ({"kind": "ticket", "id": 1, "extra": 1}, "extra")])
def test_bad_events_are_refused_per_field(client, advisor, connect, body, field):
    marta = _console(client, connect, advisor)
    reply = marta.call("conversation:view", body)
    assert reply["ok"] is False and field in reply["error"]["fields"]
    with pytest.raises(queue.Empty):
        marta.events.get(timeout=0.1)

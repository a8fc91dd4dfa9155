"""Automatic assignment: new chats and tickets go round robin to the online advisors, never past
their capacity, and a chat whose advisor signs out goes back to the queue and on to another."""
from datetime import timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Advisor, AdvisorConnection, Chat
from helpwidget.realtime import presence_keeper
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.fixtures_tickets import anonymous, post_ticket, stored


@pytest.fixture
def auto_site(site):
    """Return the site with automatic assignment on."""
    site.auto_assign = True
    db.session.commit()
    return site


@pytest.fixture
def jan(site):
    """Return Jan, a second advisor of the site's team."""
    return make_advisor("jan@support.example.com", "Jan Kowalski", (site, "advisor"))


def _online(client, connect, who):
    """Open an online console of `who`; return (console, its token)."""
    token = advisor_login(client, who.email)
    console = connect("/advisor", {"token": token})
    console.ok("presence:set", {"status": "online"})
    return console, token


def _start(widget, body="Hola, necesito ayuda"):
    """Start a chat from a new visitor; return (the visitor's client, the chat as acked)."""
    visitor, _ = widget()
    chat = visitor.ok("chat:start", {"client_id": "first", "body": body})["chat"]
    return visitor, chat


def _owner(chat_id):
    """Return (status, advisor id) of a chat as stored now."""
    db.session.expire_all()
    chat = db.session.get(Chat, chat_id)
    return chat.status, chat.advisor_id


def test_new_chats_alternate_between_the_online_advisors(client, auto_site, advisor, jan,
                                                         connect, widget):
    marta, _ = _online(client, connect, advisor)
    jans, _ = _online(client, connect, jan)
    owners = []
    for _turn in range(4):
        visitor, chat = _start(widget)
        status, owner = _owner(chat["id"])
        assert status == "active"
        owners.append(owner)
        joined = visitor.wait("chat:status", where=lambda d, i=chat["id"]: d["chat"]["id"] == i)
        assert joined["chat"]["status"] == "active" and joined["chat"]["advisor"]["name"]
        console = marta if owner == advisor.id else jans
        told = console.wait("chat:status", where=lambda d, i=chat["id"]: d["chat"]["id"] == i
                            and d["chat"]["status"] == "active")
        assert told["chat"]["advisor"]["id"] == owner
    assert owners[0] != owners[1] and owners[0::2] == [owners[0]] * 2
    assert owners[1::2] == [owners[1]] * 2
    # Each console lists its own chats as its own.
    assert len(marta.ok("chat:queue")["mine"]) == 2 and len(jans.ok("chat:queue")["mine"]) == 2


def test_capacity_is_respected_and_a_closed_chat_frees_room(client, auto_site, advisor, jan,
                                                            connect, widget):
    for who in (advisor, jan):
        db.session.get(Advisor, who.id).chat_capacity = 1
    db.session.commit()
    marta, _ = _online(client, connect, advisor)
    _online(client, connect, jan)
    first = _start(widget)[1]
    second = _start(widget)[1]
    _visitor, third = _start(widget)
    assert {_owner(first["id"])[1], _owner(second["id"])[1]} == {advisor.id, jan.id}
    assert _owner(third["id"]) == ("queued", None)
    martas = first if _owner(first["id"])[1] == advisor.id else second
    marta.ok("chat:close", {"chat_id": martas["id"]})
    assert _owner(third["id"]) == ("active", advisor.id)


def test_an_away_advisor_gets_nothing(client, auto_site, advisor, jan, connect, widget):
    _online(client, connect, advisor)
    jans, _ = _online(client, connect, jan)
    jans.ok("presence:set", {"status": "away"})
    for _turn in range(3):
        assert _owner(_start(widget)[1]["id"]) == ("active", advisor.id)


def test_without_auto_assign_chats_wait_for_a_claim(client, site, advisor, connect, widget):
    _online(client, connect, advisor)
    assert _owner(_start(widget)[1]["id"]) == ("queued", None)


def test_an_advisor_coming_online_gets_the_oldest_waiting_chat(client, auto_site, advisor, jan,
                                                               connect, widget):
    marta, _ = _online(client, connect, advisor)
    db.session.get(Advisor, advisor.id).chat_capacity = 1
    db.session.commit()
    _start(widget)
    _v, older = _start(widget)
    _v, newer = _start(widget)
    assert _owner(older["id"]) == ("queued", None)
    _online(client, connect, jan)
    assert _owner(older["id"]) == ("active", jan.id)
    assert _owner(newer["id"]) == ("active", jan.id)  # Jan has room for three


def test_a_signing_out_advisors_chat_goes_back_to_the_queue_and_on(client, auto_site, advisor,
                                                                   jan, connect, widget):
    marta, token = _online(client, connect, advisor)
    visitor, chat = _start(widget)
    assert _owner(chat["id"]) == ("active", advisor.id)
    jans, _ = _online(client, connect, jan)
    assert client.delete("/api/v1/advisor/session", headers=bearer(token)).status_code == 204
    assert _owner(chat["id"]) == ("active", jan.id)
    told = visitor.wait("chat:message", where=lambda d: d["message"]["author"]["kind"] == "system")
    # In the visitor's language (the chat is in Spanish).
    assert "Vuelves a estar en la cola" in told["message"]["body"]
    requeued = jans.wait("chat:status", where=lambda d: d["chat"]["id"] == chat["id"])
    assert requeued["chat"]["status"] == "queued" and requeued["chat"]["advisor"] is None
    taken = jans.wait("chat:status", where=lambda d: d["chat"]["id"] == chat["id"])
    assert taken["chat"]["advisor"]["id"] == jan.id
    jans.send(chat["id"], "Sigo yo con tu consulta")


def test_a_signing_out_advisors_chat_waits_when_nobody_else_is_online(client, site, advisor,
                                                                      connect, widget):
    marta, token = _online(client, connect, advisor)
    _visitor, chat = _start(widget)
    marta.ok("chat:claim", {"chat_id": chat["id"]})
    client.delete("/api/v1/advisor/session", headers=bearer(token))
    assert _owner(chat["id"]) == ("queued", None)


def test_new_tickets_alternate_and_ignore_chat_capacity(client, auto_site, advisor, jan,
                                                        connect):
    for who in (advisor, jan):
        db.session.get(Advisor, who.id).chat_capacity = 1
    db.session.commit()
    marta, _ = _online(client, connect, advisor)
    _online(client, connect, jan)
    owners = []
    for turn in range(4):
        token = anonymous(client, auto_site)
        response = post_ticket(client, auto_site, token, email=f"ana{turn}@example.com",
                               name="Ana")
        assert response.status_code == 201, response.get_json()
        owners.append(stored(response.get_json()["ticket"]["number"]).assignee_id)
    assert set(owners) == {advisor.id, jan.id} and owners[0] != owners[1]
    assert owners[2] == owners[0] and owners[3] == owners[1]
    assigned = marta.wait("ticket", where=lambda d: d["event"] == "assigned")
    assert assigned["ticket"]["number"]


def test_chats_of_a_console_whose_process_died_go_on_to_another(client, auto_site, advisor,
                                                                jan, connect, widget):
    _online(client, connect, advisor)
    _visitor, chat = _start(widget)
    assert _owner(chat["id"]) == ("active", advisor.id)
    _online(client, connect, jan)
    # Marta's console stops being refreshed (its process died); Jan's process sweeps it.
    db.session.execute(db.update(AdvisorConnection).where(
        AdvisorConnection.advisor_id == advisor.id).values(seen_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    jans_sids = db.session.execute(db.select(AdvisorConnection.sid).where(
        AdvisorConnection.advisor_id == jan.id)).scalars().all()
    presence_keeper._refresh(jans_sids)
    assert _owner(chat["id"]) == ("active", jan.id)

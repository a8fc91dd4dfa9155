"""Ticket changes reach the requester's open widget and the advisors' console live (Socket.IO)."""
import queue

import pytest
import socketio

from helpwidget.extensions import db
from helpwidget.models import Advisor, SiteMembership, Ticket
from helpwidget.services import advisors, tickets
from tests.support.fixtures_tickets import anonymous, identified, post_ticket


class Listener:
    """A real python-socketio client that records the events of one namespace."""

    def __init__(self, base_url, namespace, auth):
        self.events = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        for name in ("ticket", "alert"):
            self.client.on(name, lambda data, name=name: self.events.put((name, data)),
                           namespace=namespace)
        self.client.connect(base_url, namespaces=[namespace], auth=auth, wait_timeout=10)

    def next(self, timeout=10):
        """Return the next (event, data), or fail after `timeout` seconds."""
        return self.events.get(timeout=timeout)

    def nothing_more(self, wait=0.5):
        """Tell whether no further event arrives within `wait` seconds."""
        try:
            self.events.get(timeout=wait)
            return False
        except queue.Empty:
            return True

    def close(self):
        """Disconnect."""
        self.client.disconnect()


@pytest.fixture
def listen(live_server):
    """Connect listeners to the live server; disconnect them after the test."""
    opened = []

    def connect(namespace, auth):
        listener = Listener(live_server, namespace, auth)
        opened.append(listener)
        return listener
    yield connect
    for listener in opened:
        listener.close()


def _advisor(site):
    """Create an advisor of the site and return (advisor, console token)."""
    advisor = Advisor(email="marta@support.test", name="Marta", password_hash="-")
    advisor.memberships.append(SiteMembership(site_id=site.id, role="advisor"))
    db.session.add(advisor)
    db.session.commit()
    return advisor, advisors.issue_token(advisor)


def test_advisor_reply_and_status_reach_the_requesters_widget(client, site, listen):
    ana = identified(client, site, sub="ana", name="Ana", account_id="acc-1")
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    widget = listen("/visitor", {"site": "acme", "token": ana})
    stranger = listen("/visitor", {"site": "acme", "token": anonymous(client, site)})
    advisor, _ = _advisor(site)
    ticket = db.session.execute(db.select(Ticket).filter_by(number=number)).scalar_one()
    tickets.advisor_comment(ticket, advisor, "Nota interna", internal=True)
    tickets.advisor_comment(ticket, advisor, "Ya lo revisamos", status="awaiting_reply")
    event, data = widget.next()
    assert event == "ticket" and data["event"] == "comment"
    assert data["comment"]["body"] == "Ya lo revisamos"
    assert data["ticket"]["status"] == "awaiting_reply" and data["ticket"]["number"] == number
    tickets.change_status(ticket, "resolved")
    event, data = widget.next()
    assert data["event"] == "status" and data["ticket"]["status"] == "resolved"
    assert data["old_status"] == "awaiting_reply"
    assert widget.nothing_more() and stranger.nothing_more()


def test_shared_tickets_reach_the_whole_account_private_ones_do_not(client, site, listen):
    ana = identified(client, site, sub="ana", account_id="acc-1")
    carla = identified(client, site, sub="carla", account_id="acc-1")
    colleague = listen("/visitor", {"site": "acme", "token": carla})
    post_ticket(client, site, ana, subject="Privado")
    post_ticket(client, site, ana, subject="Compartido", shared=True)
    event, data = colleague.next()
    assert data["event"] == "created" and data["ticket"]["subject"] == "Compartido"
    assert colleague.nothing_more()


def test_emergency_alerts_every_connected_advisor(client, site, other_site, listen):
    _advisor_row, token = _advisor(site)
    console = listen("/advisor", {"token": token})
    ana = identified(client, site, sub="ana", account_id="acc-1")
    post_ticket(client, site, ana, category="platform_down", subcategory="other",
                subject="No carga nada")
    seen = [console.next(), console.next()]
    alerts = [data for event, data in seen if event == "alert"]
    assert alerts and alerts[0]["kind"] == "urgent_ticket"
    assert alerts[0]["ticket"]["subject"] == "No carga nada"
    assert alerts[0]["ticket"]["priority"] == "urgent"


def test_connections_without_valid_credentials_are_refused(client, site, live_server):
    for namespace, auth in [("/visitor", {"site": "acme", "token": "forged"}),
                            ("/visitor", {"site": "nope", "token": anonymous(client, site)}),
                            ("/visitor", None),
                            ("/advisor", {"token": "forged"}),
                            ("/advisor", {"token": anonymous(client, site)})]:
        sio = socketio.Client(reconnection=False)
        with pytest.raises(socketio.exceptions.ConnectionError):
            sio.connect(live_server, namespaces=[namespace], auth=auth, wait_timeout=5)
        sio.disconnect()


def test_advisors_of_another_site_hear_nothing(client, site, other_site, listen):
    stranger = Advisor(email="g@globex.test", name="G", password_hash="-")
    stranger.memberships.append(SiteMembership(site_id=other_site.id, role="admin"))
    db.session.add(stranger)
    db.session.commit()
    console = listen("/advisor", {"token": advisors.issue_token(stranger)})
    ana = identified(client, site, sub="ana", account_id="acc-1")
    post_ticket(client, site, ana, category="platform_down", subcategory="other")
    assert console.nothing_more(1.0)

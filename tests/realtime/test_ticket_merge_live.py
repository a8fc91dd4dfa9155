"""A merge reaches live: consoles and the requester's widget hear both tickets changed."""
import queue

import pytest
import socketio

from helpwidget.extensions import db
from helpwidget.models import Ticket
from tests.support.fixtures_advisors import bearer
from tests.support.fixtures_tickets import identified, post_ticket


class Listener:
    """A real python-socketio client that records the `ticket` events of one namespace."""

    def __init__(self, base_url, namespace, auth):
        self.events = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("ticket", self.events.put, namespace=namespace)
        self.client.connect(base_url, namespaces=[namespace], auth=auth, wait_timeout=10)

    def two(self):
        """Return the next two events as {ticket number: event name}."""
        events = [self.events.get(timeout=10) for _ in range(2)]
        return {e["ticket"]["number"]: e["event"] for e in events}


@pytest.fixture
def listen(live_server):
    """Connect listeners to the live server; disconnect them after the test."""
    opened = []

    def connect(namespace, auth):
        opened.append(Listener(live_server, namespace, auth))
        return opened[-1]
    yield connect
    for listener in opened:
        listener.client.disconnect()


def test_both_tickets_are_announced_to_console_and_widget(client, site, listen, advisor,
                                                          advisor_token):
    ana = identified(client, site, sub="ana", name="Ana", email="ana@example.com")
    numbers = [post_ticket(client, site, ana, subject=s).get_json()["ticket"]["number"]
               for s in ("Uno", "Dos")]
    source, target = (db.session.execute(db.select(Ticket).filter_by(number=n)).scalar_one()
                      for n in numbers)
    widget = listen("/visitor", {"site": "acme", "token": ana})
    console = listen("/advisor", {"token": advisor_token})
    response = client.post(f"/api/v1/advisor/tickets/{source.id}/merge",
                           json={"into": target.id}, headers=bearer(advisor_token))
    assert response.status_code == 200, response.get_json()
    expected = {numbers[0]: "status", numbers[1]: "comment"}
    assert widget.two() == expected
    assert console.two() == expected

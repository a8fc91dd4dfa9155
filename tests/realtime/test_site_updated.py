"""A settings change reaches the site's open widgets live, so they redraw without a reload."""
import queue
from datetime import UTC, datetime, timedelta

import pytest
import socketio

from helpwidget.extensions import db
from helpwidget.services import presence
from tests.support.fixtures_advisors import advisor_login, bearer
from tests.support.fixtures_tickets import anonymous


class Widget:
    """A real Socket.IO visitor client that records site:updated events."""

    def __init__(self, base_url, auth):
        self.events = queue.Queue()
        self.offers = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("site:updated", self.events.put, namespace="/visitor")
        self.client.on("presence", self.offers.put, namespace="/visitor")
        self.client.connect(base_url, namespaces=["/visitor"], auth=auth, wait_timeout=10)

    def next(self, timeout=10):
        """Return the next event's data, or fail after `timeout` seconds."""
        return self.events.get(timeout=timeout)

    def nothing(self, wait=0.5):
        """Tell whether no event arrives within `wait` seconds."""
        try:
            self.events.get(timeout=wait)
            return False
        except queue.Empty:
            return True


@pytest.fixture
def widgets(live_server):
    """Connect widgets to the live server; disconnect them after the test."""
    opened = []

    def connect(auth):
        opened.append(Widget(live_server, auth))
        return opened[-1]
    yield connect
    for widget in opened:
        widget.client.disconnect()


def test_open_widgets_of_the_site_hear_site_updated_after_a_patch(client, site, other_site,
                                                                   admin_advisor, widgets):
    mine = widgets({"site": "acme", "token": anonymous(client, site)})
    theirs = widgets({"site": "globex", "token": anonymous(client, other_site)})
    headers = bearer(advisor_login(client, admin_advisor.email))
    response = client.patch("/api/v1/advisor/sites/acme/settings/general",
                            json={"brand_color": "#0b6e4f"}, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert mine.next() == {"site": "acme"}
    assert theirs.nothing()
    # The widget's next config read shows the change.
    config = client.get("/api/v1/widget?site=acme").get_json()
    assert config["site"]["brand_color"] == "#0b6e4f"
    # A refused change announces nothing.
    refused = client.patch("/api/v1/advisor/sites/acme/settings/general",
                           json={"brand_color": "#ffffff"}, headers=headers)
    assert refused.status_code == 422 and mine.nothing()


def test_chat_out_of_hours_is_offered_live_when_an_admin_turns_it_on(client, site,
                                                                      admin_advisor, widgets):
    headers = bearer(advisor_login(client, admin_advisor.email))
    today = datetime.now(UTC).date()
    closed = [str(today + timedelta(days=d)) for d in (-1, 0, 1)]  # closed whatever the hour
    client.patch("/api/v1/advisor/sites/acme/settings/contact", headers=headers, json={
        "timezone": "UTC", "holidays": closed,
        "hours": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "open": "00:00",
                   "close": "24:00"}]})
    admin_advisor.presence = "online"
    db.session.commit()
    presence.connected("sid-piotr", admin_advisor.id)
    widget = widgets({"site": "acme", "token": anonymous(client, site)})
    response = client.patch("/api/v1/advisor/sites/acme/settings/chat",
                            json={"out_of_hours": True}, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert widget.next() == {"site": "acme"}
    offer = widget.offers.get(timeout=10)
    assert (offer["online"], offer["within_hours"], offer["can_chat"]) == (True, False, True)

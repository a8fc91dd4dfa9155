"""A logout reaches the user's widgets in every server process, not only the one answering it."""
import json
import threading
import time
import urllib.request

import pytest

from helpwidget.services import identity, sites
from tests.support.live_servers import Deployment, Peer

pytestmark = pytest.mark.cluster


def test_logout_on_one_process_closes_the_widget_held_by_another(tmp_path):
    deployment = Deployment(tmp_path)
    with deployment.app.app_context():
        site = sites.save_site("acme", name="Acme", default_locale="en", locales=["en"])
        token = identity.open_session(site)[1]
        other_token = identity.open_session(site)[1]
    servers = []
    starters = [threading.Thread(target=lambda: servers.append(
        deployment.server(HELPWIDGET_WIDGET_SWEEP_SECONDS="1"))) for _ in range(2)]
    for starter in starters:
        starter.start()
    for starter in starters:
        starter.join()
    a, b = servers
    widget = Peer(b.url, "/visitor", {"site": "acme", "token": token})
    bystander = Peer(b.url, "/visitor", {"site": "acme", "token": other_token})
    try:
        request = urllib.request.Request(
            f"{a.url}/api/v1/session", method="DELETE", data=json.dumps({"site": "acme"}).encode(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        assert urllib.request.urlopen(request, timeout=10).status == 204
        deadline = time.monotonic() + 15
        while widget.client.connected and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not widget.client.connected, "the logged-out widget on the other process is open"
        # Another visitor's widget in the same process is left alone.
        assert bystander.ok("chat:availability")["ok"]
    finally:
        widget.close()
        bystander.close()
        for server in servers:
            server.stop()
        deployment.close()

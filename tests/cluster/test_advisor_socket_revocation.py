"""A disabled advisor, or one whose password changed, loses every open console in every process.

The change is made by another process (here the test's own, as `flask advisors disable` would
be) and no message queue joins the processes: the server holding the console notices by itself
within CONSOLE_SWEEP_SECONDS, as it does for widgets (realtime/console_sweeper.py).
"""
import time

import pytest

from helpwidget.extensions import db
from helpwidget.services import advisors, sites
from tests.support.live_servers import Deployment, Peer
from tests.support.proof import record

pytestmark = pytest.mark.cluster


def _closed(peer, seconds=15):
    """Wait until the server has closed the client; tell whether it did."""
    deadline = time.monotonic() + seconds
    while peer.client.connected and time.monotonic() < deadline:
        time.sleep(0.1)
    return not peer.client.connected


@pytest.fixture
def cluster(tmp_path):
    """Two server processes without a message queue; Marta and Piotr with console tokens."""
    deployment = Deployment(tmp_path, message_queue=False)
    with deployment.app.app_context():
        site = sites.save_site("acme", name="Acme", default_locale="en", locales=["en"])
        tokens = {}
        for email, name in (("marta@support.example.com", "Marta"),
                            ("piotr@support.example.com", "Piotr")):
            advisor = advisors.create_advisor(email, name, "correct horse battery")
            advisors.add_membership(advisor, site)
            tokens[email] = advisors.issue_token(advisor)
        db.session.remove()
    deployment.tokens = tokens
    servers = deployment.servers(2, HELPWIDGET_CONSOLE_SWEEP_SECONDS="1")
    yield deployment, servers
    for server in servers:
        server.stop()
    deployment.close()


@pytest.mark.parametrize("change", ["disable", "password"])
def test_every_process_closes_the_consoles_of_an_advisor_whose_session_ended(cluster, change):
    deployment, servers = cluster
    marta = [Peer(server.url, "/advisor", {"token": deployment.tokens[
        "marta@support.example.com"]}) for server in servers]
    piotr = Peer(servers[1].url, "/advisor",
                 {"token": deployment.tokens["piotr@support.example.com"]})
    try:
        with deployment.app.app_context():
            advisor = advisors.get_by_email("marta@support.example.com")
            if change == "disable":
                advisors.deactivate(advisor)
            else:
                advisors.set_password(advisor, "a brand new passphrase")
            db.session.remove()
        still_open = [peer for peer in marta if not _closed(peer)]
        assert not still_open, f"{len(still_open)} console(s) still open after {change}"
        # Another advisor's console in the same process is left alone.
        assert piotr.client.connected and piotr.ok("chat:queue")["ok"]
        record("access", f"sessions: consoles after advisor {change}, 2 processes, no queue",
               attempts=len(marta), leaks=len(still_open), refusals_missed=0)
    finally:
        for peer in [*marta, piotr]:
            peer.close()

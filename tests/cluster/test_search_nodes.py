"""Two machines, one database: each keeps its own search index current from the change log."""
import time

import pytest
import requests

from helpwidget.extensions import db
from helpwidget.models import SearchNode
from helpwidget.search import sync_state
from tests.support.live_servers import Deployment

ARTICLES = "/api/v1/advisor/sites/acme/articles"


@pytest.fixture
def machines(tmp_path):
    """Start machines A and B: separate instance and index folders, one database and Redis."""
    deployment = Deployment(tmp_path, name="hw_nodes").populate(role="admin")
    started = {}

    def machine(name):
        folder = tmp_path / name
        started[name] = deployment.server(HELPWIDGET_INSTANCE_PATH=str(folder),
                                          HELPWIDGET_SEARCH_INDEX_DIR=str(folder / "index"))
        return started[name]

    yield deployment, machine
    for server in started.values():
        server.stop()
    deployment.close()


def _save(deployment, server, title, body, article_id=None):
    """Save an article through a machine's editor API; return its id."""
    headers = {"Authorization": f"Bearer {deployment.advisor_token}"}
    payload = {"title": title, "locale": "en", "body": body, "published": True}
    if article_id is None:
        response = requests.post(server.url + ARTICLES, json=payload, headers=headers,
                                 timeout=30)
    else:
        response = requests.put(f"{server.url}{ARTICLES}/{article_id}", json=payload,
                                headers=headers, timeout=30)
    assert response.status_code in (200, 201), response.text
    return response.json()["id"]


def _titles(server, q):
    """Search a machine as a reader; return the titles found."""
    response = requests.get(server.url + "/api/v1/search",
                            params={"site": "acme", "q": q, "locale": "en"}, timeout=10)
    assert response.status_code == 200, response.text
    return [hit["title"] for hit in response.json()["results"]]


def _until(check, timeout):
    """Return the seconds until `check()` is true, or None after `timeout` seconds."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.05)
    return None


def test_every_machine_finds_what_another_saved_within_seconds(machines, tmp_path):
    deployment, machine = machines
    a, b = machine("a"), machine("b")

    article = _save(deployment, a, "Exporting ledgers", "Export the ledger as CSV.")
    assert _titles(a, "ledger") == ["Exporting ledgers"]  # at once on the saving machine
    assert _until(lambda: _titles(b, "ledger") == ["Exporting ledgers"], 5.0) is not None

    _save(deployment, a, "Exporting journals", "Export the journal as CSV.", article)
    assert _until(lambda: _titles(b, "journal") == ["Exporting journals"]
                  and _titles(b, "ledger") == [], 5.0) is not None

    requests.delete(f"{a.url}{ARTICLES}/{article}", timeout=10, headers={
        "Authorization": f"Bearer {deployment.advisor_token}"}).raise_for_status()
    assert _until(lambda: _titles(b, "journal") == [], 5.0) is not None


def _reported(deployment, index_path):
    """Tell whether the machine of this index has reported the position its file holds."""
    state = sync_state.read(index_path)
    if state.get("seq") is None:
        return False
    with deployment.app.app_context():
        node = db.session.get(SearchNode, state["node"])
        seq = node.applied_seq if node is not None else None
        db.session.remove()
    return seq == state["seq"]


def test_a_machine_that_was_down_catches_up_without_a_rebuild(machines, tmp_path):
    deployment, machine = machines
    a, b = machine("a"), machine("b")
    index_b = str(tmp_path / "b" / "index")
    # Pruning keeps what the reported machines still need: B counts once it has reported.
    assert _until(lambda: _reported(deployment, index_b), 10) is not None
    rebuilds = sync_state.read(index_b)["rebuilds"]

    b.stop()
    titles = [f"Closing period {n} zorvak{n}" for n in range(10)]
    for n, title in enumerate(titles):
        _save(deployment, a, title, f"Close period {n} of the year.")
    b.start()
    assert _until(lambda: all(_titles(b, f"zorvak{n}") == [title]
                              for n, title in enumerate(titles)), 10) is not None
    assert sync_state.read(index_b)["rebuilds"] == rebuilds  # caught up from the log

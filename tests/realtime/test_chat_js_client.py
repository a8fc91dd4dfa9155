"""The widget's chat over the real JavaScript socket.io-client: dropped connections lose nothing.

tests/js/chat_client.mjs (Node, socket.io-client 4) chats as a visitor with a `python wsgi.py`
server under eventlet, closing its transport right after every fifth send; a console on the
python client answers every message. `npm ci --prefix tests/js` installs the client.
"""
import json
import os
import queue
import shutil
import subprocess
import time

import pytest

from helpwidget.services import advisors, identity, sites
from tests.support.live_servers import ROOT, Deployment, Peer, require

JS = os.path.join(ROOT, "tests", "js")
MESSAGES = 30


@pytest.fixture
def server(tmp_path):
    """Start a server process with a site; return it with the advisor's and visitor's tokens."""
    require(shutil.which("node") is not None, "node is not installed")
    require(os.path.isdir(os.path.join(JS, "node_modules", "socket.io-client")),
            "run `npm ci --prefix tests/js` first")
    deployment = Deployment(tmp_path, "hw_jsclient", message_queue=False)
    with deployment.app.app_context():
        site = sites.save_site("acme", name="Acme", default_locale="en", locales=["en"])
        marta = advisors.create_advisor("marta@support.example.com", "Marta Gómez",
                                        "correct horse battery")
        advisors.add_membership(marta, site, "advisor")
        tokens = advisors.issue_token(marta), identity.open_session(site)[1]
    server = deployment.server()
    yield server, tokens
    server.stop()
    deployment.close()


def test_js_client_resumes_after_drops_without_losing_or_repeating(server):
    server, (advisor_token, visitor_token) = server
    console = Peer(server.url, "/advisor", {"token": advisor_token})
    try:
        console.ok("presence:set", {"status": "online"})
        node = subprocess.Popen(
            ["node", "chat_client.mjs", json.dumps({
                "url": server.url, "site": "acme", "token": visitor_token,
                "messages": MESSAGES, "dropEvery": 5, "timeoutMs": 40000})],
            cwd=JS, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        chat_id = console.wait("chat:queued", timeout=20)["chat"]["id"]
        console.ok("chat:claim", {"chat_id": chat_id})
        deadline = time.monotonic() + 45
        while node.poll() is None and time.monotonic() < deadline:
            try:
                message = console.wait("chat:message", timeout=0.2, where=lambda d: (
                    d["chat_id"] == chat_id and d["message"]["author"]["kind"] == "visitor"))
            except queue.Empty:
                continue
            message = message["message"]
            console.ok("chat:send", {"chat_id": chat_id, "client_id": f"re-{message['client_id']}",
                                     "body": f"re: {message['body']}"})
        out, err = node.communicate(timeout=15)
    finally:
        console.close()
    summary = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
    assert node.returncode == 0, (summary, err[-2000:])
    assert summary["lost"] == [] and summary["duplicated"] == [], summary
    assert summary["in_order"] and summary["seqs_contiguous"], summary
    assert summary["stored"] == 2 * MESSAGES and summary["replies"] == MESSAGES, summary
    assert summary["client_matches_server"] and summary["live_duplicates"] == [], summary
    assert summary["drops"] == MESSAGES // 5 and summary["reconnects"] >= summary["drops"], summary

"""Sessions that outlive their right: token rotation, identity expiry, the host's revoke API,
account changes reaching open sockets, and reserved event names sent by clients."""
import json
import time
import urllib.error
import urllib.request

import jwt
import pytest
import socketio

from helpwidget.extensions import db
from helpwidget.models import EndUser
from helpwidget.realtime import RESERVED_EVENTS, widget_sweeper
from helpwidget.services import advisors, identity, presence, sites
from tests.support.articles import make_article
from tests.support.fixtures_tickets import auth, post_ticket, ticket_form
from tests.support.fixtures_widget import open_panel
from tests.support.identities import open_session, sign_identity
from tests.support.live_servers import Deployment, Peer
from tests.support.proof import record


def _revoke_token(site, sub="u-1", ttl=300, purpose="revoke", **claims):
    """Sign a revoke token as the host's backend would."""
    now = int(time.time())
    return jwt.encode({"sub": sub, "purpose": purpose, "iat": now, "exp": now + ttl, **claims},
                      site.identity_secret, algorithm="HS256")


def _wait_closed(client, seconds=15):
    """Wait until the server closed a socketio client; tell whether it did."""
    deadline = time.monotonic() + seconds
    while client.connected and time.monotonic() < deadline:
        time.sleep(0.05)
    return not client.connected


# --- identifying rotates the token (session fixation) ------------------------------------------

def test_identifying_issues_a_new_token_and_revokes_the_one_shown(client, site, live_server):
    anonymous = open_session(client, site)["visitor_token"]
    assert post_ticket(client, site, anonymous, name="Ana",
                       email="ana@example.com").status_code == 201
    # The attacker's copy of the anonymous token, with a live socket on it.
    spy = socketio.Client(reconnection=False)
    spy.connect(live_server, namespaces=["/visitor"], auth={"site": "acme", "token": anonymous},
                wait_timeout=10)
    identified = open_session(client, site, identity=sign_identity(site), token=anonymous)
    fresh = identified["visitor_token"]
    assert fresh != anonymous and identified["user"]["id"] == "u-1"
    copies = [anonymous]
    # The copy reads nothing of the user's any more; the new token reads the adopted ticket.
    mine = client.get("/api/v1/tickets?site=acme", headers=auth(fresh))
    assert mine.status_code == 200 and len(mine.get_json()["tickets"]) == 1
    leaks = sum(client.get("/api/v1/tickets?site=acme", headers=auth(copy)).status_code != 401
                for copy in copies)
    assert leaks == 0
    assert _wait_closed(spy), "a socket opened with the anonymous token is still open"
    # Identifying again (same user, a fresh identity) rotates again.
    again = open_session(client, site, identity=sign_identity(site), token=fresh)
    assert again["visitor_token"] != fresh
    assert client.get("/api/v1/tickets?site=acme", headers=auth(fresh)).status_code == 401
    record("access", "sessions: token copied before identify", attempts=3,
           leaks=leaks + int(spy.connected), refusals_missed=0)
    spy.disconnect()


# --- identified rights end at the identity's expiry ---------------------------------------------

def test_an_identified_session_ends_with_its_identity(client, site):
    make_article(site, "Programa de socios", "Solo socios.", slug="socios",
                 audience=["partner"])
    db.session.commit()
    exp = int(time.time()) + 2
    data = open_session(client, site, identity=sign_identity(
        site, ttl=2, account_type="partner", exp=exp))
    token = data["visitor_token"]
    assert data["identity_expires_at"].startswith(time.strftime("%Y-%m-%dT%H:%M",
                                                                time.gmtime(exp)))
    post_ticket(client, site, token, shared=True)
    url = "/api/v1/articles/socios?site=acme&locale=es"
    assert client.get(url, headers=auth(token)).status_code == 200
    time.sleep(max(0, exp - time.time()) + 0.5)
    tries = [client.get("/api/v1/tickets?site=acme", headers=auth(token)).status_code,
             client.get(url, headers=auth(token)).status_code,
             client.post("/api/v1/tickets", json=ticket_form(site), headers=auth(token))
             .status_code]
    assert tries[0] == tries[2] == 401 and tries[1] in (401, 404)
    # Continuing the session gives a fresh anonymous one, never the user's.
    again = open_session(client, site, token=token)
    assert again["user"] is None and again["visitor_token"] != token
    record("access", "sessions: identified session after identity exp", attempts=len(tries),
           leaks=sum(status not in (401, 404) for status in tries), refusals_missed=0)


def test_the_help_center_sso_session_ends_with_its_identity(client, site):
    exp = int(time.time()) + 2
    token = sign_identity(site, ttl=2, exp=exp)
    assert client.get(f"/help/acme/sso?jwt={token}").status_code == 302
    assert client.get("/help/acme/es/activity").status_code == 200
    time.sleep(max(0, exp - time.time()) + 0.5)
    after = client.get("/help/acme/es/activity")
    assert after.status_code == 302 and "/sign-in" in after.headers["Location"]


# --- the host's revoke API ----------------------------------------------------------------------

def test_the_host_revokes_every_session_of_a_user(client, site, other_site):
    before = sign_identity(site)  # handed to a browser before the user was deprovisioned
    widgets = [open_session(client, site, identity=sign_identity(site))["visitor_token"]
               for _ in range(2)]
    other_user = open_session(client, site, identity=sign_identity(site, sub="u-2"))[
        "visitor_token"]
    assert client.get(f"/help/acme/sso?jwt={sign_identity(site)}").status_code == 302
    # Refused: an identity token (no purpose), a forged one, another site's, a wrong purpose.
    refused = [
        {"site": "acme", "token": sign_identity(site)},
        {"site": "acme", "token": jwt.encode(
            {"sub": "u-1", "purpose": "revoke", "exp": int(time.time()) + 60}, "not-the-secret",
            algorithm="HS256")},
        {"site": "acme", "token": _revoke_token(other_site)},
        {"site": "acme", "token": _revoke_token(site, purpose="logout")},
        {"site": "acme", "token": _revoke_token(site, ttl=10 * 24 * 3600)},
    ]
    statuses = [client.post("/api/v1/host/sessions/revoke", json=body).status_code
                for body in refused]
    assert statuses == [401] * len(refused)
    assert client.get("/help/acme/es/activity").status_code == 200  # nothing was revoked
    response = client.post("/api/v1/host/sessions/revoke",
                           json={"site": "acme", "token": _revoke_token(site)})
    assert response.status_code == 200 and response.get_json() == {"revoked": 3}
    for token in widgets:
        assert client.get("/api/v1/tickets?site=acme", headers=auth(token)).status_code == 401
    assert client.get("/help/acme/es/activity").status_code == 302
    assert client.get("/api/v1/tickets?site=acme", headers=auth(other_user)).status_code == 200
    # A token signed before the revocation no longer signs the user in; one signed after does.
    refused_again = client.post("/api/v1/session", json={"site": "acme", "identity": before})
    assert refused_again.status_code == 401
    time.sleep(1.1)
    assert open_session(client, site, identity=sign_identity(site))["user"]["id"] == "u-1"
    record("access", "sessions: host revoke API (forged, foreign, wrong purpose)",
           attempts=len(refused) + 4, leaks=0, refusals_missed=0)


def test_revoking_a_user_never_seen_refuses_the_tokens_already_handed_out(client, site):
    handed_out = sign_identity(site, sub="new-hire")
    response = client.post("/api/v1/host/sessions/revoke",
                           json={"site": "acme", "token": _revoke_token(site, sub="new-hire")})
    assert response.get_json() == {"revoked": 0}
    assert client.post("/api/v1/session", json={"site": "acme", "identity": handed_out}
                       ).status_code == 401
    assert db.session.execute(db.select(EndUser).filter_by(external_id="new-hire")).scalar_one()


# --- reserved event names ----------------------------------------------------------------------

def test_reserved_event_names_from_clients_are_dropped(client, site, live_server, advisor,
                                                       advisor_token):
    visitor = open_session(client, site)["visitor_token"]
    widget = socketio.Client(reconnection=False)
    widget.connect(live_server, namespaces=["/visitor"], auth={"site": "acme", "token": visitor},
                   wait_timeout=10)
    console = socketio.Client(reconnection=False)
    console.connect(live_server, namespaces=["/advisor"], auth={"token": advisor_token},
                    wait_timeout=10)
    widget_sid = widget.get_sid("/visitor")
    console_sid = console.get_sid("/advisor")
    attempts = 0
    for name in sorted(RESERVED_EVENTS):
        for peer, namespace in ((widget, "/visitor"), (console, "/advisor")):
            peer.emit(name, {"reason": "client"}, namespace=namespace)
            attempts += 1
    # Every later event is answered in order, so the reserved ones have been handled by now.
    assert widget.call("chat:availability", {}, namespace="/visitor", timeout=10)["ok"]
    assert console.call("chat:queue", {}, namespace="/advisor", timeout=10)["ok"]
    escaped = 0
    escaped += console_sid not in presence.connections_of(advisor.id)  # presence row kept
    escaped += widget_sid not in widget_sweeper._widgets.snapshot()  # still swept at logout
    assert escaped == 0
    # The logout sweep still reaches the widget, and the sign-out the console.
    assert client.delete("/api/v1/session", json={"site": "acme"},
                         headers=auth(visitor)).status_code == 204
    advisors.revoke_token(advisor_token)
    closed = _wait_closed(widget) + _wait_closed(console)
    assert closed == 2
    record("access", "sessions: reserved event names from clients", attempts=attempts,
           leaks=escaped, refusals_missed=2 - closed)


# --- account changes reach open sockets in every process ----------------------------------------

def _post(url, path, body, token=None):
    """POST JSON to a server process; return (status, body)."""
    request = urllib.request.Request(f"{url}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json", **(
                                         auth(token) if token else {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


@pytest.mark.cluster
def test_account_change_and_expiry_reach_sockets_in_another_process(tmp_path):
    deployment = Deployment(tmp_path, message_queue=False)
    with deployment.app.app_context():
        site = sites.save_site("acme", name="Acme", default_locale="en", locales=["en"])
        sign = {"moving": sign_identity(site, sub="ana", account_id="acc-1"),
                "moved": sign_identity(site, sub="ana", account_id="acc-2"),
                "old_mate": sign_identity(site, sub="olek", account_id="acc-1"),
                "new_mate": sign_identity(site, sub="nina", account_id="acc-2")}
        form = ticket_form(site, cc=None)
        db.session.remove()
    servers = deployment.servers(2, HELPWIDGET_WIDGET_SWEEP_SECONDS="1")
    held, answering = servers
    peers = []
    try:
        with deployment.app.app_context():
            sign["brief"] = sign_identity(sites.get_site("acme"), sub="bea", ttl=4,
                                          account_id="acc-3")
        tokens = {}
        for name, identity_token in sign.items():
            if name == "moved":
                continue  # later, once Ana's widget listens
            status, body = _post(answering.url, "/api/v1/session",
                                 {"site": "acme", "identity": identity_token})
            assert status == 201, body
            tokens[name] = body["visitor_token"]
        ana = Peer(held.url, "/visitor", {"site": "acme", "token": tokens["moving"]})
        brief = Peer(held.url, "/visitor", {"site": "acme", "token": tokens["brief"]})
        peers += [ana, brief]
        heard = []
        ana.client.on("ticket", heard.append, namespace="/visitor")
        # Ana moves to account acc-2 in a new identity, signed in on another device.
        status, _ = _post(answering.url, "/api/v1/session",
                          {"site": "acme", "identity": sign["moved"]})
        assert status == 201
        time.sleep(3)  # the holding process sweeps every second
        for name in ("old_mate", "new_mate"):
            status, body = _post(held.url, "/api/v1/tickets",
                                 {**form, "shared": True, "subject": f"shared by {name}"},
                                 tokens[name])
            assert status == 201, body
        deadline = time.monotonic() + 10
        while len(heard) < 1 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
        subjects = [event.get("ticket", {}).get("subject") for event in heard]
        assert "shared by old_mate" not in subjects, "the old account's ticket was heard"
        assert "shared by new_mate" in subjects, "the new account's ticket was not heard"
        # An identity that expires closes its socket too, in the process holding it.
        assert _wait_closed(brief.client, 15), "the expired identity's socket is open"
        record("access", "sessions: sockets after account change or identity exp, 2 processes",
               attempts=3, leaks=int("shared by old_mate" in subjects) + int(
                   brief.client.connected), refusals_missed=0)
    finally:
        for peer in peers:
            peer.close()
        for server in servers:
            server.stop()
        deployment.close()


def test_identity_service_keeps_the_exp_of_the_identity(app, site):
    _visitor, _token = identity.open_session(site, sign_identity(site, ttl=120))
    assert _visitor.identity_expires_at is not None


# --- the widget follows: a new token on identify, the host asked again at expiry ----------------

def test_the_widget_asks_the_host_to_identify_again_when_the_identity_expires(page, host_app,
                                                                             site):
    from helpwidget.models import Visitor

    host_app.lang = "en"
    brief = sign_identity(site, ttl=4, exp=int(time.time()) + 4)
    fresh = sign_identity(site, ttl=600)
    host_app.extra_script = (
        f"window.HelpWidget('identify', {json.dumps(brief)});"
        "window.HelpWidget('on', 'identity_expired', function () {"
        "  window.__events.push(['identity_expired']);"
        f"  window.HelpWidget('identify', {json.dumps(fresh)});"
        "});")
    frame = open_panel(page, host_app)
    deadline = time.monotonic() + 20
    asked = False
    while not asked and time.monotonic() < deadline:
        asked = page.evaluate("window.__events.some(e => e[0] === 'identity_expired')")
        time.sleep(0.2)
    assert asked, "the host was never asked to identify the user again"
    # The fresh identity signs the user in again in a new session of its own.
    sessions = []
    while len(sessions) < 2 and time.monotonic() < deadline:
        db.session.rollback()  # see what the live server committed since
        sessions = db.session.execute(db.select(Visitor).where(
            Visitor.user_id.is_not(None))).scalars().all()
        time.sleep(0.2)
    assert len(sessions) == 2 and sessions[0].token_hash != sessions[1].token_hash
    with page.expect_response(lambda r: "/api/v1/tickets?" in r.url) as listed:
        frame.locator(".hw-menu-item[data-item='my_requests']").click()
    assert listed.value.status == 200

"""No one reaches a ticket that is not theirs or shared with their account."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import Ticket, TicketComment
from helpwidget.services import sites
from tests.support.fixtures_tickets import anonymous, auth, identified, post_ticket
from tests.support.identities import open_session, sign_identity


def _endpoints(number, site_key="acme"):
    """Return every ticket endpoint of the widget API as (method, url, body)."""
    return [
        ("get", f"/api/v1/tickets/{number}?site={site_key}", None),
        ("post", f"/api/v1/tickets/{number}/comments", {"site": site_key, "body": "hola"}),
        ("post", f"/api/v1/tickets/{number}/escalate", {"site": site_key, "body": "urge"}),
        ("post", f"/api/v1/tickets/{number}/close", {"site": site_key}),
        ("post", f"/api/v1/tickets/{number}/rating", {"site": site_key, "score": 1}),
    ]


def _call(client, method, url, body, token):
    """Make one request as the holder of `token` (None: no token at all)."""
    headers = auth(token) if token else {}
    return getattr(client, method)(url, json=body, headers=headers)


@pytest.fixture
def private_ticket(client, site):
    """Return (owner token, number) of Ana's private ticket in account acc-1."""
    owner = identified(client, site, sub="ana", name="Ana", account_id="acc-1")
    number = post_ticket(client, site, owner).get_json()["ticket"]["number"]
    return owner, number


def _intruders(client, site, other_site):
    """Return the people who must not reach Ana's private ticket, by name."""
    return {
        "anonymous visitor": anonymous(client, site),
        "user of another account": identified(client, site, sub="bob", account_id="acc-2"),
        "colleague, private ticket": identified(client, site, sub="carla", account_id="acc-1"),
        "user without account": identified(client, site, sub="dan", account_id=""),
        "same user id on another site": identified(client, other_site, sub="ana",
                                                   account_id="acc-1"),
    }


def test_no_one_else_reaches_a_private_ticket(client, site, other_site, private_ticket):
    _owner, number = private_ticket
    attempts, leaks = 0, []
    for who, token in _intruders(client, site, other_site).items():
        listed = client.get("/api/v1/tickets?site=acme", headers=auth(token))
        if who == "same user id on another site":
            listed = client.get("/api/v1/tickets?site=globex", headers=auth(token))
        if listed.status_code == 200 and listed.get_json()["total"]:
            leaks.append((who, "list"))
        for method, url, body in _endpoints(number):
            attempts += 1
            response = _call(client, method, url, body, token)
            expected = 401 if who == "same user id on another site" else 404
            if response.status_code != expected:
                leaks.append((who, method, url, response.status_code))
    ticket = db.session.execute(db.select(Ticket)).scalar_one()
    assert leaks == [] and attempts == 25
    assert ticket.status == "open" and ticket.rating is None and ticket.escalated_at is None
    assert db.session.execute(db.select(db.func.count(TicketComment.id))).scalar() == 0


def test_the_same_404_for_missing_and_forbidden(client, site, private_ticket):
    _owner, number = private_ticket
    stranger = anonymous(client, site)
    taken = client.get(f"/api/v1/tickets/{number}?site=acme", headers=auth(stranger))
    missing = client.get("/api/v1/tickets/1?site=acme", headers=auth(stranger))
    assert taken.status_code == missing.status_code == 404
    assert taken.get_json() == missing.get_json()


def test_without_a_session_every_endpoint_answers_401(client, site, private_ticket):
    _owner, number = private_ticket
    for method, url, body in _endpoints(number):
        assert _call(client, method, url, body, None).status_code == 401
        assert _call(client, method, url, body, "forged-token").status_code == 401


def test_expired_or_forged_identity_never_opens_a_session(client, site):
    expired = sign_identity(site, sub="ana", ttl=-120)
    forged = sign_identity(site, sub="ana", secret="not-the-site-secret-but-long-enough-0123")
    for token in (expired, forged):
        response = client.post("/api/v1/session", json={"site": "acme", "identity": token})
        assert response.status_code == 401


def test_a_shared_ticket_is_seen_and_answered_by_the_whole_account(client, site):
    owner = identified(client, site, sub="ana", name="Ana", account_id="acc-1")
    number = post_ticket(client, site, owner, shared=True).get_json()["ticket"]["number"]
    colleague = identified(client, site, sub="carla", name="Carla", account_id="acc-1")
    outsider = identified(client, site, sub="bob", account_id="acc-2")
    listed = client.get("/api/v1/tickets?site=acme", headers=auth(colleague)).get_json()
    assert [t["number"] for t in listed["tickets"]] == [number]
    assert listed["tickets"][0]["created_by"] == "Ana"
    reply = client.post(f"/api/v1/tickets/{number}/comments",
                        json={"site": "acme", "body": "Yo también lo veo"},
                        headers=auth(colleague))
    assert reply.status_code == 201 and reply.get_json()["comment"]["author_name"] == "Carla"
    assert client.get(f"/api/v1/tickets/{number}?site=acme",
                      headers=auth(outsider)).status_code == 404


def test_anonymous_cannot_share(client, site):
    token = anonymous(client, site)
    body = post_ticket(client, site, token, shared=True, name="Luis",
                       email="luis@example.com").get_json()
    assert body["ticket"]["shared"] is False


def test_designated_support_users_only(client, site):
    sites.save_site("acme", support_users_only=True)
    identified(client, site, sub="ana", name="Ana Pérez", account_id="acc-1", support_user=True)
    identified(client, site, sub="zoe", name="Zoe Ruiz", account_id="acc-1", support_user=True)
    identified(client, site, sub="eve", name="Eve Other", account_id="acc-2", support_user=True)
    clerk = identified(client, site, sub="tom", name="Tom", account_id="acc-1",
                       support_user=False)
    refused = client.post("/api/v1/tickets", json={
        "site": "acme", "subject": "Ayuda", "category": "questions", "subcategory": "other",
        "description": "¿Cómo exporto?"}, headers={**auth(clerk), "Accept-Language": "es"})
    assert refused.status_code == 403
    body = refused.get_json()
    assert body["code"] == "support_user_required"
    assert body["support_users"] == ["Ana Pérez", "Zoe Ruiz"]
    assert "Ana Pérez, Zoe Ruiz" in body["error"] and "usuarios de soporte" in body["error"]
    assert "search" in body["alternatives"] and "contact" in body["alternatives"]
    types = client.get("/api/v1/ticket-categories?site=acme", headers=auth(clerk)).get_json()
    assert types["may_open"] is False and types["support_users"] == ["Ana Pérez", "Zoe Ruiz"]
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar() == 0
    designated = identified(client, site, sub="ana", name="Ana Pérez", account_id="acc-1",
                            support_user=True)
    assert post_ticket(client, site, designated).status_code == 201
    assert anonymous(client, site) and post_ticket(
        client, site, anonymous(client, site), name="X", email="x@example.com"
    ).status_code == 403


def test_ticket_creation_is_rate_limited_per_visitor_and_per_ip(app, client, site):
    app.config["RATELIMIT_TICKETS"] = "2 per minute"
    token = identified(client, site, sub="ana", account_id="acc-1")
    codes = [post_ticket(client, site, token).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    # A fresh token from the same address does not reset the limit.
    fresh = open_session(client, site)["visitor_token"]
    assert post_ticket(client, site, fresh, name="A", email="a@example.com").status_code == 429
    other_ip = client.post("/api/v1/tickets", json={
        "site": "acme", "subject": "s", "category": "questions", "subcategory": "other",
        "description": "d", "name": "B", "email": "b@example.com"},
        headers=auth(fresh), environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_ip.status_code == 201

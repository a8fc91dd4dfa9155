"""The customer view: a user's or visitor's tickets, chats, host pages and ratings; accounts."""
from datetime import timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, EndUser, Ticket, Visitor, VisitorPage
from helpwidget.services import visitor_pages
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import bearer
from tests.support.fixtures_tickets import anonymous, auth, identified, post_ticket

BASE = "/api/v1/advisor/customers"


def session_of(token):
    """Return the widget session of a visitor token (the latest opened)."""
    return db.session.execute(db.select(Visitor).order_by(Visitor.id.desc())).scalars().first()


def visit(client, site, token, route):
    """Open "help on this page" in the widget on a host route."""
    response = client.get("/api/v1/context", query_string={"site": site.key, "route": route},
                          headers=auth(token))
    assert response.status_code == 200, response.get_json()


def make_chat(site, visitor, body, **fields):
    when = utcnow() - timedelta(hours=1)
    chat = Chat(site_id=site.id, visitor_id=visitor.id, user_id=visitor.user_id,
                status="closed", created_at=when, last_message_at=when, closed_at=when,
                last_seq=1, **fields)
    db.session.add(chat)
    db.session.flush()
    db.session.add(ChatMessage(chat_id=chat.id, seq=1, client_id="c1", author_kind="visitor",
                               body=body))
    db.session.commit()
    return chat


@pytest.fixture
def ana(client, site):
    """Return (token, session) of Ana, identified, with a ticket, a rated chat and pages."""
    token = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                       account_id="acc-1", account_name="Pérez y Asociados",
                       account_type="accountant")
    visitor = session_of(token)
    assert post_ticket(client, site, token, subject="No puedo emitir").status_code == 201
    make_chat(site, visitor, "¿Dónde está el certificado?", rating=4, rating_comment="Rápido")
    visit(client, site, token, "/invoices/new?draft=1")
    visit(client, site, token, "/reports")
    return token, visitor


def test_an_identified_users_tickets_chats_pages_and_ratings(client, site, ana, advisor_token):
    _, visitor = ana
    response = client.get(f"{BASE}/user/{visitor.user_id}", headers=bearer(advisor_token))
    assert response.status_code == 200
    data = response.get_json()
    assert data["user"]["name"] == "Ana Pérez" and data["user"]["external_id"] == "ana"
    assert (data["account_id"], data["account_name"], data["account_type"]) == (
        "acc-1", "Pérez y Asociados", "accountant")
    assert [t["title"] for t in data["tickets"]] == ["No puedo emitir"]
    assert [c["title"] for c in data["chats"]] == ["¿Dónde está el certificado?"]
    # Only the path: the query string is not kept.
    assert [p["route"] for p in data["pages"]] == ["/reports", "/invoices/new"]
    assert [(r["kind"], r["rating"], r["rating_comment"]) for r in data["ratings"]] == [
        ("chat", 4, "Rápido")]


def test_a_users_history_spans_their_sessions(client, site, ana, advisor_token):
    _, first = ana
    token = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com")
    visit(client, site, token, "/settings")
    data = client.get(f"{BASE}/user/{first.user_id}", headers=bearer(advisor_token)).get_json()
    assert [p["route"] for p in data["pages"]][0] == "/settings"
    assert len(data["pages"]) == 3


def test_an_anonymous_visitors_session(client, site, advisor_token):
    token = anonymous(client, site)
    visitor = session_of(token)
    make_chat(site, visitor, "Hola, ¿precios?", visitor_name="Luis")
    visit(client, site, token, "/pricing")
    data = client.get(f"{BASE}/visitor/{visitor.id}", headers=bearer(advisor_token)).get_json()
    assert data["kind"] == "visitor" and data["user"] is None
    assert data["visitor"]["id"] == visitor.id
    assert [c["requester"]["name"] for c in data["chats"]] == ["Luis"]
    assert [p["route"] for p in data["pages"]] == ["/pricing"]


def test_the_accounts_shared_tickets(client, site, ana, advisor_token):
    token, visitor = ana
    response = post_ticket(client, site, token, subject="Compartida", shared=True)
    assert response.status_code == 201, response.get_json()
    data = client.get(f"{BASE}/account", query_string={"site": site.key, "account": "acc-1"},
                      headers=bearer(advisor_token)).get_json()
    assert [t["title"] for t in data["tickets"]] == ["Compartida"]
    assert data["account_name"] == "Pérez y Asociados"
    assert [u["name"] for u in data["users"]] == ["Ana Pérez"]


def test_another_sites_customers_are_not_found(client, site, other_site, ana, advisor_token):
    token = identified(client, other_site, sub="zed", name="Zed")
    zed = session_of(token)
    for url in (f"{BASE}/user/{zed.user_id}", f"{BASE}/visitor/{zed.id}",
                f"{BASE}/user/999999", f"{BASE}/visitor/999999"):
        assert client.get(url, headers=bearer(advisor_token)).status_code == 404
    foreign = client.get(f"{BASE}/account", query_string={"site": other_site.key, "account": "a"},
                         headers=bearer(advisor_token))
    assert foreign.status_code == 404


@pytest.mark.parametrize("params, field", [
    ({"site": "acme"}, "account"), ({"account": "acc-1"}, "site"),
    ({"site": "acme", "account": "x" * 201}, "account"),
    ({"site": "acme", "account": "acc-1", "sort": "x"}, "sort"),
])
def test_bad_account_queries_are_refused_per_field(client, site, advisor_token, params, field):
    response = client.get(f"{BASE}/account", query_string=params, headers=bearer(advisor_token))
    assert response.status_code == 400 and field in response.get_json()["fields"]


def test_pages_are_kept_per_route_and_pruned(client, site, app):
    anonymous(client, site)
    visitor = session_of(None)
    start = utcnow() - timedelta(hours=1)
    for n in range(visitor_pages.KEEP + 5):
        visitor_pages.record(visitor, f"/page/{n}", now=start + timedelta(seconds=n))
    visitor_pages.record(visitor, "/page/10", now=start + timedelta(minutes=10))
    rows = db.session.execute(db.select(VisitorPage).filter_by(visitor_id=visitor.id)
                              ).scalars().all()
    assert len(rows) == visitor_pages.KEEP
    routes = {row.route for row in rows}
    assert "/page/0" not in routes and "/page/54" in routes
    assert visitor_pages.recent([visitor.id])[0]["route"] == "/page/10"


def test_an_anonymous_reader_without_session_records_nothing(client, site):
    response = client.get("/api/v1/context", query_string={"site": site.key, "route": "/x"})
    assert response.status_code == 200
    assert db.session.execute(db.select(db.func.count(VisitorPage.id))).scalar() == 0
    assert db.session.execute(db.select(db.func.count(EndUser.id))).scalar() == 0
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar() == 0

"""Conversations: tickets and chats of the advisor's sites, searched, filtered, a page at a time."""
from datetime import timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Label, Ticket, TicketComment
from helpwidget.services.timeutil import utcnow
from tests.support.chats import latest_visitor, make_chat
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.fixtures_tickets import anonymous, identified

URL = "/api/v1/advisor/conversations"


def make_ticket(site, number, subject, *, days_ago=0, **fields):
    """Insert a ticket created `days_ago` days ago."""
    when = utcnow() - timedelta(days=days_ago)
    values = {"category": "technical_issue", "status": "open", "description": "Nada funciona.",
              "requester_name": "Ana Pérez", "requester_email": "ana@example.com",
              "due_at": when + timedelta(hours=8), "created_at": when, "updated_at": when}
    values.update(fields)
    ticket = Ticket(site_id=site.id, number=number, subject=subject, **values)
    db.session.add(ticket)
    db.session.commit()
    return ticket


@pytest.fixture
def history(client, site, other_site, advisor):
    """Return {name: item} of tickets and chats over two sites, some closed, one labelled."""
    identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
               account_id="acc-1", account_name="Pérez y Asociados")
    ana = latest_visitor()
    anonymous(client, site)
    stranger = latest_visitor()
    identified(client, other_site, sub="zed", name="Zed Globex", email="zed@globex.example.com")
    zed = latest_visitor()
    found = {
        "old_chat": make_chat(site, ana, [("visitor", "El certificado caducó ayer"),
                                          ("advisor", "Renuévelo en Ajustes")],
                              days_ago=20, advisor_id=advisor.id, rating=5),
        "anon_chat": make_chat(site, stranger, [("visitor", "Precio del plan 100% anual?")],
                               days_ago=2, visitor_name="Luis", visitor_email="luis@example.com"),
        "live_chat": make_chat(site, ana, [("visitor", "Hola")], status="active",
                               advisor_id=advisor.id),
        "ticket": make_ticket(site, 200001, "Error al emitir", days_ago=5,
                              requester_user_id=ana.user_id, account_id="acc-1"),
        "closed_ticket": make_ticket(site, 200002, "Factura duplicada", status="closed",
                                     days_ago=30, requester_name="Jan Kowalski",
                                     requester_email="jan@example.com", category="requests"),
        "foreign_chat": make_chat(other_site, zed, [("visitor", "El certificado de Globex")]),
        "foreign_ticket": make_ticket(other_site, 200003, "Globex certificado", days_ago=1),
    }
    db.session.add(TicketComment(ticket_id=found["closed_ticket"].id, author_kind="advisor",
                                 body="Anulamos la factura repetida."))
    label = Label(site_id=site.id, name="billing")
    db.session.add(label)
    found["ticket"].labels.append(label)
    found["anon_chat"].labels.append(label)
    db.session.commit()
    found["label"] = label
    return found


def listed(client, token, **params):
    response = client.get(URL, query_string=params, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def keys(data):
    return [(row["kind"], row["id"]) for row in data["conversations"]]


def test_text_finds_a_closed_chat_by_a_word_in_a_message(client, history, advisor_token):
    data = listed(client, advisor_token, q="renuévelo")
    assert keys(data) == [("chat", history["old_chat"].id)]
    row = data["conversations"][0]
    assert row["status"] == "closed" and row["title"] == "El certificado caducó ayer"
    assert row["requester"]["name"] == "Ana Pérez" and row["requester"]["user_id"]
    assert row["advisor"]["name"] == "Marta Gómez" and row["rating"] == 5


def test_everything_newest_first_tickets_and_chats_mixed(client, history, advisor_token):
    data = listed(client, advisor_token)
    assert data["total"] == 5
    assert keys(data) == [("chat", history["live_chat"].id), ("chat", history["anon_chat"].id),
                          ("ticket", history["ticket"].id), ("chat", history["old_chat"].id),
                          ("ticket", history["closed_ticket"].id)]


def test_text_matches_ticket_comments_and_descriptions(client, history, advisor_token):
    assert keys(listed(client, advisor_token, q="repetida")) == [
        ("ticket", history["closed_ticket"].id)]
    assert keys(listed(client, advisor_token, q="#200001")) == [("ticket", history["ticket"].id)]


def test_another_sites_data_is_never_listed(client, history, advisor_token, other_site):
    assert keys(listed(client, advisor_token, q="certificado")) == [
        ("chat", history["old_chat"].id)]
    response = client.get(URL, query_string={"site": other_site.key},
                          headers=bearer(advisor_token))
    assert response.status_code == 404


def test_the_owner_sees_every_site(client, history, site):
    owner = make_advisor("owner@support.example.com", "Owner")
    owner.is_owner = True
    db.session.commit()
    token = advisor_login(client, owner.email)
    assert listed(client, token, q="certificado")["total"] == 3


def test_like_wildcards_are_taken_literally(client, history, advisor_token):
    assert keys(listed(client, advisor_token, q="100%")) == [("chat", history["anon_chat"].id)]
    assert listed(client, advisor_token, q="%")["total"] == 1
    assert listed(client, advisor_token, q="_")["total"] == 0


def test_filters(client, history, advisor_token, advisor):
    ids = lambda **p: set(keys(listed(client, advisor_token, **p)))  # noqa: E731
    assert ids(kind="ticket") == {("ticket", history["ticket"].id),
                                  ("ticket", history["closed_ticket"].id)}
    assert ids(status="closed") == {("chat", history["old_chat"].id),
                                    ("chat", history["anon_chat"].id),
                                    ("ticket", history["closed_ticket"].id)}
    assert ids(status="active") == {("chat", history["live_chat"].id)}
    assert ids(requester="luis@") == {("chat", history["anon_chat"].id)}
    assert ids(requester="ana", kind="ticket") == {("ticket", history["ticket"].id)}
    assert ids(account="acc-1") == {("ticket", history["ticket"].id),
                                    ("chat", history["old_chat"].id),
                                    ("chat", history["live_chat"].id)}
    assert ids(account="Asociados", kind="chat") == {("chat", history["old_chat"].id),
                                                     ("chat", history["live_chat"].id)}
    assert ids(advisor="me") == {("chat", history["old_chat"].id),
                                 ("chat", history["live_chat"].id)}
    assert ids(advisor="none", kind="ticket") == {("ticket", history["ticket"].id),
                                                  ("ticket", history["closed_ticket"].id)}
    assert ids(category="requests") == {("ticket", history["closed_ticket"].id)}
    assert ids(label="billing") == {("ticket", history["ticket"].id),
                                    ("chat", history["anon_chat"].id)}
    assert ids(label=str(history["label"].id)) == ids(label="BILLING")
    today = utcnow().date()
    assert ids(since=str(today - timedelta(days=6)), until=str(today - timedelta(days=1))) == {
        ("chat", history["anon_chat"].id), ("ticket", history["ticket"].id)}


def test_labels_show_on_rows(client, history, advisor_token):
    row = listed(client, advisor_token, kind="ticket", label="billing")["conversations"][0]
    assert row["labels"] == [{"id": history["label"].id, "name": "billing"}]


def test_pages(client, history, advisor_token):
    first = listed(client, advisor_token, per_page=2)
    second = listed(client, advisor_token, per_page=2, page=2)
    assert first["total"] == 5 and len(first["conversations"]) == 2
    assert not set(keys(first)) & set(keys(second))


@pytest.mark.parametrize("params, field", [
    ({"per_page": "500"}, "per_page"), ({"page": "0"}, "page"), ({"kind": "email"}, "kind"),
    ({"status": "lost"}, "status"), ({"since": "yesterday"}, "since"),
    ({"since": "2026-05-02", "until": "2026-05-01"}, "until"), ({"advisor": "x"}, "advisor"),
    ({"q": "x" * 201}, "q"), ({"label": "x" * 41}, "label"), ({"color": "red"}, "color"),
])
def test_bad_filters_are_refused_per_field(client, advisor_token, params, field):
    response = client.get(URL, query_string=params, headers=bearer(advisor_token))
    # The API's answer to input its schemas refuse: 400 with a message per field.
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


def test_needs_an_advisor(client):
    assert client.get(URL).status_code == 401


def test_transcript_of_a_closed_chat(client, history, advisor_token, advisor):
    chat = history["old_chat"]
    response = client.get(f"/api/v1/advisor/chats/{chat.id}/transcript",
                          headers=bearer(advisor_token))
    assert response.status_code == 200
    data = response.get_json()
    assert [m["body"] for m in data["messages"]] == ["El certificado caducó ayer",
                                                     "Renuévelo en Ajustes"]
    assert data["messages"][1]["author"] == {"kind": "advisor", "name": "Marta Gómez"}
    assert data["answered_by"] == [{"id": advisor.id, "name": "Marta Gómez"}]
    assert data["chat"]["status"] == "closed" and data["chat"]["rating"] == 5
    assert data["ticket"] is None


def test_transcript_names_the_ticket_a_chat_became(client, history, advisor_token):
    chat = history["anon_chat"]
    chat.ticket_id = history["ticket"].id
    db.session.commit()
    data = client.get(f"/api/v1/advisor/chats/{chat.id}/transcript",
                      headers=bearer(advisor_token)).get_json()
    assert data["ticket"]["number"] == 200001
    assert data["labels"] == [{"id": history["label"].id, "name": "billing"}]


def test_another_sites_transcript_is_not_found(client, history, advisor_token):
    response = client.get(f"/api/v1/advisor/chats/{history['foreign_chat'].id}/transcript",
                          headers=bearer(advisor_token))
    assert response.status_code == 404
    missing = client.get("/api/v1/advisor/chats/999999/transcript", headers=bearer(advisor_token))
    assert missing.status_code == 404 and missing.get_json() == response.get_json()

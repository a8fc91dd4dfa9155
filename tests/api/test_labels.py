"""Labels on tickets and chats: made on first use, normalised, capped, counted, filtered by."""
from datetime import timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Chat, Label, Ticket, Visitor
from helpwidget.services import labels
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import advisor_login, bearer
from tests.support.fixtures_tickets import anonymous

NOT_FOUND_TICKET = {"error": "We could not find this request."}


def make_ticket(site, number, subject, **fields):
    """Insert an open ticket directly."""
    now = utcnow()
    values = {"category": "technical_issue", "status": "open", "description": "Nada funciona.",
              "requester_name": "Ana Pérez", "requester_email": "ana@example.com",
              "due_at": now + timedelta(hours=8), "created_at": now - timedelta(hours=1),
              "updated_at": now - timedelta(hours=1)}
    values.update(fields)
    ticket = Ticket(site_id=site.id, number=number, subject=subject, **values)
    db.session.add(ticket)
    db.session.commit()
    return ticket


def make_chat(client, site, status="closed"):
    """Insert a chat of a new anonymous widget session."""
    anonymous(client, site)
    visitor = db.session.execute(db.select(Visitor).order_by(Visitor.id.desc())).scalars().first()
    chat = Chat(site_id=site.id, visitor_id=visitor.id, status=status, last_seq=0,
                closed_at=utcnow() if status == "closed" else None)
    db.session.add(chat)
    db.session.commit()
    return chat


@pytest.fixture
def desk(client, site, other_site):
    """Return {name: row} of two tickets and a chat of `site`, and a ticket and chat of Globex."""
    return {"first": make_ticket(site, 300001, "Error al emitir"),
            "second": make_ticket(site, 300002, "Factura duplicada"),
            "chat": make_chat(client, site),
            "foreign": make_ticket(other_site, 300003, "Globex outage"),
            "foreign_chat": make_chat(client, other_site)}


def put_ticket(client, token, ticket_id, names, **headers):
    return client.put(f"/api/v1/advisor/tickets/{ticket_id}/labels", json={"labels": names},
                      headers={**bearer(token), **headers})


def put_chat(client, token, chat_id, names):
    return client.put(f"/api/v1/advisor/chats/{chat_id}/labels", json={"labels": names},
                      headers=bearer(token))


def site_labels(client, token, site_key):
    response = client.get(f"/api/v1/advisor/sites/{site_key}/labels", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["labels"]


def stored_labels(site):
    """Return the names of the site's labels as stored."""
    db.session.expire_all()
    return [label.name for label in labels.of_site(site)]


def label_id(name, site):
    return db.session.execute(db.select(Label.id).filter_by(site_id=site.id, name=name)).scalar()


def ticket_names(ticket_id):
    db.session.expire_all()
    return [label.name for label in db.session.get(Ticket, ticket_id).labels]


def test_a_label_is_made_the_first_time_a_ticket_gets_it(client, site, desk, advisor_token):
    ticket_id = desk["first"].id
    response = put_ticket(client, advisor_token, ticket_id, ["Billing", "Bug"])
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["labels"] == ["billing", "bug"]
    assert response.get_json()["number"] == 300001  # the whole ticket, as the detail shows it
    assert stored_labels(site) == ["billing", "bug"]
    # The detail and the inbox line show them too.
    detail = client.get(f"/api/v1/advisor/tickets/{ticket_id}", headers=bearer(advisor_token))
    assert detail.get_json()["labels"] == ["billing", "bug"]
    inbox = client.get("/api/v1/advisor/tickets", headers=bearer(advisor_token)).get_json()
    assert {t["number"]: t["labels"] for t in inbox["tickets"]} == {
        300001: ["billing", "bug"], 300002: []}


def test_the_set_is_replaced_and_an_emptied_label_stays_for_pickers(client, site, desk,
                                                                    advisor_token):
    ticket_id = desk["first"].id
    put_ticket(client, advisor_token, ticket_id, ["billing", "bug"])
    response = put_ticket(client, advisor_token, ticket_id, ["bug", "vip"])
    assert response.get_json()["labels"] == ["bug", "vip"]
    assert ticket_names(ticket_id) == ["bug", "vip"]
    assert put_ticket(client, advisor_token, ticket_id, []).get_json()["labels"] == []
    assert [(x["name"], x["tickets"]) for x in site_labels(client, advisor_token, site.key)] == [
        ("billing", 0), ("bug", 0), ("vip", 0)]


def test_names_are_normalised_so_one_label_serves_every_spelling(client, site, desk,
                                                                 advisor_token):
    put_ticket(client, advisor_token, desk["first"].id, ["Billing "])
    response = put_ticket(client, advisor_token, desk["second"].id,
                          ["billing", "  BILLING", "Late\tpayment", "late   PAYMENT",
                           "E\u0301xito"])
    assert response.status_code == 200, response.get_json()
    # Duplicates after normalising count once; é typed as e + accent is the same é.
    assert response.get_json()["labels"] == ["billing", "late payment", "éxito"]
    assert stored_labels(site) == ["billing", "late payment", "éxito"]
    counts = {x["name"]: x["tickets"] for x in site_labels(client, advisor_token, site.key)}
    assert counts == {"billing": 2, "late payment": 1, "éxito": 1}
    # The filters normalise what is typed the same way.
    for url, key in (("/api/v1/advisor/tickets", "tickets"),
                     ("/api/v1/advisor/conversations", "conversations")):
        found = client.get(url, query_string={"label": "Late  PAYMENT"},
                           headers=bearer(advisor_token)).get_json()[key]
        assert [row["id"] for row in found] == [desk["second"].id], url


def test_a_label_too_long_is_refused_with_its_message(client, site, desk, advisor_token):
    ticket_id = desk["first"].id
    put_ticket(client, advisor_token, ticket_id, ["billing"])
    response = put_ticket(client, advisor_token, ticket_id, ["billing", "x" * 41])
    assert response.status_code == 422
    assert response.get_json()["fields"] == {
        "labels": ["Use at most 40 characters for a label."]}
    # Nothing changed, and the long name was not made a label.
    assert ticket_names(ticket_id) == ["billing"]
    assert stored_labels(site) == ["billing"]
    # Forty characters, inner spaces collapsed first, are fine.
    ok = put_ticket(client, advisor_token, ticket_id, ["y" * 20 + "    " + "z" * 19])
    assert ok.status_code == 200 and ok.get_json()["labels"] == ["y" * 20 + " " + "z" * 19]


def test_too_many_labels_are_refused_counted_after_duplicates(client, site, desk, advisor_token):
    ticket_id = desk["first"].id
    response = put_ticket(client, advisor_token, ticket_id, [f"tag {n}" for n in range(21)])
    assert response.status_code == 422
    assert response.get_json()["fields"] == {
        "labels": ["Use at most 20 labels on one conversation."]}
    assert stored_labels(site) == [] and ticket_names(ticket_id) == []
    twenty = [f"tag {n}" for n in range(20)] + ["TAG 0", "Tag 1"]
    assert put_ticket(client, advisor_token, ticket_id, twenty).status_code == 200
    assert len(ticket_names(ticket_id)) == 20


# A body of the wrong shape is a 400, like every schema's refusal; names breaking a rule, 422.
@pytest.mark.parametrize(("body", "status", "fields"), [
    ({"labels": ["billing", "   "]}, 422, {"labels": ["A label needs a name."]}),
    ({"labels": ["\u200b\u0007"]}, 422, {"labels": ["A label needs a name."]}),
    ({}, 400, {"labels": ["This field is required."]}),
    ({"labels": "billing"}, 400, {"labels": ["Send a list."]}),
    ({"labels": [7]}, 400, {"labels": {"0": ["Enter text."]}}),
    ({"labels": ["billing"] * 101}, 400, {"labels": ["Send at most 100 labels."]}),
    ({"labels": ["billing"], "color": "red"}, 400, {"color": ["Unknown field."]}),
])
def test_bad_input_is_refused_per_field_and_changes_nothing(client, site, desk, advisor_token,
                                                            body, status, fields):
    response = client.put(f"/api/v1/advisor/tickets/{desk['first'].id}/labels", json=body,
                          headers=bearer(advisor_token))
    assert response.status_code == status
    assert response.get_json()["fields"] == fields
    assert stored_labels(site) == []


def test_refusals_speak_the_advisors_language(client, desk, advisor_token):
    response = client.put(f"/api/v1/advisor/tickets/{desk['first'].id}/labels",
                          json={"labels": "billing"},
                          headers={**bearer(advisor_token), "X-HelpWidget-Locale": "es"})
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"labels": ["Envía una lista."]}


def test_another_sites_ticket_chat_and_labels_are_not_found(client, site, other_site, desk,
                                                            advisor_token):
    response = put_ticket(client, advisor_token, desk["foreign"].id, ["billing"])
    assert response.status_code == 404 and response.get_json() == NOT_FOUND_TICKET
    # Even a body that would be refused: who may comes before what is sent.
    assert put_ticket(client, advisor_token, desk["foreign"].id, "nope").status_code == 404
    assert put_ticket(client, advisor_token, 999999, ["billing"]).status_code == 404
    chat = put_chat(client, advisor_token, desk["foreign_chat"].id, ["billing"])
    assert chat.status_code == 404
    assert chat.get_json()["error"] == "We could not find this chat."
    assert client.get(f"/api/v1/advisor/sites/{other_site.key}/labels",
                      headers=bearer(advisor_token)).status_code == 404
    assert stored_labels(other_site) == [] and stored_labels(site) == []


def test_a_plain_advisor_of_the_site_may_label(client, site, desk, outsider):
    # Olga is on Globex only: Globex's own ticket is hers to label.
    token = advisor_login(client, outsider.email)
    assert put_ticket(client, token, desk["foreign"].id, ["outage"]).status_code == 200
    assert put_ticket(client, token, desk["first"].id, ["outage"]).status_code == 404


def test_labels_are_per_site(client, site, other_site, desk, advisor_token, outsider):
    put_ticket(client, advisor_token, desk["first"].id, ["billing"])
    olga = advisor_login(client, outsider.email)
    put_ticket(client, olga, desk["foreign"].id, ["billing"])
    assert stored_labels(site) == ["billing"] and stored_labels(other_site) == ["billing"]
    mine = db.session.execute(db.select(Label.site_id).where(Label.name == "billing")).scalars()
    assert sorted(mine) == sorted([site.id, other_site.id])
    assert [x["tickets"] for x in site_labels(client, olga, other_site.key)] == [1]


def test_the_inbox_filters_by_label_as_typed(client, site, desk, advisor_token):
    put_ticket(client, advisor_token, desk["first"].id, ["billing", "vip"])
    put_ticket(client, advisor_token, desk["second"].id, ["vip"])

    def numbers(**params):
        response = client.get("/api/v1/advisor/tickets", query_string=params,
                              headers=bearer(advisor_token))
        assert response.status_code == 200, response.get_json()
        return sorted(t["number"] for t in response.get_json()["tickets"])
    assert numbers(label="Billing ") == [300001]
    assert numbers(label="VIP") == [300001, 300002]
    assert numbers(label="vip", q="factura") == [300002]
    assert numbers(label="nothing like it") == []
    assert numbers() == [300001, 300002]
    too_long = client.get("/api/v1/advisor/tickets", query_string={"label": "x" * 41},
                          headers=bearer(advisor_token))
    assert too_long.status_code == 400
    assert too_long.get_json()["fields"] == {"label": ["Use at most 40 characters."]}


def test_the_inbox_filter_never_reaches_another_sites_tickets(client, desk, advisor_token,
                                                              outsider):
    put_ticket(client, advisor_login(client, outsider.email), desk["foreign"].id, ["billing"])
    found = client.get("/api/v1/advisor/tickets", query_string={"label": "billing"},
                       headers=bearer(advisor_token)).get_json()
    assert found["total"] == 0 and found["tickets"] == []


def test_chat_labels_are_set_shown_and_counted(client, site, desk, advisor_token):
    chat_id = desk["chat"].id
    response = put_chat(client, advisor_token, chat_id, ["Billing", "Callback"])
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["id"] == chat_id and body["labels"] == ["billing", "callback"]
    put_ticket(client, advisor_token, desk["first"].id, ["billing"])
    assert site_labels(client, advisor_token, site.key) == [
        {"id": label_id("billing", site), "name": "billing", "tickets": 1, "chats": 1},
        {"id": label_id("callback", site), "name": "callback", "tickets": 0, "chats": 1}]
    # The chat's transcript and Conversations find it by the label.
    transcript = client.get(f"/api/v1/advisor/chats/{chat_id}/transcript",
                            headers=bearer(advisor_token)).get_json()
    assert transcript["chat"]["labels"] == ["billing", "callback"]
    rows = client.get("/api/v1/advisor/conversations", query_string={"label": "callback"},
                      headers=bearer(advisor_token)).get_json()["conversations"]
    assert [(r["kind"], r["id"]) for r in rows] == [("chat", chat_id)]
    refused = put_chat(client, advisor_token, chat_id, ["z" * 41])
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {"labels": ["Use at most 40 characters for a label."]}


def test_the_same_set_again_changes_nothing(client, desk, advisor_token):
    ticket_id = desk["first"].id
    put_ticket(client, advisor_token, ticket_id, ["billing", "vip"])
    db.session.expire_all()
    before = db.session.get(Ticket, ticket_id).updated_at
    again = put_ticket(client, advisor_token, ticket_id, ["VIP", "Billing"])
    assert again.status_code == 200 and again.get_json()["labels"] == ["billing", "vip"]
    db.session.expire_all()
    assert db.session.get(Ticket, ticket_id).updated_at == before


def test_a_label_made_meanwhile_by_another_request_is_used(app, site):
    # The insert loses the race on the unique (site, name): the other request's label is used,
    # and the session goes on working.
    taken = Label(site_id=site.id, name="billing")
    db.session.add(taken)
    db.session.commit()
    assert labels._create(site, "billing").id == taken.id
    db.session.commit()
    assert stored_labels(site) == ["billing"]

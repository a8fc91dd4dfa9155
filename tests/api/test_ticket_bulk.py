"""One change to many tickets: status, priority, assignee or a label; refusals listed."""
from datetime import timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Ticket
from helpwidget.services.timeutil import aware, utcnow
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor

EN = {"X-HelpWidget-Locale": "en"}


def make_ticket(site, number, **fields):
    """Insert a ticket directly."""
    now = utcnow()
    values = {"category": "technical_issue", "priority": "normal", "status": "open",
              "description": "Al emitir aparece un error.", "requester_name": "Ana Pérez",
              "requester_email": "ana@example.com", "locale": "es", "subject": f"Caso {number}",
              "due_at": now + timedelta(hours=8), "created_at": now - timedelta(hours=1),
              "updated_at": now - timedelta(hours=1)}
    values.update(fields)
    ticket = Ticket(site_id=site.id, number=number, **values)
    db.session.add(ticket)
    db.session.commit()
    return ticket


def bulk(client, token, body):
    """Send a bulk change and return the response."""
    return client.post("/api/v1/advisor/tickets/bulk", json=body, headers={**bearer(token), **EN})


def stored(*tickets):
    """Return the tickets as the database holds them now."""
    ids = [t.id for t in tickets]
    db.session.expire_all()
    return [db.session.get(Ticket, i) for i in ids]


@pytest.fixture
def three(site):
    """Three open tickets of `site` and a closed one."""
    return [make_ticket(site, 700001), make_ticket(site, 700002, status="pending"),
            make_ticket(site, 700003, priority="low"), make_ticket(site, 700004, status="closed")]


def test_status_changes_on_each_and_the_closed_one_says_why(client, three, advisor_token):
    response = bulk(client, advisor_token, {"ids": [t.id for t in three], "status": "resolved"})
    assert response.status_code == 200, response.get_json()
    ids = [t.id for t in three]
    assert response.get_json() == {"changed": ids[:3], "refused": [{
        "id": ids[3], "number": 700004,
        "message": "A closed request cannot be reopened; the requester can open a new one."}]}
    assert [t.status for t in stored(*three)] == ["resolved", "resolved", "resolved", "closed"]


def test_priority_moves_each_deadline(client, three, advisor_token):
    before = [aware(t.due_at) for t in three[:2]]
    response = bulk(client, advisor_token, {"ids": [t.id for t in three[:2]],
                                            "priority": "urgent"})
    assert response.status_code == 200 and response.get_json()["refused"] == []
    after = stored(*three[:2])
    assert [t.priority for t in after] == ["urgent", "urgent"]
    assert all(aware(t.due_at) < b for t, b in zip(after, before, strict=True))


def test_assign_and_unassign_per_site_team(client, site, other_site, three, advisor,
                                           admin_advisor):
    both = make_advisor("both@support.example.com", "Bo", (site, "advisor"),
                        (other_site, "advisor"))
    token = advisor_login(client, both.email)
    foreign = make_ticket(other_site, 700010)
    # Piotr is on Acme's team only: Globex's ticket refuses him, the others take him.
    ids = [three[0].id, foreign.id, three[1].id]
    response = bulk(client, token, {"ids": ids, "assignee_id": admin_advisor.id})
    assert response.get_json() == {"changed": [ids[0], ids[2]], "refused": [{
        "id": foreign.id, "number": 700010,
        "message": "This advisor is not on this site's team."}]}
    assert [t.assignee_id for t in stored(three[0], foreign, three[1])] == [
        admin_advisor.id, None, admin_advisor.id]
    response = bulk(client, token, {"ids": ids, "assignee_id": None})
    assert response.get_json() == {"changed": ids, "refused": []}
    assert [t.assignee_id for t in stored(three[0], foreign, three[1])] == [None, None, None]


def test_a_label_is_added_beside_those_there(client, site, three, advisor_token):
    client.post("/api/v1/advisor/tickets/bulk", json={"ids": [three[0].id], "label": "bug"},
                headers=bearer(advisor_token))
    response = bulk(client, advisor_token, {"ids": [t.id for t in three[:2]],
                                            "label": "  Billing "})
    assert response.get_json() == {"changed": [three[0].id, three[1].id], "refused": []}
    first, second = stored(*three[:2])
    assert [label.name for label in first.labels] == ["billing", "bug"]
    assert [label.name for label in second.labels] == ["billing"]


def test_another_sites_ticket_refuses_the_whole_batch(client, other_site, three, advisor_token):
    foreign = make_ticket(other_site, 700020)
    for ids in ([three[0].id, foreign.id], [three[0].id, 999999]):
        response = bulk(client, advisor_token, {"ids": ids, "priority": "high"})
        assert response.status_code == 404
        assert response.get_json() == {"error": "We could not find one of these requests."}
    assert [t.priority for t in stored(three[0], foreign)] == ["normal", "normal"]


def test_an_id_sent_twice_is_changed_once(client, three, advisor_token):
    response = bulk(client, advisor_token, {"ids": [three[0].id, three[0].id],
                                            "status": "pending"})
    assert response.get_json() == {"changed": [three[0].id], "refused": []}


@pytest.mark.parametrize("body, field, message", [
    ({"ids": [], "status": "open"}, "ids", "Choose from 1 to 100 requests."),
    ({"ids": list(range(1, 102)), "status": "open"}, "ids", "Choose from 1 to 100 requests."),
    ({"status": "open"}, "ids", "This field is required."),
    ({"ids": ["7"], "status": "open"}, "ids", None),
    ({"ids": [1], "status": "done"}, "status", None),
    ({"ids": [1], "priority": "critical"}, "priority", None),
    ({"ids": [1], "assignee_id": "3"}, "assignee_id", "Enter a whole number."),
    ({"ids": [1], "label": ""}, "label", None),
    ({"ids": [1], "label": "x" * 41}, "label", None),
    ({"ids": [1]}, "_schema", "Send a status, a priority, an assignee or a label."),
    ({"ids": [1], "status": "open", "tags": ["x"]}, "tags", "Unknown field."),
])
def test_bad_input_is_refused_with_a_message_per_field(client, three, advisor_token, body,
                                                       field, message):
    response = bulk(client, advisor_token, body)
    assert response.status_code == 400
    fields = response.get_json()["fields"]
    assert list(fields) == [field]
    if message is not None:
        assert fields[field] == [message]
    assert [t.status for t in stored(*three)] == ["open", "pending", "open", "closed"]


def test_one_change_at_a_time(client, three, advisor_token):
    response = bulk(client, advisor_token, {"ids": [three[0].id], "status": "pending",
                                            "priority": "high"})
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"status": ["Send one change at a time."],
                                             "priority": ["Send one change at a time."]}
    assert stored(three[0])[0].status == "open"


def test_messages_come_in_the_advisors_language(client, three, advisor_token):
    response = client.post("/api/v1/advisor/tickets/bulk", json={"ids": [], "status": "open"},
                           headers={**bearer(advisor_token), "X-HelpWidget-Locale": "es"})
    assert response.status_code == 400
    assert response.get_json()["error"] != "Some fields need your attention."

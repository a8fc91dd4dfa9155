"""End users open requests and follow them: numbers, SLA, thread, statuses, rating, escalation."""
import re
from datetime import timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Advisor, SiteMembership, Ticket, TicketComment
from helpwidget.services import sites, tickets
from helpwidget.services.timeutil import aware, utcnow
from tests.support.fixtures_tickets import anonymous, auth, identified, post_ticket, ticket_form
from tests.support.identities import open_session, sign_identity


def make_advisor(site, name="Marta Advisor", email="marta@support.test"):
    """Create an advisor on the site's team directly (accounts have their own tests)."""
    advisor = Advisor(email=email, name=name, password_hash="-")
    advisor.memberships.append(SiteMembership(site_id=site.id, role="advisor"))
    db.session.add(advisor)
    db.session.commit()
    return advisor


def ticket_of(site, number):
    """Return the stored ticket with this number."""
    db.session.expire_all()
    return db.session.execute(db.select(Ticket).filter_by(site_id=site.id, number=number)
                              ).scalar_one()


def test_request_types_are_the_five_cards_of_the_ticket_guide(client, site):
    body = client.get("/api/v1/ticket-categories?site=acme&locale=es").get_json()
    cards = {c["key"]: c for c in body["categories"]}
    assert [c["title"] for c in body["categories"]] == [
        "Solicitudes", "Inconveniente técnico", "Consultas", "Plataforma inaccesible", "LinkedIn"]
    assert [s["title"] for s in cards["questions"]["subcategories"]] == [
        "Acciones Masivas", "Autenticación", "Configuraciones", "Integraciones",
        "Notificaciones", "Otros", "Plugins", "Registros", "Reportes", "Roles"]
    assert all(any(s["key"] == "other" for s in c["subcategories"]) for c in cards.values())
    assert cards["platform_down"]["emergency"] and cards["platform_down"]["priority"] == "urgent"
    polish = client.get("/api/v1/ticket-categories?site=acme&locale=pl").get_json()
    assert polish["categories"][1]["title"] == "Problem techniczny"
    assert polish["categories"][0]["subcategories"][-1]["title"] == "Inne"


def test_opening_a_request_confirms_number_and_first_response_time(client, site, ana):
    response = post_ticket(client, site, ana)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    ticket = body["ticket"]
    assert re.fullmatch(r"#\d{6}", ticket["reference"])
    assert ticket["status"] == "open" and ticket["priority"] == "high"
    assert ticket["category_title"] == "Inconveniente técnico › Mensaje error"
    assert ticket["created_by"] == "Ana Pérez"
    assert body["expected_response_hours"] == 4
    stored = ticket_of(site, ticket["number"])
    assert aware(stored.due_at) - aware(stored.created_at) == timedelta(hours=4)
    assert stored.cc == ["contabilidad@example.com"] and stored.requester_email == "ana@example.com"


def test_site_sla_sets_the_promised_response_time(client, site, ana):
    sites.save_site("acme", sla_hours={"normal": 2})
    body = post_ticket(client, site, ana, category="questions", subcategory="reports").get_json()
    assert body["expected_response_hours"] == 2


def test_numbers_are_unique_per_site(client, site, ana):
    numbers = {post_ticket(client, site, ana, subject=f"Caso {i}").get_json()["ticket"]["number"]
               for i in range(5)}
    assert len(numbers) == 5


@pytest.mark.parametrize("overrides, field", [
    ({"subject": ""}, "subject"),
    ({"subject": "x" * 141}, "subject"),
    ({"description": "   "}, "description"),
    ({"category": "nope"}, "category"),
    ({"subcategory": ""}, "subcategory"),
    ({"subcategory": "linkedin"}, "subcategory"),
    ({"cc": ["not-an-email"]}, "cc"),
    ({"cc": [f"p{i}@example.com" for i in range(11)]}, "cc"),
    ({"priority": "urgent"}, "priority"),
    ({"shared": "maybe"}, "shared"),
    ({"platform": "Windows 95"}, "platform"),
    ({"attachments": ["doesnotexist"]}, "attachments"),
])
def test_bad_input_names_the_field_in_the_users_language_and_stores_nothing(
        client, site, ana, overrides, field):
    response = client.post("/api/v1/tickets", json=ticket_form(site, **overrides),
                           headers={**auth(ana), "Accept-Language": "es"})
    assert response.status_code in (400, 422)
    body = response.get_json()
    assert field in body["fields"]
    assert body["error"] in ("Algunos campos necesitan tu atención.",) or body["error"]
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar() == 0


def test_error_messages_are_translated(client, site, ana):
    response = client.post("/api/v1/tickets", json=ticket_form(site, subject=""),
                           headers={**auth(ana), "Accept-Language": "pl"})
    assert response.get_json()["fields"]["subject"] == ["Wpisz od 1 do 140 znaków."]


def test_platform_comes_from_the_sites_list(client, site, ana):
    sites.save_site("acme", platforms=["Web", "Android"])
    missing = post_ticket(client, site, ana)
    assert missing.status_code == 422 and "platform" in missing.get_json()["fields"]
    assert post_ticket(client, site, ana, platform="Android").status_code == 201


def test_anonymous_visitor_must_leave_an_email(client, site):
    token = anonymous(client, site)
    refused = post_ticket(client, site, token)
    assert refused.status_code == 422 and "email" in refused.get_json()["fields"]
    ok = post_ticket(client, site, token, name="Luis", email="Luis@Example.com")
    assert ok.status_code == 201
    assert ticket_of(site, ok.get_json()["ticket"]["number"]).requester_email == "luis@example.com"


def test_opening_needs_a_session(client, site):
    response = client.post("/api/v1/tickets", json=ticket_form(site))
    assert response.status_code == 401


def test_emergency_card_makes_an_urgent_ticket_whatever_the_form_says(client, site, ana):
    body = post_ticket(client, site, ana, category="platform_down", subcategory="other",
                       priority="low").get_json()
    assert body["ticket"]["priority"] == "urgent" and body["expected_response_hours"] == 1


def test_my_requests_lists_open_and_closed_with_what_the_seeds_show(client, site, ana):
    first = post_ticket(client, site, ana, subject="Primera").get_json()["ticket"]["number"]
    second = post_ticket(client, site, ana, subject="Segunda").get_json()["ticket"]["number"]
    client.post(f"/api/v1/tickets/{first}/close", json={"site": "acme"}, headers=auth(ana))
    open_list = client.get("/api/v1/tickets?site=acme", headers=auth(ana)).get_json()
    closed = client.get("/api/v1/tickets?site=acme&state=closed", headers=auth(ana)).get_json()
    assert [t["number"] for t in open_list["tickets"]] == [second]
    assert [t["number"] for t in closed["tickets"]] == [first]
    row = open_list["tickets"][0]
    for key in ("reference", "subject", "category_title", "status_label", "created_at",
                "created_by", "updated_at"):
        assert row[key]
    assert closed["tickets"][0]["status_label"] == "Cerrado"


def test_identified_user_sees_requests_on_any_device(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    other_device = identified(client, site, sub="ana", name="Ana Pérez", account_id="acc-1")
    listed = client.get("/api/v1/tickets?site=acme", headers=auth(other_device)).get_json()
    assert [t["number"] for t in listed["tickets"]] == [number]


def test_anonymous_requests_move_to_the_user_who_identifies(client, site):
    token = anonymous(client, site)
    number = post_ticket(client, site, token, name="Luis", email="luis@example.com"
                         ).get_json()["ticket"]["number"]
    same = open_session(client, site, token=token, identity=sign_identity(
        site, sub="luis", name="Luis Gómez", email="luis@acme.example", account_id="acc-9"))
    laptop = identified(client, site, sub="luis", account_id="acc-9")
    listed = client.get("/api/v1/tickets?site=acme", headers=auth(laptop)).get_json()
    assert [t["number"] for t in listed["tickets"]] == [number]
    # The session is the same (its tickets came along) under a new token.
    assert same["visitor_token"] != token
    assert ticket_of(site, number).account_id == "acc-9"


def test_thread_holds_both_sides_but_never_internal_notes(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    advisor = make_advisor(site)
    ticket = ticket_of(site, number)
    tickets.advisor_comment(ticket, advisor, "Nota: revisar el servidor 3", internal=True)
    tickets.advisor_comment(ticket, advisor, "¿Desde qué navegador?", status="awaiting_reply")
    reply = client.post(f"/api/v1/tickets/{number}/comments",
                        json={"site": "acme", "body": "Chrome 130"}, headers=auth(ana))
    assert reply.status_code == 201
    assert reply.get_json()["ticket"]["status"] == "open"  # the reply moved it back
    detail = client.get(f"/api/v1/tickets/{number}?site=acme", headers=auth(ana)).get_json()
    bodies = [(c["author_kind"], c["body"]) for c in detail["ticket"]["comments"]]
    assert bodies == [("advisor", "¿Desde qué navegador?"), ("requester", "Chrome 130")]
    assert "servidor 3" not in str(detail)


def test_advisor_reply_marks_first_response_and_pending(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    advisor = make_advisor(site)
    tickets.advisor_comment(ticket_of(site, number), advisor, "Lo revisamos")
    ticket = ticket_of(site, number)
    assert ticket.status == "pending" and ticket.first_response_at is not None
    assert ticket.assignee_id == advisor.id and not tickets.is_breached(ticket)


def test_rating_once_after_resolution(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    url = f"/api/v1/tickets/{number}/rating"
    early = client.post(url, json={"site": "acme", "score": 5}, headers=auth(ana))
    assert early.status_code == 409
    tickets.change_status(ticket_of(site, number), "resolved")
    bad = client.post(url, json={"site": "acme", "score": 6}, headers=auth(ana))
    assert bad.status_code == 400 and "score" in bad.get_json()["fields"]
    rated = client.post(url, json={"site": "acme", "score": 4, "comment": "Rápido"},
                        headers=auth(ana))
    assert rated.status_code == 201
    assert rated.get_json()["ticket"]["rating"] == 4
    assert rated.get_json()["ticket"]["can_rate"] is False
    again = client.post(url, json={"site": "acme", "score": 1}, headers=auth(ana))
    assert again.status_code == 409 and ticket_of(site, number).rating == 4


def test_reply_to_resolved_reopens_and_closed_takes_no_replies(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    tickets.change_status(ticket_of(site, number), "resolved")
    url = f"/api/v1/tickets/{number}/comments"
    assert client.post(url, json={"site": "acme", "body": "Sigue fallando"},
                       headers=auth(ana)).get_json()["ticket"]["status"] == "open"
    client.post(f"/api/v1/tickets/{number}/close", json={"site": "acme"}, headers=auth(ana))
    closed = client.post(url, json={"site": "acme", "body": "¿Hola?"}, headers=auth(ana))
    assert closed.status_code == 409 and f"#{number}" in closed.get_json()["error"]
    assert ticket_of(site, number).closed_at is not None


def test_escalation_adds_a_comment_and_a_flag(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    response = client.post(f"/api/v1/tickets/{number}/escalate",
                           json={"site": "acme", "body": "Llevamos dos días sin facturar"},
                           headers=auth(ana))
    assert response.status_code == 201
    assert response.get_json()["ticket"]["escalated"] is True
    assert response.get_json()["comment"]["escalation"] is True
    ticket = ticket_of(site, number)
    assert ticket.escalated_at is not None
    assert ticket.comments[-1].body == "Llevamos dos días sin facturar"


def test_resolved_tickets_close_by_themselves_after_the_sites_days(client, site, ana):
    sites.save_site("acme", auto_close_days=3)
    old = post_ticket(client, site, ana, subject="Viejo").get_json()["ticket"]["number"]
    new = post_ticket(client, site, ana, subject="Nuevo").get_json()["ticket"]["number"]
    for number in (old, new):
        tickets.change_status(ticket_of(site, number), "resolved")
    ticket_of(site, old).resolved_at = utcnow() - timedelta(days=4)
    db.session.commit()
    assert tickets.close_resolved() == 1
    assert ticket_of(site, old).status == "closed"
    assert ticket_of(site, new).status == "resolved"


def test_status_words_follow_the_seeds(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    labels = {}
    for status in ("pending", "awaiting_reply", "resolved", "closed"):
        tickets.change_status(ticket_of(site, number), status)
        row = client.get(f"/api/v1/tickets/{number}?site=acme&locale=es",
                         headers=auth(ana)).get_json()["ticket"]
        labels[status] = row["status_label"]
    assert labels == {"pending": "Pendiente", "awaiting_reply": "En espera de tu respuesta",
                      "resolved": "Resuelto", "closed": "Cerrado"}


def test_closed_ticket_cannot_be_reopened_by_an_advisor(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    tickets.change_status(ticket_of(site, number), "closed")
    from helpwidget.errors import Conflict
    with pytest.raises(Conflict):
        tickets.change_status(ticket_of(site, number), "open")


def test_sla_breach_is_seen_when_no_one_answered_in_time(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    ticket = ticket_of(site, number)
    assert not tickets.is_breached(ticket)
    assert tickets.is_breached(ticket, now=utcnow() + timedelta(hours=5))


def test_comments_store_the_text_as_typed_without_control_characters(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    client.post(f"/api/v1/tickets/{number}/comments", json={
        "site": "acme", "body": "línea 1\r\nlínea 2\x00\u202e <b>negrita</b>"}, headers=auth(ana))
    stored = db.session.execute(db.select(TicketComment.body)).scalar_one()
    assert stored == "línea 1\nlínea 2 <b>negrita</b>"


def test_a_request_sent_again_under_its_client_id_is_opened_once(client, site, ana):
    first = post_ticket(client, site, ana, client_id="draft-1")
    again = post_ticket(client, site, ana, client_id="draft-1")  # its answer was lost
    assert first.status_code == again.status_code == 201
    assert again.get_json()["ticket"]["number"] == first.get_json()["ticket"]["number"]
    other = post_ticket(client, site, anonymous(client, site), client_id="draft-1",
                        name="Luis", email="luis@example.com")  # ids are per session
    assert other.get_json()["ticket"]["number"] != first.get_json()["ticket"]["number"]
    assert post_ticket(client, site, ana, client_id="draft-2").status_code == 201
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar() == 3


def test_a_reply_sent_again_under_its_client_id_is_posted_once(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    url = f"/api/v1/tickets/{number}/comments"
    reply = {"site": "acme", "body": "Sigue fallando", "client_id": "reply-1"}
    first = client.post(url, json=reply, headers=auth(ana))
    again = client.post(url, json=reply, headers=auth(ana))
    assert first.status_code == again.status_code == 201
    assert again.get_json()["comment"]["id"] == first.get_json()["comment"]["id"]
    escalation = {"site": "acme", "body": "Urgente", "client_id": "reply-2"}
    for _ in range(2):
        client.post(f"/api/v1/tickets/{number}/escalate", json=escalation, headers=auth(ana))
    assert [c.body for c in ticket_of(site, number).comments] == ["Sigue fallando", "Urgente"]

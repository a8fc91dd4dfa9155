"""The advisors' inbox: filters, SLA breaches, sorting, the full thread, replies and changes."""
import io
from datetime import timedelta

import pytest
from werkzeug.datastructures import FileStorage

from helpwidget.extensions import db
from helpwidget.models import Attachment, EndUser, Ticket, TicketComment
from helpwidget.services import advisors, attachments, tickets
from helpwidget.services.timeutil import aware, utcnow
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor

NOT_FOUND = {"error": "We could not find this request."}


def make_ticket(site, number, subject, *, hours_to_due=8, created_hours_ago=1, **fields):
    """Insert a ticket directly, times given relative to now."""
    now = utcnow()
    values = {"category": "technical_issue", "priority": "normal", "status": "open",
              "description": "Al emitir aparece un error.", "requester_name": "Ana Pérez",
              "requester_email": "ana@example.com", "locale": "es",
              "due_at": now + timedelta(hours=hours_to_due),
              "created_at": now - timedelta(hours=created_hours_ago)}
    values["updated_at"] = values["created_at"]
    values.update(fields)
    ticket = Ticket(site_id=site.id, number=number, subject=subject, **values)
    db.session.add(ticket)
    db.session.commit()
    return ticket


@pytest.fixture
def inbox(site, other_site, advisor, admin_advisor):
    """Return {name: ticket} of a small inbox with one ticket of each interesting kind."""
    now = utcnow()
    ago = lambda hours: now - timedelta(hours=hours)  # noqa: E731
    found = {
        "late": make_ticket(site, 100001, "Error 500 al emitir", hours_to_due=-2,
                            created_hours_ago=3, priority="urgent", escalated_at=ago(1)),
        "answered_late": make_ticket(
            site, 100002, "Cambiar el plan", category="requests", status="pending",
            hours_to_due=-5, created_hours_ago=10, first_response_at=ago(1),
            updated_at=ago(1), assignee_id=advisor.id),
        "fresh": make_ticket(site, 100003, "Lentitud al guardar", priority="high",
                             hours_to_due=3, created_hours_ago=1, updated_at=ago(0.5),
                             requester_name="Jan Kowalski",
                             requester_email="jan@kowalski.example.com"),
        "mine": make_ticket(site, 100004, "Certificado digital", category="requests",
                            priority="low", status="awaiting_reply", hours_to_due=20,
                            created_hours_ago=4, first_response_at=ago(3.9),
                            updated_at=ago(0.1), assignee_id=advisor.id),
        "admins": make_ticket(site, 100005, "Reporte de ventas", status="resolved",
                              hours_to_due=1, created_hours_ago=2,
                              first_response_at=ago(1.5), assignee_id=admin_advisor.id),
        "closed": make_ticket(site, 100006, "Factura duplicada", category="requests",
                              status="closed", hours_to_due=-30, created_hours_ago=40),
        "foreign": make_ticket(other_site, 100007, "Globex outage", priority="urgent",
                               hours_to_due=-1),
    }
    return found


def listed(client, token, query=""):
    """Return the names of the inbox fixture's tickets an inbox request lists, in order."""
    response = client.get(f"/api/v1/advisor/tickets?{query}", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    names = {100000 + i: name for i, name in enumerate(
        ["late", "answered_late", "fresh", "mine", "admins", "closed", "foreign"], start=1)}
    return [names[t["number"]] for t in response.get_json()["tickets"]]


def test_default_inbox_is_my_sites_open_work_by_due_time(client, inbox, advisor_token):
    response = client.get("/api/v1/advisor/tickets", headers=bearer(advisor_token))
    body = response.get_json()
    assert (body["total"], body["page"], body["per_page"]) == (5, 1, 25)
    assert listed(client, advisor_token) == ["answered_late", "late", "admins", "fresh", "mine"]
    line = next(t for t in body["tickets"] if t["number"] == 100001)
    assert line == {
        "id": inbox["late"].id, "number": 100001, "site": "acme",
        "subject": "Error 500 al emitir", "category": "technical_issue", "subcategory": "",
        "priority": "urgent", "status": "open", "requester_name": "Ana Pérez",
        "requester_email": "ana@example.com", "assignee": None,
        "due_at": aware(inbox["late"].due_at).isoformat(), "breached": True, "escalated": True,
        "first_response_at": None, "created_at": aware(inbox["late"].created_at).isoformat(),
        "updated_at": aware(inbox["late"].updated_at).isoformat(), "labels": []}
    mine = next(t for t in body["tickets"] if t["number"] == 100004)
    assert mine["assignee"] == {"id": inbox["mine"].assignee_id, "name": "Marta Gómez"}
    assert (mine["breached"], mine["escalated"]) == (False, False)


@pytest.mark.parametrize("query, expected", [
    ("status=closed", ["closed"]),
    ("status=open,pending", ["answered_late", "late", "fresh"]),
    ("priority=urgent", ["late"]),
    ("priority=high,low", ["fresh", "mine"]),
    ("category=requests", ["answered_late", "mine"]),
    ("assignee=me", ["answered_late", "mine"]),
    ("assignee=none", ["late", "fresh"]),
    ("breached=true", ["answered_late", "late"]),
    ("breached=false", ["admins", "fresh", "mine"]),
    ("escalated=true", ["late"]),
    ("escalated=false", ["answered_late", "admins", "fresh", "mine"]),
    ("q=error+500", ["late"]),
    ("q=KOWALSKI", ["fresh"]),
    ("q=%23100004", ["mine"]),
    ("q=%25", []),
    ("site=acme", ["answered_late", "late", "admins", "fresh", "mine"]),
])
def test_each_filter_alone(client, inbox, advisor_token, query, expected):
    assert listed(client, advisor_token, query) == expected


def test_assignee_by_id(client, inbox, advisor_token, admin_advisor):
    assert listed(client, advisor_token, f"assignee={admin_advisor.id}") == ["admins"]


@pytest.mark.parametrize("assignee", ["³", "١٢x", "9" * 5000])
def test_an_assignee_that_only_looks_numeric_is_refused(client, inbox, advisor_token, assignee):
    response = client.get("/api/v1/advisor/tickets", query_string={"assignee": assignee},
                          headers=bearer(advisor_token))
    assert response.status_code == 400
    assert "assignee" in response.get_json()["fields"]


def test_filters_combine(client, inbox, advisor_token):
    assert listed(client, advisor_token,
                  "status=open&priority=urgent&assignee=none&breached=true&escalated=true"
                  ) == ["late"]
    assert listed(client, advisor_token, "category=requests&breached=true") == ["answered_late"]
    assert listed(client, advisor_token, "assignee=me&priority=urgent") == []


def test_a_closed_ticket_nobody_answered_is_not_counted_as_breached(client, inbox, advisor_token):
    assert listed(client, advisor_token, "status=closed,open&breached=true") == ["late"]


def test_sorting_and_pages(client, inbox, advisor_token):
    assert listed(client, advisor_token, "sort=-created") == [
        "fresh", "admins", "late", "mine", "answered_late"]
    assert listed(client, advisor_token, "sort=-updated") == [
        "mine", "fresh", "answered_late", "admins", "late"]
    page = client.get("/api/v1/advisor/tickets?per_page=2&page=2",
                      headers=bearer(advisor_token)).get_json()
    assert (page["total"], page["page"], page["per_page"]) == (5, 2, 2)
    assert [t["number"] for t in page["tickets"]] == [100005, 100003]


def test_an_advisor_of_several_sites_sees_them_all_or_one(client, inbox, advisor, other_site,
                                                           advisor_token):
    advisors.add_membership(advisor, other_site)
    assert "foreign" in listed(client, advisor_token)
    assert listed(client, advisor_token, "site=globex") == ["foreign"]


@pytest.mark.parametrize("query, field", [
    ("status=open,bogus", "status"), ("priority=critical", "priority"),
    ("assignee=somebody", "assignee"), ("breached=maybe", "breached"),
    ("sort=name", "sort"), ("per_page=1000", "per_page"), ("page=0", "page"),
    ("colour=red", "colour"),
])
def test_bad_filters_are_refused_naming_the_field(client, inbox, advisor_token, query, field):
    response = client.get(f"/api/v1/advisor/tickets?{query}", headers=bearer(advisor_token))
    assert response.status_code == 400
    assert list(response.get_json()["fields"]) == [field]


def test_bad_filter_messages_are_translated(client, inbox, advisor_token):
    response = client.get("/api/v1/advisor/tickets?priority=critical&locale=es",
                          headers=bearer(advisor_token))
    assert response.get_json()["fields"]["priority"] == [
        "Elige una de estas opciones: low, normal, high, urgent."]
    response = client.get("/api/v1/advisor/tickets?assignee=somebody&locale=pl",
                          headers=bearer(advisor_token))
    assert response.get_json()["fields"]["assignee"] == [
        "Użyj me, none albo identyfikatora konsultanta."]


def test_messages_follow_the_advisors_saved_language(client, site):
    make_advisor("lucia@support.example.com", "Lucía", (site, "advisor"), locale="es")
    token = advisor_login(client, "lucia@support.example.com")
    response = client.get("/api/v1/advisor/tickets?site=nope", headers=bearer(token))
    assert response.status_code == 404
    assert response.get_json() == {
        "error": "No hay un centro de ayuda configurado para este sitio."}


def test_detail_has_the_whole_thread_with_notes_files_rating_and_profile(
        client, site, advisor, advisor_token):
    user = EndUser(site_id=site.id, external_id="u-9", name="Ana Pérez", email="ana@example.com",
                   account_id="acc-1", account_name="Pérez y Asociados",
                   account_type="accountant", support_user=True)
    db.session.add(user)
    db.session.commit()
    ticket = make_ticket(site, 200001, "Error al emitir", requester_user_id=user.id,
                         account_id="acc-1", status="resolved", rating=4,
                         rating_comment="Rápido", cc=["conta@example.com"])
    question = TicketComment(ticket_id=ticket.id, author_kind="requester", author_user_id=user.id,
                             author_name="Ana Pérez", body="¿Alguna novedad?")
    note = TicketComment(ticket_id=ticket.id, author_kind="advisor", author_advisor_id=advisor.id,
                         author_name="Marta Gómez", body="Revisar logs del 12.", internal=True)
    db.session.add_all([question, note])
    db.session.flush()
    for file_id, comment in (("a" * 32, None), ("b" * 32, question)):
        db.session.add(Attachment(id=file_id, site_id=site.id, ticket_id=ticket.id,
                                  comment_id=comment.id if comment else None,
                                  filename=f"{file_id[0]}.png", content_type="image/png",
                                  size=10, sha256="0" * 64, storage_key="x"))
    db.session.commit()
    response = client.get(f"/api/v1/advisor/tickets/{ticket.id}", headers=bearer(advisor_token))
    assert response.status_code == 200
    body = response.get_json()
    assert body["requester"] == {
        "name": "Ana Pérez", "email": "ana@example.com", "account_id": "acc-1",
        "user": {"external_id": "u-9", "name": "Ana Pérez", "email": "ana@example.com",
                 "account_id": "acc-1", "account_name": "Pérez y Asociados",
                 "account_type": "accountant", "support_user": True}}
    assert [(c["body"], c["internal"], c["author_kind"]) for c in body["comments"]] == [
        ("¿Alguna novedad?", False, "requester"), ("Revisar logs del 12.", True, "advisor")]
    assert [a["filename"] for a in body["attachments"]] == ["a.png"]
    assert [a["filename"] for a in body["comments"][0]["attachments"]] == ["b.png"]
    assert set(body["attachments"][0]) == {"id", "filename", "size", "content_type",
                                           "created_at"}
    assert (body["rating"], body["rating_comment"], body["cc"]) == (4, "Rápido",
                                                                     ["conta@example.com"])
    assert body["description"] == "Al emitir aparece un error."


def test_an_anonymous_requester_has_no_profile(client, site, advisor_token):
    ticket = make_ticket(site, 200002, "Consulta")
    body = client.get(f"/api/v1/advisor/tickets/{ticket.id}",
                      headers=bearer(advisor_token)).get_json()
    assert body["requester"]["user"] is None


def test_reply_marks_the_first_response_and_reaches_the_requesters_thread(
        client, site, advisor, advisor_token):
    ticket = make_ticket(site, 300001, "Error al emitir", hours_to_due=2)
    response = client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments",
                           json={"body": "Ya lo revisamos: vuelva a intentar."},
                           headers=bearer(advisor_token))
    assert response.status_code == 201
    comment = response.get_json()
    assert (comment["author_kind"], comment["author_name"], comment["internal"]) == (
        "advisor", "Marta Gómez", False)
    detail = client.get(f"/api/v1/advisor/tickets/{ticket.id}",
                        headers=bearer(advisor_token)).get_json()
    assert detail["first_response_at"] is not None and detail["breached"] is False
    assert [c["body"] for c in detail["comments"]] == ["Ya lo revisamos: vuelva a intentar."]
    db.session.expire_all()
    assert [c.body for c in tickets.public_thread(db.session.get(Ticket, ticket.id))] == [
        "Ya lo revisamos: vuelva a intentar."]


def test_reply_after_the_deadline_stays_breached(client, site, advisor_token):
    ticket = make_ticket(site, 300002, "Error al emitir", hours_to_due=-1)
    client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments", json={"body": "Perdón."},
                headers=bearer(advisor_token))
    detail = client.get(f"/api/v1/advisor/tickets/{ticket.id}",
                        headers=bearer(advisor_token)).get_json()
    assert detail["first_response_at"] is not None and detail["breached"] is True
    assert client.get("/api/v1/advisor/tickets?breached=true", headers=bearer(
        advisor_token)).get_json()["total"] == 1


def test_internal_note_is_flagged_and_not_a_response(client, site, advisor_token):
    ticket = make_ticket(site, 300003, "Error al emitir")
    response = client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments",
                           json={"body": "Parece el bug 42.", "internal": True},
                           headers=bearer(advisor_token))
    assert response.status_code == 201 and response.get_json()["internal"] is True
    detail = client.get(f"/api/v1/advisor/tickets/{ticket.id}",
                        headers=bearer(advisor_token)).get_json()
    assert [(c["body"], c["internal"]) for c in detail["comments"]] == [
        ("Parece el bug 42.", True)]
    assert (detail["first_response_at"], detail["status"]) == (None, "open")
    db.session.expire_all()
    assert tickets.public_thread(db.session.get(Ticket, ticket.id)) == []


def test_reply_can_change_the_status_and_carry_a_file(client, site, advisor, advisor_token):
    ticket = make_ticket(site, 300004, "Error al emitir")
    upload = attachments.store(site, FileStorage(io.BytesIO(b"paso 1\npaso 2\n"),
                                                 filename="pasos.txt"), advisor=advisor)
    response = client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments",
                           json={"body": "Siga estos pasos.", "status": "awaiting_reply",
                                 "attachments": [upload.id]}, headers=bearer(advisor_token))
    assert response.status_code == 201, response.get_json()
    assert [a["filename"] for a in response.get_json()["attachments"]] == ["pasos.txt"]
    detail = client.get(f"/api/v1/advisor/tickets/{ticket.id}",
                        headers=bearer(advisor_token)).get_json()
    assert detail["status"] == "awaiting_reply"


@pytest.mark.parametrize("body, field", [
    ({}, "body"), ({"body": "  "}, "body"), ({"body": "Hola", "status": "done"}, "status"),
    ({"body": "Hola", "internal": "maybe"}, "internal"), ({"body": "Hola", "to": "x"}, "to"),
])
def test_bad_comments_are_refused(client, site, advisor_token, body, field):
    ticket = make_ticket(site, 300005, "Error al emitir")
    response = client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments", json=body,
                           headers=bearer(advisor_token))
    assert response.status_code == 400 and list(response.get_json()["fields"]) == [field]
    assert db.session.execute(db.select(db.func.count(TicketComment.id))).scalar() == 0


def test_change_status(client, site, advisor_token):
    ticket = make_ticket(site, 400001, "Error al emitir")
    response = client.patch(f"/api/v1/advisor/tickets/{ticket.id}", json={"status": "resolved"},
                            headers=bearer(advisor_token))
    assert response.status_code == 200
    assert response.get_json()["status"] == "resolved"
    assert response.get_json()["resolved_at"] is not None


def test_assign_and_unassign(client, site, advisor_token, admin_advisor):
    ticket = make_ticket(site, 400002, "Error al emitir")
    url = f"/api/v1/advisor/tickets/{ticket.id}"
    assigned = client.patch(url, json={"assignee_id": admin_advisor.id},
                            headers=bearer(advisor_token))
    assert assigned.get_json()["assignee"] == {"id": admin_advisor.id, "name": "Piotr Nowak"}
    unassigned = client.patch(url, json={"assignee_id": None}, headers=bearer(advisor_token))
    assert unassigned.status_code == 200 and unassigned.get_json()["assignee"] is None


def test_only_the_active_team_can_be_assigned(client, site, advisor_token, admin_advisor,
                                              outsider):
    ticket = make_ticket(site, 400003, "Error al emitir")
    url = f"/api/v1/advisor/tickets/{ticket.id}"
    stranger = client.patch(url, json={"assignee_id": outsider.id}, headers=bearer(advisor_token))
    assert stranger.status_code == 422
    assert stranger.get_json()["fields"] == {
        "assignee_id": ["This advisor is not on this site's team."]}
    advisors.deactivate(admin_advisor)
    gone = client.patch(url, json={"assignee_id": admin_advisor.id},
                        headers=bearer(advisor_token))
    assert gone.status_code == 422
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).assignee_id is None


def test_change_priority_moves_the_deadline(client, site, advisor_token):
    ticket = make_ticket(site, 400004, "Error al emitir", hours_to_due=8)
    before = aware(ticket.due_at)
    response = client.patch(f"/api/v1/advisor/tickets/{ticket.id}", json={"priority": "urgent"},
                            headers=bearer(advisor_token))
    assert response.status_code == 200 and response.get_json()["priority"] == "urgent"
    db.session.expire_all()
    assert aware(db.session.get(Ticket, ticket.id).due_at) < before


@pytest.mark.parametrize("body, field", [
    ({}, "_schema"), ({"status": "done"}, "status"), ({"priority": "critical"}, "priority"),
    ({"assignee_id": "12"}, "assignee_id"), ({"subject": "x"}, "subject"),
])
def test_bad_changes_are_refused(client, site, advisor_token, body, field):
    ticket = make_ticket(site, 400005, "Error al emitir")
    response = client.patch(f"/api/v1/advisor/tickets/{ticket.id}", json=body,
                            headers=bearer(advisor_token))
    assert response.status_code == 400 and list(response.get_json()["fields"]) == [field]


def test_a_refused_status_change_leaves_the_rest_undone(client, site, advisor_token,
                                                          admin_advisor):
    ticket = make_ticket(site, 400006, "Error al emitir", status="closed")
    response = client.patch(f"/api/v1/advisor/tickets/{ticket.id}",
                            json={"status": "open", "assignee_id": admin_advisor.id},
                            headers=bearer(advisor_token))
    assert response.status_code == 409
    db.session.expire_all()
    stored = db.session.get(Ticket, ticket.id)
    assert (stored.status, stored.assignee_id) == ("closed", None)


def _stored_file(site, advisor, ticket):
    """Store a real file and attach it to the ticket, as a reply would."""
    upload = attachments.store(site, FileStorage(io.BytesIO(b"log line\n"), filename="app.log"),
                               advisor=advisor)
    upload.ticket_id = ticket.id
    db.session.commit()
    return upload


def test_advisors_download_files_of_their_sites(client, site, advisor, advisor_token):
    ticket = make_ticket(site, 500001, "Error al emitir")
    upload = _stored_file(site, advisor, ticket)
    response = client.get(f"/api/v1/advisor/attachments/{upload.id}",
                          headers=bearer(advisor_token))
    assert response.status_code == 200 and response.data == b"log line\n"
    assert "attachment" in response.headers["Content-Disposition"]
    missing = client.get(f"/api/v1/advisor/attachments/{'f' * 32}", headers=bearer(advisor_token))
    assert missing.status_code == 404


def _every_endpoint(ticket_id, attachment_id):
    """Return (method, url, json) of each inbox endpoint about one ticket or file."""
    return [("get", "/api/v1/advisor/tickets?site=acme", None),
            ("get", f"/api/v1/advisor/tickets/{ticket_id}", None),
            ("post", f"/api/v1/advisor/tickets/{ticket_id}/comments", {"body": "Hola"}),
            ("patch", f"/api/v1/advisor/tickets/{ticket_id}", {"status": "resolved"}),
            ("get", f"/api/v1/advisor/attachments/{attachment_id}", None)]


def test_another_sites_advisor_gets_404_everywhere_and_changes_nothing(
        client, site, advisor, outsider):
    ticket = make_ticket(site, 600001, "Error al emitir")
    upload = _stored_file(site, advisor, ticket)
    token = advisor_login(client, outsider.email)
    for method, url, body in _every_endpoint(ticket.id, upload.id):
        response = getattr(client, method)(url, json=body, headers=bearer(token))
        assert response.status_code == 404, url
    # A ticket of another site answers like one that does not exist.
    assert client.get(f"/api/v1/advisor/tickets/{ticket.id}", headers=bearer(token)).get_json() \
        == client.get("/api/v1/advisor/tickets/999999", headers=bearer(token)).get_json() \
        == NOT_FOUND
    db.session.expire_all()
    stored = db.session.get(Ticket, ticket.id)
    assert (stored.status, stored.comments) == ("open", [])
    assert listed(client, token) == []


def test_a_removed_team_member_loses_access_at_once(client, site, advisor, advisor_token):
    ticket = make_ticket(site, 600002, "Error al emitir")
    advisors.remove_membership(advisor, site)
    response = client.get(f"/api/v1/advisor/tickets/{ticket.id}", headers=bearer(advisor_token))
    assert response.status_code == 404


@pytest.mark.parametrize("signed_out", [False, True])
def test_every_endpoint_needs_a_live_token(client, site, advisor, advisor_token, signed_out):
    ticket = make_ticket(site, 700001, "Error al emitir")
    upload = _stored_file(site, advisor, ticket)
    headers = {}
    if signed_out:
        client.delete("/api/v1/advisor/session", headers=bearer(advisor_token))
        headers = bearer(advisor_token)
    for method, url, body in _every_endpoint(ticket.id, upload.id):
        response = getattr(client, method)(url, json=body, headers=headers)
        assert response.status_code == 401, url
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).status == "open"

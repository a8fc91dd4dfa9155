"""Merging a request into another of the same requester: the thread moves, the source closes."""
import io

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.extensions import db
from helpwidget.models import Attachment, Ticket, TicketComment
from helpwidget.services import ticket_merge
from tests.support.fixtures_advisors import bearer, make_advisor
from tests.support.fixtures_tickets import anonymous, auth, identified, post_ticket
from tests.support.sample_files import png_bytes


@pytest.fixture(autouse=True)
def uploads_dir(app, tmp_path):
    """Keep each test's files in its own folder."""
    app.config["UPLOADS_DIR"] = str(tmp_path / "uploads")


def upload(client, token, name="captura.png"):
    """Upload a file as the visitor and return its id."""
    response = client.post("/api/v1/uploads", data={
        "site": "acme", "file": (io.BytesIO(png_bytes()), name)}, headers=auth(token),
        content_type="multipart/form-data")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def opened(client, site, token, subject, **fields):
    """Open a request through the widget's API; return its stored row."""
    response = post_ticket(client, site, token, subject=subject, **fields)
    assert response.status_code == 201, response.get_json()
    number = response.get_json()["ticket"]["number"]
    return db.session.execute(db.select(Ticket).filter_by(number=number)).scalar_one()


def reply(client, site, token, ticket, body, **fields):
    """Reply as the requester."""
    response = client.post(f"/api/v1/tickets/{ticket.number}/comments",
                           json={"site": site.key, "body": body, **fields}, headers=auth(token))
    assert response.status_code == 201, response.get_json()


def merge(client, token, source, into):
    """Ask the API to merge `source` into the ticket of id `into`."""
    return client.post(f"/api/v1/advisor/tickets/{source.id}/merge", json={"into": into},
                       headers={**bearer(token), "X-HelpWidget-Locale": "en"})


def read_as_requester(client, site, token, ticket):
    """Return the request as the widget's "my requests" shows it."""
    response = client.get(f"/api/v1/tickets/{ticket.number}?site={site.key}",
                          headers=auth(token))
    assert response.status_code == 200, response.get_json()
    return response.get_json()["ticket"]


@pytest.fixture
def pair(client, site, ana):
    """Two requests of Ana: an English one with a file and a reply, and a Spanish one."""
    source = opened(client, site, ana, "Export fails", locale="en",
                    attachments=[upload(client, ana, "export.png")])
    reply(client, site, ana, source, "It still fails today.",
          attachments=[upload(client, ana, "today.png")])
    target = opened(client, site, ana, "No puedo exportar", locale="es")
    reply(client, site, ana, target, "Sigue igual.")
    return source, target


def test_merge_moves_the_thread_and_files_and_closes_the_source(client, site, ana, pair,
                                                                 advisor_token, advisor):
    source, target = pair
    source_id, target_id = source.id, target.id
    response = merge(client, advisor_token, source, target.id)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["id"] == target_id and body["status"] == "open"
    bodies = [c["body"] for c in body["comments"]]
    assert "It still fails today." in bodies and "Sigue igual." in bodies
    with force_locale("es"):
        into_target = _("Request #%(number)s (%(subject)s) was merged into this one by "
                        "%(name)s. Its request:", number=source.number, subject="Export fails",
                        name=advisor.name)
    note = body["comments"][-1]
    assert note["author_kind"] == "system" and not note["internal"]
    assert note["body"] == f"{into_target}\n\n{source.description}"
    # The request's own file goes with the note carrying its text; the reply's with the reply.
    assert [a["filename"] for a in note["attachments"]] == ["export.png"]
    moved = next(c for c in body["comments"] if c["body"] == "It still fails today.")
    assert [a["filename"] for a in moved["attachments"]] == ["today.png"]
    db.session.expire_all()
    closed = db.session.get(Ticket, source_id)
    assert (closed.status, closed.merged_into_id) == ("closed", target_id)
    assert closed.closed_at is not None
    assert {a.ticket_id for a in db.session.execute(db.select(Attachment)).scalars()} == {
        target_id}
    with force_locale("en"):
        into_source = _("This request was merged into request #%(number)s by %(name)s; the "
                        "conversation continues there.", number=target.number, name=advisor.name)
    left = db.session.execute(db.select(TicketComment).filter_by(ticket_id=source_id)).scalars()
    assert [(c.author_kind, c.body) for c in left] == [("system", into_source)]


def test_the_requester_reads_both_and_follows_the_conversation(client, site, ana, pair,
                                                               advisor_token):
    source, target = pair
    assert merge(client, advisor_token, source, target.id).status_code == 200
    old = read_as_requester(client, site, ana, source)
    assert old["status"] == "closed" and not old["can_comment"]
    assert f"#{target.number}" in old["comments"][-1]["body"]
    new = read_as_requester(client, site, ana, target)
    bodies = [c["body"] for c in new["comments"]]
    assert "It still fails today." in bodies and f"#{source.number}" in bodies[-1]
    files = [a for c in new["comments"] for a in c["attachments"]]
    assert {a["filename"] for a in files} == {"export.png", "today.png"}
    download = client.get(f"/api/v1/attachments/{files[0]['id']}?site=acme", headers=auth(ana))
    assert download.status_code == 200
    # "My requests" lists the target among the open and the merged one among the closed.
    listed = client.get("/api/v1/tickets?site=acme&state=closed", headers=auth(ana)).get_json()
    assert [t["number"] for t in listed["tickets"]] == [source.number]
    listed = client.get("/api/v1/tickets?site=acme&state=open", headers=auth(ana)).get_json()
    assert [t["number"] for t in listed["tickets"]] == [target.number]
    refused = client.post(f"/api/v1/tickets/{source.number}/comments",
                          json={"site": "acme", "body": "Hola?"}, headers=auth(ana))
    assert refused.status_code == 409


def test_internal_notes_stay_internal_after_the_move(client, site, ana, pair, advisor_token):
    source, target = pair
    client.post(f"/api/v1/advisor/tickets/{source.id}/comments",
                json={"body": "Customer is on the old plan.", "internal": True},
                headers=bearer(advisor_token))
    assert merge(client, advisor_token, source, target.id).status_code == 200
    advisor_view = client.get(f"/api/v1/advisor/tickets/{target.id}",
                              headers=bearer(advisor_token)).get_json()
    note = next(c for c in advisor_view["comments"] if c["body"] == "Customer is on the old plan.")
    assert note["internal"]
    bodies = [c["body"] for c in read_as_requester(client, site, ana, target)["comments"]]
    assert "Customer is on the old plan." not in bodies


def test_merge_candidates_are_the_requesters_other_open_requests(client, site, ana, pair,
                                                                 advisor_token):
    source, target = pair
    closed = opened(client, site, ana, "Old question")
    client.post(f"/api/v1/tickets/{closed.number}/close", json={"site": "acme"},
                headers=auth(ana))
    other = identified(client, site, sub="jan", name="Jan", email="jan@example.com")
    opened(client, site, other, "Jan's own")
    response = client.get(f"/api/v1/advisor/tickets/{source.id}/merge-candidates",
                          headers=bearer(advisor_token))
    assert response.status_code == 200
    assert [t["id"] for t in response.get_json()["tickets"]] == [target.id]


def test_anonymous_requests_merge_by_session_or_by_address(client, site, advisor_token):
    visitor = anonymous(client, site)
    first = opened(client, site, visitor, "Uno", name="Eva", email="eva@example.com")
    second = opened(client, site, visitor, "Dos", name="Eva", email="eva@example.com")
    elsewhere = opened(client, site, anonymous(client, site), "Tres", name="Eva",
                       email="EVA@example.com")
    assert merge(client, advisor_token, first, second.id).status_code == 200
    assert merge(client, advisor_token, elsewhere, second.id).status_code == 200
    thread = read_as_requester(client, site, visitor, second)["comments"]
    assert [c["author_kind"] for c in thread] == ["system", "system"]


def refusal(response, status, message):
    """Assert the API refused with this status and message, nothing else said."""
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"] == message


def unchanged(*rows):
    """Assert the tickets are as they were: merged into nothing, no merge note in their threads."""
    ids = [row.id for row in rows]
    db.session.expire_all()
    for ticket_id in ids:
        ticket = db.session.get(Ticket, ticket_id)
        assert ticket.merged_into_id is None
        assert all(c.author_kind != "system" for c in ticket.comments)


def test_another_requesters_request_is_refused(client, site, ana, pair, advisor_token):
    source, _target = pair
    jan = identified(client, site, sub="jan", name="Jan", email="ana@example.com")
    # Two identified users are two requesters, even sharing an address.
    jans = opened(client, site, jan, "Jan's request")
    response = merge(client, advisor_token, source, jans.id)
    refusal(response, 422, "Only requests of the same requester can be merged.")
    assert list(response.get_json()["fields"]) == ["into"]
    unchanged(source, jans)


def test_another_sites_request_is_refused(client, site, other_site, ana, pair, advisor,
                                          advisor_token):
    source, _target = pair
    globex = identified(client, other_site, sub="ana", name="Ana Pérez",
                        email="ana@example.com")
    foreign = opened(client, other_site, globex, "Globex request")
    # Not on that site's team: it does not exist for this advisor.
    refusal(merge(client, advisor_token, source, foreign.id), 404,
            "We could not find this request.")
    refusal(merge(client, advisor_token, foreign, source.id), 404,
            "We could not find this request.")
    # On both teams: the rule, not the access, refuses.
    both = make_advisor("both@support.example.com", "Bo", (site, "advisor"),
                        (other_site, "advisor"))
    token = client.post("/api/v1/advisor/session", json={
        "email": both.email, "password": "correct horse battery"}).get_json()["token"]
    refusal(merge(client, token, source, foreign.id), 422,
            "Only requests of the same site can be merged.")
    unchanged(source, foreign)


def test_a_closed_target_itself_and_a_merged_source_are_refused(client, site, ana, pair,
                                                                advisor_token):
    source, target = pair
    refusal(merge(client, advisor_token, source, source.id), 422,
            "Choose another request to merge into.")
    done = opened(client, site, ana, "Done already")
    client.post(f"/api/v1/tickets/{done.number}/close", json={"site": "acme"},
                headers=auth(ana))
    refusal(merge(client, advisor_token, source, done.id), 409,
            "A closed request cannot take another one; choose an open request.")
    unchanged(source, target)
    assert merge(client, advisor_token, source, target.id).status_code == 200
    third = opened(client, site, ana, "Third")
    refusal(merge(client, advisor_token, source, third.id), 409,
            "This request was already merged into another.")
    # Into the merged one: it is closed.
    refusal(merge(client, advisor_token, third, source.id), 409,
            "A closed request cannot take another one; choose an open request.")


def test_a_signed_in_users_request_goes_only_where_they_can_read_it(client, site, ana,
                                                                   advisor_token):
    mine = opened(client, site, ana, "Signed in")
    typed = opened(client, site, anonymous(client, site), "Typed my address", name="Ana",
                   email="ana@example.com")
    refusal(merge(client, advisor_token, mine, typed.id), 422,
            "The requester signed in for this request but not for the other one: merge the "
            "other one into this one.")
    listed = client.get(f"/api/v1/advisor/tickets/{mine.id}/merge-candidates",
                        headers=bearer(advisor_token)).get_json()["tickets"]
    assert listed == []
    assert merge(client, advisor_token, typed, mine.id).status_code == 200
    thread = read_as_requester(client, site, ana, mine)["comments"]
    assert thread[-1]["body"].endswith(typed.description)


def test_a_private_request_does_not_join_a_shared_one(client, site, ana, advisor_token):
    private = opened(client, site, ana, "Mine only")
    shared = opened(client, site, ana, "For the office", shared=True)
    refusal(merge(client, advisor_token, private, shared.id), 422,
            "A private request cannot be merged into one shared with the account.")
    assert merge(client, advisor_token, shared, private.id).status_code == 200


@pytest.mark.parametrize("body, field", [
    ({}, "into"), ({"into": "12"}, "into"), ({"into": 0}, "into"), ({"into": None}, "into"),
    ({"into": 5, "number": 1}, "number"),
])
def test_bad_merge_input_is_refused(client, site, ana, pair, advisor_token, body, field):
    source, _target = pair
    response = client.post(f"/api/v1/advisor/tickets/{source.id}/merge", json=body,
                           headers={**bearer(advisor_token), "X-HelpWidget-Locale": "en"})
    assert response.status_code == 400 and list(response.get_json()["fields"]) == [field]
    assert response.get_json()["fields"][field][0]
    unchanged(source)


def test_same_requester_rule():
    def ticket(user=None, visitor=None, email=""):
        return Ticket(requester_user_id=user, requester_visitor_id=visitor,
                      requester_email=email)
    same = ticket_merge.same_requester
    assert same(ticket(user=1, visitor=1), ticket(user=1, visitor=2))
    assert not same(ticket(user=1, email="a@x.com"), ticket(user=2, email="a@x.com"))
    assert same(ticket(visitor=3), ticket(visitor=3))
    assert same(ticket(visitor=3, email="A@x.com "), ticket(visitor=4, email="a@x.com"))
    assert same(ticket(user=1, email="a@x.com"), ticket(visitor=4, email="a@x.com"))
    assert not same(ticket(visitor=3), ticket(visitor=4))
    assert not same(ticket(), ticket())


def test_the_target_takes_the_sources_labels(client, site, ana, pair, advisor_token):
    source, target = pair
    for ticket, names in ((source, ["export", "urgent customer"]), (target, ["export", "pdf"])):
        response = client.put(f"/api/v1/advisor/tickets/{ticket.id}/labels",
                              json={"labels": names}, headers=bearer(advisor_token))
        assert response.status_code == 200, response.get_json()
    merged = merge(client, advisor_token, source, target.id)
    assert merged.status_code == 200, merged.get_json()
    assert sorted(merged.get_json()["labels"]) == ["export", "pdf", "urgent customer"]
    found = client.get("/api/v1/advisor/tickets?label=urgent%20customer",
                       headers=bearer(advisor_token)).get_json()["tickets"]
    assert [t["id"] for t in found] == [target.id]

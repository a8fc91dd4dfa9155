"""My activity, a request's page and a new request in the signed-in help center (test client)."""
import io
import json
import re
import secrets
from html import unescape

import pytest

from helpwidget.extensions import db
from helpwidget.models import Attachment, Chat, ChatMessage, EndUser, Ticket
from helpwidget.services import identity, posts, sites, tickets
from tests.support.fixtures_advisors import make_advisor
from tests.support.fixtures_tickets import (
    DESCRIPTION,
    SUBJECT,
    auth,
    identified,
    post_ticket,
    stored,
)
from tests.support.helpcenter_readers import sign_in
from tests.support.sample_files import png_bytes


def csrf(client, url):
    """Return the CSRF token of a form on the page at `url`."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def text(response):
    """Return the page as text, entities decoded."""
    return unescape(response.get_data(as_text=True))


def new_request_form(token, **overrides):
    """Return a valid new-request form for the "Technical problem" card."""
    form = {"csrf_token": token, "client_id": secrets.token_hex(8), "category": "technical_issue",
            "subcategory": "error_message", "subject": SUBJECT, "description": DESCRIPTION,
            "priority": "normal", "cc": ["contabilidad@example.com", ""]}
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def ticket_count():
    """Return how many tickets are stored."""
    return db.session.execute(db.select(db.func.count(Ticket.id))).scalar()


URL = "/help/acme/en"


def test_a_new_request_from_the_help_center_lands_on_its_page(client, site):
    user, visitor = sign_in(client, site)
    cards = text(client.get(f"{URL}/requests/new"))
    assert cards.count('data-category=') == 5 and "Technical problem" in cards
    token = csrf(client, f"{URL}/requests/new?category=technical_issue")
    response = client.post(f"{URL}/requests/new", content_type="multipart/form-data",
                           data=new_request_form(token, files=[
                               (io.BytesIO(png_bytes()), "captura.png")]))
    assert response.status_code == 303
    number = int(re.search(r"/requests/(\d+)\?sent=1$", response.location).group(1))
    ticket = stored(number)
    assert (ticket.requester_user_id, ticket.requester_visitor_id) == (user.id, visitor.id)
    assert (ticket.subject, ticket.category, ticket.subcategory, ticket.cc) == (
        SUBJECT, "technical_issue", "error_message", ["contabilidad@example.com"])
    assert [a.filename for a in ticket.attachments] == ["captura.png"]
    page = text(client.get(response.location))
    assert f"Your request #{number} was created." in page
    assert "Expect our first answer within 8 hours" in page
    assert SUBJECT in page and "captura.png" in page and "Technical problem › Error message" in page
    # The file downloads from the help center, as the same reader.
    link = re.search(r'href="([^"]+/attachments/[0-9a-f]+)"', page).group(1)
    download = client.get(link)
    assert download.status_code == 200 and download.data == png_bytes()
    # Sending the same form again (a double click, a reload) stores nothing new.
    again = client.post(f"{URL}/requests/new", data=new_request_form(
        token, client_id=ticket.client_id))
    assert again.status_code == 303 and f"/requests/{number}" in again.location
    assert ticket_count() == 1


def test_validation_errors_show_at_their_fields_and_keep_everything_typed(client, site):
    sign_in(client, site)
    token = csrf(client, "/help/acme/es/requests/new?category=technical_issue")
    response = client.post("/help/acme/es/requests/new", content_type="multipart/form-data",
                           data=new_request_form(token, subcategory="", cc=["not-an-email"],
                                                 shared="on", files=[
                                                     (io.BytesIO(png_bytes()), "captura.png")]))
    assert response.status_code == 422
    page = text(response)
    # In the reader's language, at the field, with everything typed (and attached) still there.
    assert re.search(r'id="req-cc-error"[^>]*>[^<]*(válid|correo)', page, re.I), page
    assert f'value="{SUBJECT}"' in page and f">{DESCRIPTION}</textarea>" in page
    assert 'value="not-an-email"' in page and 'name="shared" type="checkbox" checked' in page
    kept = re.search(r'name="attachments" value="([0-9a-f]+)" checked> captura.png', page)
    assert kept and ticket_count() == 0

    response = client.post("/help/acme/es/requests/new", data=new_request_form(
        token, subcategory="", cc=None, attachments=[kept.group(1)]))
    page = text(response)
    assert response.status_code == 422
    assert "Elige una subcategoría; usa “Otros” si ninguna encaja." in page
    assert 'id="req-subcategory" name="subcategory" aria-invalid="true"' in page
    assert f'value="{kept.group(1)}" checked' in page and ticket_count() == 0

    response = client.post("/help/acme/es/requests/new", data=new_request_form(
        token, cc=None, attachments=[kept.group(1)]))
    assert response.status_code == 303
    ticket = db.session.execute(db.select(Ticket)).scalar_one()
    assert [a.id for a in ticket.attachments] == [kept.group(1)]


def test_files_are_checked_as_in_the_widget(app, client, site):
    user, _visitor = sign_in(client, site)
    token = csrf(client, f"{URL}/requests/new?category=technical_issue")
    # Not what its name says: refused at the attachments field, nothing else lost.
    response = client.post(f"{URL}/requests/new", content_type="multipart/form-data",
                           data=new_request_form(token, files=[
                               (io.BytesIO(b"MZ\x90\x00" + b"\x00" * 64), "factura.pdf")]))
    page = text(response)
    assert response.status_code == 422 and "factura.pdf" in page
    assert "This kind of file is not accepted." in page and f'value="{SUBJECT}"' in page
    # More files than a message may carry.
    app.config["ATTACHMENTS_PER_MESSAGE"] = 2
    response = client.post(f"{URL}/requests/new", content_type="multipart/form-data",
                           data=new_request_form(token, files=[
                               (io.BytesIO(png_bytes()), f"shot-{n}.png") for n in range(3)]))
    assert response.status_code == 422
    assert "Attach at most 2 files to one message." in text(response)
    # Someone else's upload cannot be claimed through the form.
    bob = identified(client, site, sub="bob", account_id="acc-2", email="bob@example.com")
    upload = client.post("/api/v1/uploads", headers=auth(bob), content_type="multipart/form-data",
                         data={"site": "acme", "file": (io.BytesIO(b"bob's notes"), "bob.txt")})
    bobs = upload.get_json()["id"]
    response = client.post(f"{URL}/requests/new", data=new_request_form(
        token, attachments=[bobs]))
    assert response.status_code == 422 and "bob.txt" not in text(response)
    assert ticket_count() == 0 and db.session.get(Attachment, bobs).ticket_id is None


def test_attach_diagnostics_is_sent_only_when_ticked(client, site):
    sign_in(client, site)
    token = csrf(client, f"{URL}/requests/new?category=technical_issue")
    page = text(client.get(f"{URL}/requests/new?category=technical_issue"))
    assert 'name="attach_diagnostics" type="checkbox" aria-describedby' in page  # off
    sent = {"browser": "Chrome 130", "os": "Linux", "screen": "1280x800", "language": "es-CO",
            "timezone": "America/Bogota", "time": "2025-01-02T03:04:05.000Z"}
    unticked = client.post(f"{URL}/requests/new", data=new_request_form(
        token, diagnostics=json.dumps(sent)))
    ticked = client.post(f"{URL}/requests/new", data=new_request_form(
        token, attach_diagnostics="on", diagnostics=json.dumps(sent)))
    assert unticked.status_code == ticked.status_code == 303
    number = lambda r: int(re.search(r"/requests/(\d+)", r.location).group(1))  # noqa: E731
    assert stored(number(unticked)).diagnostics is None
    assert {k: v for k, v in stored(number(ticked)).diagnostics.items() if v} == sent
    # What the script could not have written is refused at the field, the rest kept.
    bad = client.post(f"{URL}/requests/new", data=new_request_form(
        token, attach_diagnostics="on", diagnostics="{not json"))
    assert bad.status_code == 422 and 'id="req-diagnostics-error"' in text(bad)
    assert f'value="{SUBJECT}"' in text(bad) and ticket_count() == 2


def test_only_the_readers_own_or_shared_requests_are_reachable(client, site):
    ana, _visitor = sign_in(client, site)
    widget = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                        account_id="acc-1")
    mine = post_ticket(client, site, widget, subject="Mine").get_json()["ticket"]["number"]
    bob = identified(client, site, sub="bob", name="Bob", account_id="acc-2",
                     email="bob@example.com")
    bobs = post_ticket(client, site, bob, subject="Bob's secret").get_json()["ticket"]["number"]
    carla = identified(client, site, sub="carla", name="Carla Ruiz", account_id="acc-1",
                       email="carla@example.com")
    shared = post_ticket(client, site, carla, subject="For the whole office",
                         shared=True).get_json()["ticket"]["number"]
    private = post_ticket(client, site, carla, subject="Carla only").get_json()["ticket"]["number"]

    activity = text(client.get(f"{URL}/activity"))
    assert "Mine" in activity and "For the whole office" in activity
    assert "Shared with my company" in activity and "By Carla Ruiz" in activity
    assert "Bob's secret" not in activity and "Carla only" not in activity
    assert client.get(f"{URL}/requests/{shared}").status_code == 200
    token = csrf(client, f"{URL}/requests/{mine}")
    before = [(t.status, len(t.comments), t.rating) for t in
              db.session.execute(db.select(Ticket)).scalars()]
    for number in (bobs, private, 999999):
        assert client.get(f"{URL}/requests/{number}").status_code == 404
        for action, form in (("comments", {"body": "Let me in"}), ("escalate", {"body": "Now"}),
                             ("close", {}), ("rating", {"score": "1"})):
            response = client.post(f"{URL}/requests/{number}/{action}",
                                   data={"csrf_token": token, **form})
            assert response.status_code == 404, (number, action)
    db.session.expire_all()
    assert before == [(t.status, len(t.comments), t.rating) for t in
                      db.session.execute(db.select(Ticket)).scalars()]
    # Another site's help center does not know this reader.
    other = sites.save_site("globex", name="Globex", default_locale="en", locales=["en"])
    assert other and client.get(f"/help/globex/en/requests/{mine}").status_code == 302


def test_anonymous_readers_and_widget_tokens_are_sent_to_sign_in(client, site):
    for path in ("/activity", "/requests/new", "/requests/123456", "/activity/chats/1"):
        response = client.get(f"{URL}{path}")
        assert response.status_code == 302, path
        assert "/help/acme/en/sign-in" in response.location and "next=" in response.location
    # A widget session's bearer token is no help center cookie.
    widget = identified(client, site, sub="ana")
    client.set_cookie("hw_help", widget, path="/help/acme/")
    assert client.get(f"{URL}/activity").status_code == 302
    # Nor is a help center session that ended.
    _user, visitor = sign_in(client, site)
    identity.end_session(visitor)
    assert client.get(f"{URL}/activity").status_code == 302


def test_internal_notes_never_show(client, site):
    sign_in(client, site)
    widget = identified(client, site, sub="ana", name="Ana Pérez", account_id="acc-1")
    number = post_ticket(client, site, widget).get_json()["ticket"]["number"]
    marta = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    tickets.advisor_comment(stored(number), marta, "INTERNAL-NOTE: VIP, do not refund",
                            internal=True)
    tickets.advisor_comment(stored(number), marta, "<b>Hola Ana</b>, lo revisamos.")
    response = client.get(f"{URL}/requests/{number}")
    page = response.get_data(as_text=True)
    assert "INTERNAL-NOTE" not in page and "do not refund" not in page
    assert "&lt;b&gt;Hola Ana&lt;/b&gt;, lo revisamos." in page and "<b>Hola" not in page
    assert "Marta Gómez" in page and "Pending" in page


def test_forms_without_the_csrf_token_change_nothing(client, site):
    sign_in(client, site)
    widget = identified(client, site, sub="ana", account_id="acc-1")
    number = post_ticket(client, site, widget).get_json()["ticket"]["number"]
    for url, form in ((f"{URL}/requests/new", new_request_form("forged")),
                      (f"{URL}/requests/{number}/comments", {"body": "Hello"}),
                      (f"{URL}/requests/{number}/escalate", {"body": "Hello"}),
                      (f"{URL}/requests/{number}/close", {})):
        for token in (None, "forged"):
            data = {**form, "csrf_token": token} if token else {
                k: v for k, v in form.items() if k != "csrf_token"}
            assert client.post(url, data=data).status_code == 400, url
    ticket = stored(number)
    assert ticket_count() == 1 and ticket.status == "open" and ticket.comments == []


def test_reply_with_a_file_escalate_close_and_rate(client, site):
    sign_in(client, site)
    widget = identified(client, site, sub="ana", account_id="acc-1")
    number = post_ticket(client, site, widget).get_json()["ticket"]["number"]
    page_url = f"{URL}/requests/{number}"
    token = csrf(client, page_url)
    empty = client.post(f"{page_url}/comments", data={"csrf_token": token, "body": "  "})
    assert empty.status_code == 422 and 'id="req-reply-error"' in text(empty)
    reply = client.post(f"{page_url}/comments", content_type="multipart/form-data", data={
        "csrf_token": token, "client_id": "r1", "body": "Adjunto la captura.",
        "files": [(io.BytesIO(png_bytes()), "error.png")]})
    assert reply.status_code == 303 and "#comment-" in reply.location
    comment = stored(number).comments[-1]
    assert comment.body == "Adjunto la captura." and [a.filename for a in comment.attachments] \
        == ["error.png"]
    page = text(client.get(page_url))
    assert "Adjunto la captura." in page and "error.png" in page and ">You<" in page

    no_reason = client.post(f"{page_url}/escalate", data={"csrf_token": token, "body": ""})
    assert no_reason.status_code == 422 and "<details class=\"req-box req-escalate\" open>" in \
        text(no_reason)
    escalated = client.post(f"{page_url}/escalate", data={
        "csrf_token": token, "client_id": "e1", "body": "Seguimos sin facturar, es urgente."})
    assert escalated.status_code == 303
    ticket = stored(number)
    assert ticket.escalated_at is not None and ticket.comments[-1].escalation
    assert "Escalation requested" in text(client.get(page_url))

    marta = make_advisor("marta@support.example.com", "Marta", (site, "advisor"))
    tickets.change_status(stored(number), "resolved", advisor=marta)
    missing = client.post(f"{page_url}/rating", data={"csrf_token": token, "comment": "Bien"})
    page = text(missing)
    assert missing.status_code == 422 and "Choose from 1 to 5 stars." in page
    assert ">Bien</textarea>" in page
    assert client.post(f"{page_url}/rating", data={"csrf_token": token, "score": "9"}
                       ).status_code == 422
    rated = client.post(f"{page_url}/rating", data={
        "csrf_token": token, "score": "4", "comment": "Rápido"})
    assert rated.status_code == 303
    assert (stored(number).rating, stored(number).rating_comment) == (4, "Rápido")
    again = client.post(f"{page_url}/rating", data={"csrf_token": token, "score": "5"})
    assert again.status_code == 409 and "You have already rated this request." in text(again)

    closed = client.post(f"{page_url}/close", data={"csrf_token": token})
    assert closed.status_code == 303 and stored(number).status == "closed"
    page = text(client.get(page_url))
    assert "This request is closed." in page and 'name="body"' not in page
    late = client.post(f"{page_url}/comments", data={"csrf_token": token, "body": "¿Hola?"})
    assert late.status_code == 409 and "¿Hola?" in text(late)


def test_my_activity_lists_requests_chats_and_posts(client, site):
    ana, _visitor = sign_in(client, site)
    widget = identified(client, site, sub="ana", account_id="acc-1")
    open_number = post_ticket(client, site, widget, subject="Abierta").get_json()[
        "ticket"]["number"]
    done = post_ticket(client, site, widget, subject="Terminada").get_json()["ticket"]["number"]
    tickets.close_by_requester(stored(done))
    widget_visitor = identity.visitor_for_token(site, widget)
    chat = Chat(site_id=site.id, visitor_id=widget_visitor.id, user_id=ana.id, status="closed",
                locale="en", last_seq=1)
    db.session.add(chat)
    db.session.flush()
    db.session.add(ChatMessage(chat_id=chat.id, seq=1, client_id="c1", author_kind="visitor",
                               body="¿Cómo anulo una factura?"))
    db.session.commit()
    held = posts.create(site, kind="question", title="¿Factura con www.example.com?",
                        body="Ver www.example.com", locale="en", user=ana)
    assert held.state == "pending"

    page = text(client.get(f"{URL}/activity"))
    opened, closed = page.index('data-state="open"'), page.index('data-state="closed"')
    assert opened < page.index("Abierta") < closed < page.index("Terminada")
    assert "Rate it" in page
    assert "¿Cómo anulo una factura?" in page and "Ended" in page
    assert "¿Factura con www.example.com?" in page and "Waiting for review" in page
    assert f"/help/acme/en/community/{held.id}" in page
    transcript = client.get(f"{URL}/activity/chats/{chat.id}")
    assert transcript.status_code == 200 and "¿Cómo anulo una factura?" in text(transcript)
    # Someone else's chat is not there.
    bob, _bob_visitor = sign_in(client, site, sub="bob", account_id="acc-2")
    assert client.get(f"{URL}/activity/chats/{chat.id}").status_code == 404
    assert "¿Cómo anulo una factura?" not in text(client.get(f"{URL}/activity"))
    assert open_number


def test_designated_support_users_only_explains_and_offers_other_ways(client, site):
    ana, _visitor = sign_in(client, site, sub="ana", support_user=False)
    token = csrf(client, f"{URL}/requests/new?category=technical_issue")
    sites.save_site("acme", support_users_only=True, contact={
        "email": "soporte@acme.test", "phones": [{"region": "Bogotá", "number": "+57 601 123"}]})
    db.session.add(EndUser(site_id=site.id, external_id="luis", name="Luis Díaz",
                           account_id="acc-1", support_user=True))
    db.session.commit()
    page = text(client.get(f"{URL}/requests/new"))
    assert "Only your company's designated support users can open requests." in page
    assert "Luis Díaz" in page and "+57 601 123" in page and "soporte@acme.test" in page
    assert 'name="subject"' not in page and "Search guides and videos" in page
    # A form opened before the rule changed is refused the same way, and stores nothing.
    response = client.post(f"{URL}/requests/new", data=new_request_form(token))
    assert "Luis Díaz" in text(response) and ticket_count() == 0


@pytest.mark.parametrize("path", ["/activity", "/requests/new?category=technical_issue"])
def test_pages_speak_the_readers_language(client, site, path):
    sign_in(client, site)
    page = text(client.get(f"/help/acme/es{path}"))
    assert 'lang="es"' in page
    assert ("Mis solicitudes" in page) if path == "/activity" else ("Asunto" in page)

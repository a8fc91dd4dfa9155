"""Requests in the help panel, in headless Chromium on a host page of another origin."""
import json
import re

import pytest

from helpwidget.extensions import db
from helpwidget.models import Ticket
from helpwidget.services import sites, tickets
from tests.support.fixtures_advisors import make_advisor
from tests.support.fixtures_tickets import DESCRIPTION, SUBJECT, identified, post_ticket, stored
from tests.support.fixtures_widget import fill_technical_request, menu, open_panel, panel
from tests.support.identities import sign_identity
from tests.support.live_link import LiveLink
from tests.support.sample_files import png_bytes


@pytest.fixture
def english_host(host_app):
    """The host app in English, so the panel speaks English whatever the catalogs hold."""
    host_app.lang = "en"
    return host_app


def signed_in_as_ana(host_app, site):
    """Make the host page identify Ana (a user of account acc-1) to the widget."""
    jwt = sign_identity(site, sub="ana", name="Ana Pérez", email="ana@example.com",
                        account_id="acc-1", account_name="Pérez y Asociados")
    host_app.extra_script = f"window.HelpWidget('identify', {json.dumps(jwt)});"


def marta_and_anas_request(client, site):
    """Return (Marta, an advisor of the site; the number of a request Ana opened)."""
    advisor = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    ana = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                     account_id="acc-1")
    return advisor, post_ticket(client, site, ana, subject=SUBJECT).get_json()["ticket"]["number"]


def test_open_a_request_with_a_file_and_find_it_in_my_requests(page, english_host, site,
                                                               tmp_path):
    shot = tmp_path / "captura.png"
    shot.write_bytes(png_bytes())
    frame = open_panel(page, english_host, "/invoices/new")
    menu(frame, "new_request")
    frame.locator(".hw-ticket-card").first.wait_for()
    assert frame.locator(".hw-ticket-card").count() == 5
    fill_technical_request(frame)
    frame.locator("#hw-t-files").set_input_files(str(shot))
    item = frame.locator(".hw-file-item", has_text="captura.png")
    item.wait_for()
    item.locator("progress").wait_for(state="detached")  # uploaded
    assert item.locator(".hw-file-error, .hw-field-error").count() == 0
    frame.get_by_role("button", name="Send", exact=True).click()

    done = frame.locator(".hw-ticket-done")
    done.wait_for()
    reference = re.search(r"#\d{6,7}", done.inner_text()).group(0)
    number = int(reference[1:])
    assert f"Your request {reference} was created." in done.inner_text()
    ticket = stored(number)
    assert (ticket.subject, ticket.category, ticket.subcategory) == (
        SUBJECT, "technical_issue", "error_message")
    assert ticket.page_route == "/invoices/new"
    assert [a.filename for a in ticket.attachments] == ["captura.png"]
    page.wait_for_function("() => window.__events.some(e => e[0] === 'ticket_created')")
    events = page.evaluate("window.__events.filter(e => e[0] === 'ticket_created')")
    assert events == [["ticket_created", {"number": number, "reference": reference}]]

    done.get_by_role("button", name=f"See {reference} in my requests").click()
    detail = frame.locator(".hw-request")
    detail.wait_for()
    assert frame.locator("#hw-title").inner_text() == f"Request {reference}"
    detail.get_by_role("button", name=re.compile("captura.png")).wait_for()

    frame.get_by_role("button", name="Back").click()
    frame.get_by_role("button", name="Back").click()
    menu(frame, "my_requests")
    row = frame.locator(f".hw-req-row[data-number='{number}']")
    row.wait_for()
    text = row.inner_text()
    for part in (reference, SUBJECT, "Technical problem › Error message", "Open"):
        assert part in text


def test_a_validation_error_shows_at_its_field_and_keeps_what_was_typed(page, english_host,
                                                                        site):
    frame = open_panel(page, english_host)
    menu(frame, "new_request")
    frame.get_by_role("button", name=re.compile("Technical problem")).click()
    frame.get_by_label("Subject").fill(SUBJECT)
    frame.get_by_label("Description").fill(DESCRIPTION)
    frame.get_by_label("Your name").fill("Ana Pérez")
    frame.get_by_label("Your email").fill("ana@")
    frame.get_by_role("button", name="Send", exact=True).click()
    # A missing choice is said at its field at once.
    frame.locator("#hw-t-subcategory-error").get_by_text(
        "Choose a subcategory; use “Other” when none fits.").wait_for()
    subcategory = frame.get_by_label("Subcategory")
    assert subcategory.get_attribute("aria-invalid") == "true"
    assert subcategory.evaluate("el => el === document.activeElement")

    subcategory.select_option(label="Error message")
    frame.get_by_role("button", name="Send", exact=True).click()
    error = frame.locator("#hw-t-email-error")
    error.wait_for()
    assert error.inner_text().strip()
    assert frame.get_by_label("Your email").get_attribute("aria-invalid") == "true"
    assert frame.locator("#hw-t-subject-error, #hw-t-subcategory-error").count() == 0
    assert frame.get_by_label("Subject").input_value() == SUBJECT
    assert frame.get_by_label("Description").input_value() == DESCRIPTION
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar() == 0

    # The draft outlives the view: back to the menu and in again, everything typed is there.
    frame.get_by_role("button", name="Back").click()
    menu(frame, "new_request")
    assert frame.get_by_label("Subject").input_value() == SUBJECT
    assert frame.get_by_label("Description").input_value() == DESCRIPTION
    assert frame.get_by_label("Your email").input_value() == "ana@"

    frame.get_by_label("Your email").fill("ana@example.com")
    frame.get_by_role("button", name="Send", exact=True).click()
    frame.locator(".hw-ticket-done").wait_for()
    # Sent: the next request starts from the cards with an empty form.
    frame.get_by_role("button", name="Back").click()
    menu(frame, "new_request")
    frame.get_by_role("button", name=re.compile("Technical problem")).click()
    assert frame.get_by_label("Subject").input_value() == ""


def test_an_advisor_reply_appears_live_in_the_open_request(page, english_host, client, site):
    advisor, number = marta_and_anas_request(client, site)
    signed_in_as_ana(english_host, site)
    frame = open_panel(page, english_host)
    menu(frame, "my_requests")
    frame.locator(f".hw-req-row[data-number='{number}']").click()
    detail = frame.locator(".hw-request")
    detail.get_by_text("No answers yet.", exact=False).wait_for()
    assert detail.locator(".hw-status").inner_text() == "Open"

    tickets.advisor_comment(stored(number), advisor, "<b>Hola Ana</b>, ya lo estamos revisando.")

    reply = detail.locator(".hw-comment-advisor")
    reply.wait_for()
    assert reply.locator(".hw-comment-author").inner_text() == "Marta Gómez"
    assert reply.locator(".hw-comment-body").inner_text() == (
        "<b>Hola Ana</b>, ya lo estamos revisando.")
    assert reply.locator("b").count() == 0
    detail.locator(".hw-status", has_text="Pending").wait_for()

    # Her answer goes into the same thread.
    frame.get_by_label("Your reply").fill("Gracias, adjunto el detalle.")
    frame.get_by_role("button", name="Send reply").click()
    detail.locator(".hw-comment-requester", has_text="Gracias, adjunto el detalle.").wait_for()
    assert [c.body for c in stored(number).comments][-1] == "Gracias, adjunto el detalle."


def test_rating_a_resolved_request(page, english_host, client, site):
    advisor, number = marta_and_anas_request(client, site)
    tickets.advisor_comment(stored(number), advisor, "Listo, ya puedes emitir.",
                            status="resolved")
    signed_in_as_ana(english_host, site)
    frame = open_panel(page, english_host)
    menu(frame, "my_requests")
    frame.get_by_role("tab", name="Closed").click()
    frame.locator(f".hw-req-row[data-number='{number}']").click()
    rating = frame.locator(".hw-rating")
    rating.wait_for()
    rating.get_by_role("button", name="Send rating").click()
    rating.get_by_text("Choose from 1 to 5 stars.").wait_for()  # no score yet: nothing sent
    rating.locator(".hw-star").nth(3).click()  # the fourth star
    assert rating.get_by_label("4 out of 5").is_checked()
    rating.get_by_label("Comment (optional)").fill("<i>Rápido</i> y claro")
    rating.get_by_role("button", name="Send rating").click()

    given = frame.locator(".hw-rated")
    given.wait_for()
    assert "You rated it 4 out of 5." in given.inner_text()
    assert given.locator(".hw-rated-comment").inner_text() == "<i>Rápido</i> y claro"
    assert frame.locator(".hw-rating").count() == 0  # once
    ticket = stored(number)
    assert (ticket.rating, ticket.rating_comment) == (4, "<i>Rápido</i> y claro")


def test_closing_my_request_moves_it_to_closed(page, english_host, client, site):
    ana = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                     account_id="acc-1")
    number = post_ticket(client, site, ana, subject=SUBJECT).get_json()["ticket"]["number"]
    signed_in_as_ana(english_host, site)
    frame = open_panel(page, english_host)
    menu(frame, "my_requests")
    frame.locator(f".hw-req-row[data-number='{number}']").click()
    frame.get_by_role("button", name="Close my request").click()
    frame.get_by_role("button", name="Yes, close it").click()
    frame.locator(".hw-request .hw-status", has_text="Closed").wait_for()
    frame.get_by_text(f"open a new request and mention #{number}", exact=False).wait_for()
    assert frame.get_by_label("Your reply").count() == 0
    assert stored(number).status == "closed"

    frame.get_by_role("button", name="Back").click()
    frame.get_by_text("You have no open requests.").wait_for()
    frame.get_by_role("tab", name="Closed").click()
    frame.locator(f".hw-req-row[data-number='{number}']").wait_for()


def test_only_designated_support_users_may_open_requests(page, english_host, client, site):
    sites.save_site(site.key, support_users_only=True)
    # Jefa is her company's designated support user; Ana is not.
    identified(client, site, sub="jefa", name="Jefa Ruiz", email="jefa@example.com",
               account_id="acc-1", support_user=True)
    jwt = sign_identity(site, sub="ana", name="Ana Pérez", email="ana@example.com",
                        account_id="acc-1", support_user=False)
    english_host.extra_script = f"window.HelpWidget('identify', {json.dumps(jwt)});"
    frame = open_panel(page, english_host)
    menu(frame, "new_request")
    refusal = frame.locator(".hw-ticket-refused")
    refusal.get_by_text("Only your company's designated support users can open requests",
                        exact=False).wait_for()
    assert frame.locator(".hw-ticket-card, .hw-ticket-form").count() == 0
    refusal.get_by_role("button", name="Search guides and videos").click()
    frame.locator("#hw-title", has_text="Search").wait_for()


def test_my_requests_follow_status_changes_live(page, english_host, client, site):
    advisor, number = marta_and_anas_request(client, site)
    signed_in_as_ana(english_host, site)
    frame = open_panel(page, english_host)
    menu(frame, "my_requests")
    row = frame.locator(f".hw-req-row[data-number='{number}']")
    assert row.locator(".hw-status").inner_text() == "Open"

    tickets.change_status(stored(number), "awaiting_reply", advisor=advisor)
    row.locator(".hw-status", has_text="Awaiting your reply").wait_for()
    tickets.change_status(stored(number), "closed", advisor=advisor)
    row.wait_for(state="detached")
    frame.get_by_text("You have no open requests.").wait_for()


def test_a_change_made_while_the_live_connection_was_away_shows_when_it_is_back(
        page, english_host, client, site):
    link = LiveLink(page)
    advisor, number = marta_and_anas_request(client, site)
    signed_in_as_ana(english_host, site)
    frame = open_panel(page, english_host)
    menu(frame, "my_requests")
    status = frame.locator(f".hw-req-row[data-number='{number}'] .hw-status")
    assert status.inner_text() == "Open"
    link.wait_joined()

    link.cut()
    tickets.change_status(stored(number), "awaiting_reply", advisor=advisor)
    page.wait_for_timeout(500)
    assert status.inner_text() == "Open"  # its event went nowhere
    link.restore()
    link.wait_joined(2, within=15)
    status.filter(has_text="Awaiting your reply").wait_for()


def test_the_host_opens_a_prefilled_request(page, english_host, site):
    page.goto(english_host.url + "/reports/sales")
    page.evaluate("HelpWidget('newTicket', {category: 'questions', subcategory: 'reports', "
                  "subject: 'Informe vacío', description: 'El informe de ventas sale vacío.'})")
    frame = panel(page)
    frame.locator(".hw-ticket-form").wait_for()
    assert "Questions" in frame.locator(".hw-ticket-type").inner_text()
    assert frame.get_by_label("Subcategory").input_value() == "reports"
    assert frame.get_by_label("Subject").input_value() == "Informe vacío"
    assert frame.get_by_label("Description").input_value() == "El informe de ventas sale vacío."


def test_a_request_whose_answer_was_lost_is_opened_once_when_sent_again(page, english_host,
                                                                         site):
    lost = []

    def lose_the_first_answer(route):
        if route.request.method == "POST" and not lost:
            lost.append(route.fetch().status)  # the server stores it; the answer never arrives
            route.abort("connectionreset")
        else:
            route.continue_()
    page.route(re.compile(r".*/api/v1/tickets\?.*"), lose_the_first_answer)
    frame = open_panel(page, english_host, "/invoices/new")
    menu(frame, "new_request")
    fill_technical_request(frame)
    send = frame.get_by_role("button", name="Send", exact=True)
    send.click()
    frame.locator(".hw-error[role=alert]").wait_for()  # the user is told it did not go through
    assert lost == [201]
    send.click()  # and sends it again, as typed
    frame.locator(".hw-ticket-done").wait_for()
    db.session.expire_all()
    assert db.session.execute(db.select(Ticket.subject)).scalars().all() == [SUBJECT]

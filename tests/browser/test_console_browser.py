"""The advisor console in headless Chromium: sign in, answer a ticket, edit an article, safely."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import Ticket, TicketComment
from tests.support.articles import make_article
from tests.support.fixtures_advisors import sign_in_console
from tests.support.fixtures_tickets import auth, identified, post_ticket

# Records what the page's Content-Security-Policy blocked (Chromium also logs it as an error).
CSP_PROBE = """
document.addEventListener("securitypolicyviolation", function (event) {
  (window.__csp = window.__csp || []).push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def console(page, live_server):
    """Return (page, problems): a page that records dialogs, console errors and CSP reports."""
    problems = {"dialogs": [], "errors": []}

    def on_dialog(dialog):
        problems["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: msg.type == "error" and problems["errors"].append(msg.text))
    page.add_init_script(CSP_PROBE)
    yield page, problems
    assert problems["errors"] == [], problems["errors"]
    assert problems["dialogs"] == [], problems["dialogs"]


def csp_reports(page):
    """Return what the page's CSP refused so far."""
    return page.evaluate("window.__csp || []")


def test_an_advisor_signs_in_and_answers_a_ticket(console, live_server, client, site,
                                                  admin_advisor):
    page, problems = console
    ana = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                     account_id="acc-1")
    number = post_ticket(client, site, ana, subject="No puedo emitir facturas").get_json()[
        "ticket"]["number"]
    sign_in_console(page, live_server, admin_advisor.email)
    assert page.locator("#me-name").inner_text() == "Piotr Nowak"

    page.get_by_role("tab", name="Tickets").click()
    row = page.locator(".ticket-row", has_text="No puedo emitir facturas")
    row.click()
    assert page.locator(".detail-head h2").inner_text() == f"#{number} No puedo emitir facturas"
    page.locator(".message.requester", has_text="error 500").wait_for()

    page.get_by_label("Message").fill("Hola Ana, ya lo estamos revisando.")
    page.get_by_role("button", name="Send reply").click()
    page.locator(".thread .message.advisor",
                 has_text="Hola Ana, ya lo estamos revisando.").wait_for()

    page.get_by_label("Internal note (advisors only)").check()
    page.get_by_label("Message").fill("Revisar el certificado del cliente.")
    page.get_by_role("button", name="Add note").click()
    page.locator(".thread .message.internal", has_text="Revisar el certificado").wait_for()

    db.session.expire_all()
    ticket = db.session.execute(db.select(Ticket).filter_by(number=number)).scalar_one()
    stored = db.session.execute(db.select(TicketComment).filter_by(
        ticket_id=ticket.id).order_by(TicketComment.id)).scalars().all()
    assert [(c.author_kind, c.author_advisor_id, c.internal, c.body) for c in stored] == [
        ("advisor", admin_advisor.id, False, "Hola Ana, ya lo estamos revisando."),
        ("advisor", admin_advisor.id, True, "Revisar el certificado del cliente.")]
    seen = client.get(f"/api/v1/tickets/{number}?site=acme", headers=auth(ana)).get_json()
    assert [c["body"] for c in seen["ticket"]["comments"]] == [
        "Hola Ana, ya lo estamos revisando."]
    assert csp_reports(page) == [] and problems["dialogs"] == []


def test_html_in_a_ticket_shows_as_text(console, live_server, client, site, admin_advisor):
    page, problems = console
    token = identified(client, site, sub="eve", name="<b>Eve</b>", email="eve@example.com")
    subject = "<img src=x onerror=alert(1)>"
    post_ticket(client, site, token, subject=subject,
                description="<script>alert(2)</script> and <img src=y onerror=alert(3)>")
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Tickets").click()
    row = page.locator(".ticket-row .subject", has_text=subject)
    assert row.inner_text() == subject
    row.click()
    page.locator(".message.requester", has_text="<script>alert(2)</script>").wait_for()
    assert page.locator(".detail-head h2 .subject").inner_text() == subject
    assert page.locator(".message.requester .author").inner_text() == "<b>Eve</b>"
    assert page.locator("#main img, #main script, #main b").count() == 0
    page.wait_for_timeout(300)  # a handler would fire as soon as the image failed to load
    assert problems["dialogs"] == [] and csp_reports(page) == []


def test_an_urgent_request_pops_up_and_opens(console, live_server, client, site, advisor):
    page, problems = console
    sign_in_console(page, live_server, advisor.email)
    token = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com")
    number = post_ticket(client, site, token, category="platform_down", subcategory="other",
                         subject="Plataforma inaccesible").get_json()["ticket"]["number"]
    toast = page.locator(".toast.urgent", has_text=f"Urgent request #{number}")
    toast.wait_for()
    assert "Plataforma inaccesible" in toast.inner_text()
    assert page.locator("#tab-articles").count() == 0  # not an admin
    toast.click()
    page.locator(".detail-head h2", has_text="Plataforma inaccesible").wait_for()
    assert page.get_by_role("tab", name="Tickets").get_attribute("aria-selected") == "true"
    assert csp_reports(page) == [] and problems["dialogs"] == []


def test_an_admin_edits_an_article_and_search_finds_it(console, live_server, client, site,
                                                      admin_advisor):
    page, problems = console
    make_article(site, "Registrar pagos", slug="pagos", body="Pagos de clientes.",
                 category="Cobros")
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Articles").click()
    page.get_by_role("button", name="Registrar pagos").click()
    page.get_by_label("Title").fill("Conciliar cobros de clientes")
    body = page.get_by_label("Text (Markdown)")
    body.fill("## Paso a paso\n\nAbre **Cobros**.\n\n<script>alert(1)</script>")
    page.locator(".preview h2", has_text="Paso a paso").wait_for()
    assert page.locator(".preview strong").inner_text() == "Cobros"
    assert page.locator(".preview script").count() == 0
    page.get_by_label("App pages it helps with").fill("/payments/:id")
    page.get_by_role("button", name="Save").click()
    page.locator("h2", has_text="Edit: Conciliar cobros de clientes").wait_for()

    found = client.get("/api/v1/search", query_string={
        "site": "acme", "locale": "es", "q": "conciliar cobros"}).get_json()
    assert [r["title"] for r in found["results"]] == ["Conciliar cobros de clientes"]
    context = client.get("/api/v1/context", query_string={
        "site": "acme", "locale": "es", "route": "/payments/12"}).get_json()
    assert [a["title"] for a in context["articles"]] == ["Conciliar cobros de clientes"]
    assert csp_reports(page) == [] and problems["dialogs"] == []

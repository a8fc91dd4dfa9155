"""A comment held for review, approved and answered from the console, and the asker's email."""
import pytest

from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import Post
from tests.support.articles import make_article
from tests.support.fixtures_advisors import sign_in_console
from tests.support.helpcenter_readers import COOKIE, help_center_user

# Records what the page's Content-Security-Policy blocked (Chromium also logs it as an error).
CSP_PROBE = """
document.addEventListener("securitypolicyviolation", function (event) {
  (window.__csp = window.__csp || []).push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def second_page(browser):
    """Return a page in a browser context of its own (another person's browser)."""
    context = browser.new_context()
    context.add_init_script(CSP_PROBE)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], errors


def sign_in_help_center(page, site, raw):
    """Give the browser the help center's session cookie, as signing in would."""
    page.context.add_cookies([{"name": COOKIE, "value": raw, "domain": "127.0.0.1",
                               "path": f"/help/{site.key}/", "httpOnly": True,
                               "sameSite": "Lax"}])


def test_a_held_comment_is_approved_and_answered_and_the_asker_is_emailed(
        page, second_page, browser, live_server, site, advisor, smtp_server):
    make_article(site, "Cómo anular una factura electrónica",
                 "Abre **Facturas** y pulsa *Anular*.", slug="anular-factura")
    _ana, raw = help_center_user(site, "ana", "Ana Pérez", "ana@example.com", locale="es")
    url = f"{live_server}/help/acme/es/articles/anular-factura"

    # Ana, signed in, asks under the article and leaves her phone number: it waits for review.
    sign_in_help_center(page, site, raw)
    page.add_init_script(CSP_PROBE)
    page.goto(url)
    page.get_by_label("Haz una pregunta o deja un comentario").fill(
        "No me deja anular, ¿me llaman al 310 555 0199?")
    page.get_by_role("button", name="Publicar comentario").click()
    page.wait_for_url(url + "#comment-*")
    mine = page.locator(".comment-list > li", has_text="310 555 0199")
    mine.locator(".badge.pending", has_text="Esperando revisión").wait_for()
    assert "revisado" in page.locator(".comments .notice").inner_text()
    assert page.evaluate("window.__csp || []") == []
    comment = db.session.execute(db.select(Post)).scalar_one()
    assert (comment.state, comment.held_reason) == ("pending", "phone")

    # A reader who is not signed in sees nothing of it, and is asked to sign in to comment.
    anonymous = browser.new_context()
    try:
        reader = anonymous.new_page()
        reader.goto(url)
        assert "310 555 0199" not in reader.locator("main").inner_text()
        reader.get_by_role("link", name="Inicia sesión para comentar").wait_for()
    finally:
        anonymous.close()

    # Marta, in the console, finds it first in the queue with why it waits, approves and answers.
    console = second_page
    sign_in_console(console, live_server, advisor.email)
    console.get_by_role("tab", name="Community & comments").click()
    row = console.locator(".post-row", has_text="310 555 0199")
    row.locator(".badge.held", has_text="Has a phone number").wait_for()
    row.click()
    console.locator(".post-detail a", has_text="Cómo anular una factura electrónica").wait_for()
    console.get_by_role("button", name="Approve").click()
    console.locator(".post-detail .badge.post-published").wait_for()
    console.get_by_label("Answer in public as the support team").fill(
        "Hola Ana: en Facturas > Anular, dentro de las 48 horas siguientes. <b>Listo</b>")
    console.get_by_role("button", name="Publish answer").click()
    console.locator(".post-replies .message.advisor", has_text="dentro de las 48 horas").wait_for()
    assert console.evaluate("window.__csp || []") == []

    # On the article: her comment, published, with the support team's answer under it.
    page.goto(url)
    thread = page.locator(".comment-list > li", has_text="310 555 0199")
    assert thread.locator(".badge.pending").count() == 0
    answer = thread.locator(".replies li.staff")
    answer.locator(".badge.staff", has_text="Equipo de soporte").wait_for()
    assert "Facturas > Anular" in answer.inner_text() and "<b>Listo</b>" in answer.inner_text()
    assert answer.locator("b").count() == 0

    # And her email, in Spanish, with the answer and the way back to the article.
    outbox_sender.deliver_due()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "ana@example.com"
    assert "respondió tu comentario" in str(mail["Subject"])
    text = mail.get_body(("plain",)).get_content()
    assert "dentro de las 48 horas" in text
    assert f"/help/acme/es/articles/anular-factura#comment-{comment.id}" in text

"""Signing in to the help center in headless Chromium: from a host link, and by emailed link."""
import re
from urllib.parse import quote

from helpwidget.background import outbox_sender
from tests.support.articles import make_article
from tests.support.fixtures_tickets import anonymous, post_ticket
from tests.support.identities import sign_identity


def _content(site):
    """A public article and one only accountants may read."""
    make_article(site, "Emitir una factura", slug="emitir", category="Facturación",
                 body="Pasos para emitir.")
    make_article(site, "Cierre contable para contadores", slug="cierre",
                 category="Contadores", audience=["accountant"], body="Solo para contadores.")


def test_a_host_link_arrives_signed_in_and_shows_restricted_articles(live_server, page,
                                                                     browser, site):
    _content(site)
    token = sign_identity(site, name="Ana Pérez", account_type="accountant")
    target = f"{live_server}/help/acme/sso?jwt={token}&return_to=" + quote(
        "/help/acme/es/articles/cierre")
    # The host product's page links into the help center with a fresh identity token.
    page.set_content(f'<a href="{target}">Centro de ayuda</a>')
    page.get_by_role("link", name="Centro de ayuda").click()
    page.wait_for_url(f"{live_server}/help/acme/es/articles/cierre")
    assert page.locator("article h1").inner_text() == "Cierre contable para contadores"
    header = page.get_by_role("navigation", name="Tu cuenta")
    assert header.get_by_text("Ana Pérez").is_visible()
    assert header.get_by_role("button", name="Cerrar sesión").is_visible()
    page.get_by_role("link", name="Contadores").first.wait_for()

    # Another browser, not signed in, neither reads the article nor sees that it exists.
    other = browser.new_context()
    stranger = other.new_page()
    response = stranger.goto(f"{live_server}/help/acme/es/articles/cierre")
    assert response.status == 404
    stranger.goto(f"{live_server}/help/acme/es/")
    assert stranger.get_by_text("Contadores").count() == 0
    assert stranger.get_by_role("link", name="Iniciar sesión").is_visible()
    other.close()

    # The same link opened again (from history, a log) signs nobody in.
    again = browser.new_context()
    replay = again.new_page()
    replay.goto(target)
    replay.get_by_role("heading", name="No pudimos iniciar tu sesión").wait_for()
    replay.get_by_role("link", name="Iniciar sesión con tu correo electrónico").click()
    replay.get_by_label("Correo electrónico").wait_for()
    again.close()

    # Signing out leaves the reader anonymous.
    header.get_by_role("button", name="Cerrar sesión").click()
    page.get_by_role("link", name="Iniciar sesión").wait_for()
    assert page.goto(f"{live_server}/help/acme/es/articles/cierre").status == 404


def test_signing_in_by_an_emailed_link(live_server, page, app, client, site, smtp_server):
    _content(site)
    app.config["PUBLIC_URL"] = live_server
    # Pedro once wrote to support without an account: his address may sign in.
    post_ticket(client, site, anonymous(client, site), name="Pedro", email="pedro@example.com",
                subject="No puedo emitir facturas")
    outbox_sender.deliver_due()
    smtp_server.wait_for(1)

    page.goto(f"{live_server}/help/acme/es/articles/emitir")
    page.get_by_role("link", name="Iniciar sesión").click()
    page.get_by_label("Correo electrónico").fill("Pedro@Example.com")
    page.get_by_role("button", name="Enviarme un enlace de inicio de sesión").click()
    page.get_by_text("te enviamos un enlace").wait_for()

    outbox_sender.deliver_due()
    mail = smtp_server.wait_for(2)[-1]
    assert mail["To"] == "pedro@example.com"
    link = re.search(r"(http://\S+/sign-in/[\w-]+)", mail.get_body(("plain",)).get_content())
    page.goto(link.group(1))
    page.get_by_role("button", name="Iniciar sesión").click()
    # Back on the article the reader started from, signed in.
    page.wait_for_url(f"{live_server}/help/acme/es/articles/emitir")
    header = page.get_by_role("navigation", name="Tu cuenta")
    header.get_by_text("pedro@example.com").wait_for()
    assert header.get_by_role("button", name="Cerrar sesión").is_visible()

    # The link worked once: opening it again says so and offers the form.
    page.goto(link.group(1))
    page.get_by_text("caducó o ya se usó").wait_for()

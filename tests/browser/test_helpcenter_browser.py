"""The public help center in headless Chromium: searching, reading and rating an article."""
from helpwidget.extensions import db
from helpwidget.models import ArticleFeedback
from tests.support.articles import make_article


def test_search_then_read_then_rate(live_server, page, site):
    make_article(site, "Emitir una factura electrónica", slug="emitir", category="Facturación",
                 body="Abre **Facturas** y pulsa *Nueva factura*.")
    make_article(site, "Registrar pagos", slug="pagos", body="Pagos de clientes.")
    page.goto(f"{live_server}/help/acme/es/")
    page.get_by_label("Buscar en el centro de ayuda").fill("factrua electronica")
    page.get_by_role("button", name="Buscar").click()
    page.get_by_text("¿Quisiste decir").wait_for()
    page.get_by_role("link", name="Emitir una factura electrónica").click()
    assert page.locator("article h1").inner_text() == "Emitir una factura electrónica"

    page.get_by_role("button", name="No").click()
    page.get_by_label("¿Qué faltó? (opcional)").fill("Falta un ejemplo con IVA")
    page.get_by_role("button", name="Enviar").click()
    page.get_by_text("Gracias por tu opinión.").wait_for()

    db.session.expire_all()
    answer = db.session.execute(db.select(ArticleFeedback)).scalar_one()
    assert (answer.helpful, answer.comment) == (False, "Falta un ejemplo con IVA")


def test_a_visitor_is_asked_once_per_article(live_server, page, site):
    make_article(site, "Registrar pagos", slug="pagos", body="Pagos de clientes.")
    url = f"{live_server}/help/acme/es/articles/pagos"
    page.goto(url)
    page.get_by_role("button", name="Sí").click()
    page.get_by_text("Gracias por tu opinión.").wait_for()
    page.goto(url)
    page.get_by_text("Gracias por tu opinión.").wait_for()
    assert not page.get_by_role("button", name="Sí").is_visible()
    db.session.expire_all()
    answer = db.session.execute(db.select(ArticleFeedback)).scalar_one()
    assert answer.helpful is True


def test_a_failed_send_says_so(live_server, page, site):
    make_article(site, "Registrar pagos", slug="pagos", body="Pagos de clientes.")
    page.route("**/feedback?*", lambda route: route.fulfill(status=503, body="{}"))
    page.goto(f"{live_server}/help/acme/es/articles/pagos")
    page.get_by_role("button", name="Sí").click()
    page.get_by_text("No pudimos enviar tu respuesta. Inténtalo de nuevo.").wait_for()
    assert page.get_by_role("button", name="Sí").is_visible()

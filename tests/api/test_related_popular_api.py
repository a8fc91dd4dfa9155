"""GET /articles/<slug>/related and GET /popular: what to read next, and for the page."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import Article
from tests.support.articles import make_article
from tests.support.identities import open_session, sign_identity


def get(client, path, token=None, status=200, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get(f"/api/v1{path}", query_string={"site": "acme", **params},
                          headers=headers)
    assert response.status_code == status, response.get_json()
    return response.get_json()


def slugs(data):
    return [a["slug"] for a in data["articles"]]


def views(slug, count):
    db.session.execute(db.update(Article).where(Article.slug == slug).values(views=count))
    db.session.commit()


def token_for(client, site, account_type):
    identity = sign_identity(site, account_type=account_type)
    return open_session(client, site, identity=identity)["visitor_token"]


@pytest.fixture
def content(site):
    make_article(site, "Emitir una factura", slug="emitir", category="Facturación",
                 body="Pasos para emitir.", routes=["/invoices/new"])
    make_article(site, "Anular una factura", slug="anular", category="Facturación")
    make_article(site, "Enviar una factura por correo", slug="enviar", category="Facturación")
    make_article(site, "Facturas de socios", slug="socios", category="Facturación",
                 audience=["partner"])
    make_article(site, "Borrador de factura", slug="borrador", category="Facturación",
                 published=False)
    make_article(site, "Plantillas de factura", slug="plantillas", category="Diseño",
                 body="Cambia el diseño de cada factura.")
    make_article(site, "Copias de seguridad", slug="copias", category="Sistema",
                 body="Guarda tus datos.")
    make_article(site, "Emitir facturas en lote", slug="lote-en", locale="en",
                 category="Invoicing")


def test_related_puts_the_category_first_most_read_first_then_similar_titles(client, content):
    views("enviar", 9)
    data = get(client, "/articles/emitir/related")
    assert data["locale"] == "es"
    assert slugs(data)[:2] == ["enviar", "anular"]
    # Topped up by a search on the title: another category's invoice article, not the backups.
    assert "plantillas" in slugs(data) and "copias" not in slugs(data)
    assert "emitir" not in slugs(data) and len(slugs(data)) <= 4
    assert data["articles"][0]["url"].endswith("/help/acme/es/articles/enviar")


def test_related_never_shows_restricted_or_unpublished_articles(client, site, content):
    shown = slugs(get(client, "/articles/anular/related"))
    assert "socios" not in shown and "borrador" not in shown
    assert "socios" not in slugs(get(client, "/articles/anular/related",
                                     token=token_for(client, site, "accountant")))
    assert "socios" in slugs(get(client, "/articles/anular/related",
                                 token=token_for(client, site, "partner")))


def test_related_of_an_article_the_reader_may_not_read_is_404(client, site, content):
    get(client, "/articles/socios/related", status=404)
    get(client, "/articles/borrador/related", status=404)
    get(client, "/articles/nope/related", status=404)
    get(client, "/articles/socios/related", token=token_for(client, site, "partner"))


def test_related_stays_in_the_language_asked(client, content):
    assert slugs(get(client, "/articles/lote-en/related", locale="en")) == []
    get(client, "/articles/lote-en/related", status=404)


def test_related_caps_at_four(client, site):
    for n in range(7):
        make_article(site, f"Factura número {n}", slug=f"f-{n}", category="Facturación")
    assert len(slugs(get(client, "/articles/f-0/related"))) == 4


def test_popular_gives_the_routes_articles_first_then_the_most_read(client, content):
    views("copias", 50)
    views("anular", 20)
    data = get(client, "/popular", route="/invoices/new")
    assert data["route"] == "/invoices/new" and data["matched"] == "route"
    assert slugs(data)[:3] == ["emitir", "copias", "anular"]
    assert len(slugs(data)) == 5


def test_popular_without_a_route_is_the_most_read(client, content):
    views("plantillas", 7)
    data = get(client, "/popular", limit=2)
    assert data["matched"] == "none" and slugs(data)[0] == "plantillas" and len(slugs(data)) == 2


def test_popular_never_shows_restricted_articles_to_others(client, site, content):
    views("socios", 1000)
    make_article(site, "Socios en facturas", slug="socios-ruta", audience=["partner"],
                 routes=["/invoices/new"])
    for token in (None, token_for(client, site, "accountant")):
        shown = slugs(get(client, "/popular", token=token, route="/invoices/new", limit=20))
        assert "socios" not in shown and "socios-ruta" not in shown and "borrador" not in shown
    partner = slugs(get(client, "/popular", token=token_for(client, site, "partner"),
                        route="/invoices/new"))
    assert set(partner[:2]) == {"socios-ruta", "emitir"} and "socios" in partner


def test_popular_follows_the_language(client, content):
    assert slugs(get(client, "/popular", locale="en", route="/x")) == ["lote-en"]


def test_popular_validates_its_input_in_the_callers_language(client, site):
    response = client.get("/api/v1/popular", query_string={"site": "acme", "limit": 99},
                          headers={"Accept-Language": "es"})
    assert response.status_code == 400 and "limit" in response.get_json()["fields"]
    response = client.get("/api/v1/popular", query_string={"site": "acme", "route": "/" * 2001})
    assert response.status_code == 400 and "route" in response.get_json()["fields"]
    assert client.get("/api/v1/popular").status_code == 400
    assert client.get("/api/v1/popular?site=nowhere").status_code == 404

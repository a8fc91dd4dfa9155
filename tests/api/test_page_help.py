"""GET /api/v1/context: help on the host page the user is on."""
from tests.support.articles import make_article
from tests.support.identities import open_session, sign_identity


def context(client, route, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get("/api/v1/context", query_string={"site": "acme", "route": route,
                                                           **params}, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def slugs(data):
    return [a["slug"] for a in data["articles"]]


def test_most_specific_pattern_comes_first(client, site):
    make_article(site, "Todo sobre facturas", slug="facturas", routes=["/invoices/*"])
    make_article(site, "Editar una factura", slug="editar", routes=["/invoices/:id/edit"])
    make_article(site, "Editar la factura 4711", slug="exacta", routes=["/invoices/4711/edit"])
    make_article(site, "Clientes", slug="clientes", routes=["/customers"])
    data = context(client, "/invoices/4711/edit")
    assert data["matched"] == "route"
    assert slugs(data) == ["exacta", "editar", "facturas"]
    assert slugs(context(client, "/invoices/99/edit")) == ["editar", "facturas"]


def test_trailing_slash_query_and_fragment_do_not_matter(client, site):
    make_article(site, "Nueva factura", slug="nueva", routes=["/invoices/new"])
    for route in ("/invoices/new/", "/invoices/new?draft=1", "/invoices/new#lines",
                  "https://app.acme.test/invoices/new/?x=1#y"):
        assert slugs(context(client, route)) == ["nueva"]


def test_articles_keep_their_audience_and_locale(client, site):
    make_article(site, "Exportar a contabilidad", slug="export", routes=["/export"],
                 audience=["accountant"])
    make_article(site, "Export", slug="export-en", locale="en", routes=["/export"])
    make_article(site, "Borrador", slug="draft", routes=["/export"], published=False)
    assert slugs(context(client, "/export")) == []
    token = open_session(client, site, identity=sign_identity(site))["visitor_token"]
    assert slugs(context(client, "/export", token=token)) == ["export"]
    assert slugs(context(client, "/export", locale="en")) == ["export-en"]


def test_falls_back_to_searching_the_route_words_and_page_title(client, site):
    make_article(site, "Conciliación bancaria paso a paso", slug="conciliacion",
                 body="Concilia los movimientos del extracto bancario.")
    make_article(site, "Crear clientes", slug="clientes", body="Alta de clientes.")
    data = context(client, "/bank/8812", title="Conciliación bancaria")
    assert data["matched"] == "search" and slugs(data)[0] == "conciliacion"


def test_nothing_found_says_so(client, site):
    data = context(client, "/zzz/12345")
    assert data == {"route": "/zzz/12345", "matched": "none", "locale": "es", "articles": []}


def test_missing_route_is_a_field_error_in_the_callers_language(client, site):
    response = client.get("/api/v1/context?site=acme", headers={"Accept-Language": "pl"})
    assert response.status_code == 400
    assert response.get_json()["fields"]["route"] == ["To pole jest wymagane."]


def test_how_many_articles_follows_the_configuration(app, client, site):
    for n in range(4):
        make_article(site, f"Facturas {n}", slug=f"f-{n}", routes=["/invoices/*"])
    assert len(slugs(context(client, "/invoices"))) == 4
    app.config["CONTEXT_LIMIT"] = 3
    assert len(slugs(context(client, "/invoices"))) == 3

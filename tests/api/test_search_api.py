"""GET /api/v1/search: end to end, from saving articles to ranked, filtered results."""
import pytest

from helpwidget import search
from helpwidget.extensions import db
from helpwidget.models import Article
from helpwidget.services import articles
from tests.support.articles import make_article
from tests.support.identities import open_session, sign_identity


def find(client, q, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.get("/api/v1/search", query_string={"site": "acme", "q": q, **params},
                          headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def slugs(found):
    return [hit["slug"] for hit in found["results"]]


@pytest.fixture
def content(site):
    make_article(site, "Cómo emitir una factura electrónica", slug="emitir",
                 category="Facturación", summary="Emite y envía facturas a la DIAN.",
                 body="Abre Facturas, pulsa Nueva factura y completa los datos del cliente.")
    make_article(site, "Registrar pagos de clientes", slug="pagos",
                 body="Cuando un cliente paga una factura, registra el pago en Cartera.")
    make_article(site, "Comisiones del programa de socios", slug="socios",
                 audience=["partner"], body="Las comisiones secretas por factura electrónica.")
    make_article(site, "Issue an electronic invoice", slug="issue", locale="en",
                 body="Open Invoices and press New invoice.")


def test_results_are_ranked_and_described(client, content):
    found = find(client, "factura electronica")
    assert slugs(found)[0] == "emitir"
    first = found["results"][0]
    assert first["title"] == "Cómo emitir una factura electrónica" and first["kind"] == "article"
    assert first["category"] == {"slug": "facturacion", "title": "Facturación"}
    assert "<mark>" in first["snippet"] and found["locale"] == "es"


def test_restricted_articles_stay_hidden_from_others(client, site, other_site, content):
    assert "socios" not in slugs(find(client, "comisiones"))
    assert find(client, "comisiones secretas")["total"] == 0
    partner = open_session(client, site, identity=sign_identity(
        site, account_type="partner"))["visitor_token"]
    assert slugs(find(client, "comisiones", token=partner)) == ["socios"]
    accountant = open_session(client, site, identity=sign_identity(site))["visitor_token"]
    assert find(client, "comisiones", token=accountant)["total"] == 0


def test_locale_picks_the_language(client, content):
    assert slugs(find(client, "invoice", locale="en")) == ["issue"]
    assert "issue" not in slugs(find(client, "invoice"))


def test_other_sites_never_see_this_sites_articles(client, other_site, content):
    response = client.get("/api/v1/search", query_string={"site": "globex", "q": "factura"})
    assert response.get_json()["total"] == 0


def test_prefixes_find_results_as_the_user_types(client, content):
    assert "emitir" in slugs(find(client, "emit"))
    assert "pagos" in slugs(find(client, "pag"))


def test_typo_gets_a_suggestion(client, content):
    found = find(client, "factrua")
    assert found["suggestion"] == "factura" and "emitir" in slugs(found)


def test_edits_reach_search_without_restart(client, site, content):
    article = db.session.execute(db.select(Article).filter_by(slug="pagos")).scalar_one()
    make_article(site, "Registrar abonos de clientes", slug="pagos", body="Abonos parciales.")
    assert slugs(find(client, "abonos")) == ["pagos"]
    make_article(site, "Registrar abonos de clientes", slug="pagos", published=False)
    assert find(client, "abonos")["total"] == 0
    articles.delete_article(db.session.get(Article, article.id))
    assert find(client, "clientes")["total"] == 1


def test_reindex_rebuilds_from_the_database(runner, client, content):
    search.get_index().rebuild([])
    assert find(client, "factura")["total"] == 0
    result = runner.invoke(args=["reindex"])
    assert "indexed 4 articles" in result.output
    assert slugs(find(client, "factura electronica"))[0] == "emitir"


def test_kind_filter_and_paging(client, site, content):
    for n in range(12):
        make_article(site, f"Pregunta frecuente {n} sobre facturas", slug=f"faq-{n}", kind="faq")
    found = find(client, "facturas", kind="faq", per_page=5, page=3)
    assert found["total"] == 12 and len(found["results"]) == 2
    assert all(hit["kind"] == "faq" for hit in found["results"])


@pytest.mark.parametrize("q", ['"', "title:x OR (", "*", "AND", "factura)(", "ñ" * 200, "   ",
                               "<script>alert(1)</script>", "\u202e\u0000x"])
def test_any_query_text_is_answered_safely(client, content, q):
    found = find(client, q)
    assert "<script>" not in str(found["results"])


def test_empty_query_returns_nothing(client, content):
    assert find(client, "")["total"] == 0


def test_page_size_follows_the_configuration(app, client, site, content):
    for n in range(4):
        make_article(site, f"Factura número {n}", slug=f"factura-{n}")
    app.config["SEARCH_PAGE_SIZE"] = 2
    found = find(client, "factura")
    assert found["per_page"] == 2 and len(found["results"]) == 2 and found["total"] > 2

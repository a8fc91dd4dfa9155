"""Reading the help center through the API, and "was this helpful?"."""
import pytest

from tests.support.articles import make_article
from tests.support.identities import open_session, sign_identity


@pytest.fixture
def content(site):
    make_article(site, "Emitir una factura", slug="emitir", category="Facturación",
                 body="Pasos <script>alert(1)</script> para **emitir**.", routes=["/invoices/new"])
    make_article(site, "Anular una factura", slug="anular", category="Facturación", kind="faq")
    make_article(site, "Programa de socios", slug="socios", audience=["partner"],
                 category="Socios")
    make_article(site, "Borrador", slug="borrador", published=False, category="Facturación")
    make_article(site, "Issue an invoice", slug="issue", locale="en", category="Invoicing")


def test_categories_count_only_what_the_reader_may_see(client, content):
    data = client.get("/api/v1/categories?site=acme").get_json()
    assert [(c["slug"], c["articles"]) for c in data["categories"]] == [
        ("facturacion", 2)]


def test_article_list_filters_by_category_and_kind(client, content):
    data = client.get("/api/v1/articles?site=acme&category=facturacion&kind=faq").get_json()
    assert [a["slug"] for a in data["articles"]] == ["anular"]
    assert data["articles"][0]["url"].endswith("/help/acme/es/articles/anular")


def test_article_is_sanitized_and_counts_views(client, content):
    first = client.get("/api/v1/articles/emitir?site=acme").get_json()
    assert "<script>" not in first["body_html"] and "<strong>emitir</strong>" in first["body_html"]
    assert first["routes"] == ["/invoices/new"] and first["category"]["title"] == "Facturación"
    popular = client.get("/help/acme/es/").get_data(as_text=True)
    assert popular.index("Emitir una factura") < popular.index("Anular una factura")


def test_restricted_and_unpublished_articles_are_404(client, site, content):
    assert client.get("/api/v1/articles/socios?site=acme").status_code == 404
    assert client.get("/api/v1/articles/borrador?site=acme").status_code == 404
    partner = sign_identity(site, account_type="partner")
    token = open_session(client, site, identity=partner)["visitor_token"]
    response = client.get("/api/v1/articles/socios?site=acme",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_locale_falls_back_to_the_sites_default(client, content):
    assert client.get("/api/v1/articles/issue?site=acme&locale=en").status_code == 200
    assert client.get("/api/v1/articles/issue?site=acme").status_code == 404


def test_feedback_once_per_visitor(client, site, content):
    token = open_session(client, site)["visitor_token"]
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "es"}
    url = "/api/v1/articles/emitir/feedback?site=acme"
    first = client.post(url, json={"helpful": False, "comment": "Falta un ejemplo"},
                        headers=headers)
    assert first.status_code == 201 and first.get_json() == {"helpful": 0, "not_helpful": 1}
    again = client.post(url, json={"helpful": True}, headers=headers)
    assert again.status_code == 409
    assert again.get_json()["error"] == "Ya nos has dicho si este artículo te ayudó."
    other = open_session(client, site)["visitor_token"]
    third = client.post(url, json={"helpful": True}, headers={"Authorization": f"Bearer {other}"})
    assert third.get_json() == {"helpful": 1, "not_helpful": 1}


def test_feedback_needs_a_session_and_valid_input(client, site, content):
    url = "/api/v1/articles/emitir/feedback?site=acme"
    assert client.post(url, json={"helpful": True}).status_code == 401
    token = open_session(client, site)["visitor_token"]
    response = client.post(url, json={"helpful": "maybe", "comment": "x" * 2001},
                           headers={"Authorization": f"Bearer {token}", "Accept-Language": "es"})
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"helpful": ["Elige sí o no."],
                                             "comment": ["Usa como máximo 2000 caracteres."]}


def test_feedback_on_a_restricted_article_is_404(client, site, content):
    token = open_session(client, site)["visitor_token"]
    response = client.post("/api/v1/articles/socios/feedback?site=acme", json={"helpful": True},
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404


def test_feedback_counts_are_shown_to_staff(runner, client, site, content):
    token = open_session(client, site)["visitor_token"]
    client.post("/api/v1/articles/emitir/feedback?site=acme", json={"helpful": True},
                headers={"Authorization": f"Bearer {token}"})
    result = runner.invoke(args=["articles", "feedback", "--site", "acme"])
    assert "1 yes     0 no  es/emitir" in result.output


@pytest.mark.parametrize("url", [
    "/api/v1/articles?site=acme&kind=podcast", "/api/v1/articles?site=acme&bogus=1",
    "/api/v1/search?site=acme&page=0", "/api/v1/search?site=acme&per_page=x",
    "/api/v1/search?site=acme&locale=xx", "/api/v1/search", "/api/v1/context?site=acme",
])
def test_bad_query_strings_get_field_errors(client, content, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.get_json()["fields"]


def test_unknown_things_are_404_in_json(client, content):
    for url in ("/api/v1/articles?site=nope", "/api/v1/articles/nope?site=acme",
                "/api/v1/nothing-here", "/api/v1/articles?site=acme&category=nope"):
        response = client.get(url)
        assert response.status_code == 404 and "error" in response.get_json()


def test_non_json_body_is_a_clear_error(client, site):
    response = client.post("/api/v1/session", data="site=acme",
                           headers={"Accept-Language": "pl"})
    assert response.status_code == 400
    assert response.get_json()["fields"]["site"] == ["To pole jest wymagane."]

"""The public help center pages."""
import pytest

from tests.support.articles import make_article


@pytest.fixture
def content(site):
    make_article(site, "Emitir una factura electrónica", slug="emitir", category="Facturación",
                 summary="Cómo emitir y enviar.",
                 body="Abre **Facturas**.<img src=x onerror=alert(1)> [x](javascript:alert(1))")
    make_article(site, "Programa de socios", slug="socios", audience=["partner"],
                 category="Socios", body="Comisiones de factura electrónica")
    make_article(site, "Video: primeros pasos", slug="tour", kind="video",
                 video_url="https://videos.example.com/tour.mp4", category="Facturación")
    make_article(site, "Issue an invoice", slug="issue", locale="en", category="Invoicing")


def test_site_root_redirects_to_a_language(client, content):
    response = client.get("/help/acme/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert response.status_code == 302 and response.location.endswith("/help/acme/en/")


def test_home_shows_categories_and_popular_articles(client, content):
    page = client.get("/help/acme/es/").get_data(as_text=True)
    assert "Facturación" in page and "Emitir una factura electrónica" in page
    assert "Socios" not in page and "Programa de socios" not in page
    assert "¿Cómo podemos ayudarte?" in page
    english = client.get("/help/acme/en/").get_data(as_text=True)
    assert "How can we help?" in english and "Issue an invoice" in english


def test_category_page_lists_its_articles(client, content):
    page = client.get("/help/acme/es/categories/facturacion").get_data(as_text=True)
    assert "Emitir una factura electrónica" in page and "Video: primeros pasos" in page


def test_article_page_is_sanitized_and_has_feedback(client, content):
    response = client.get("/help/acme/es/articles/emitir")
    page = response.get_data(as_text=True)
    assert "<strong>Facturas</strong>" in page
    assert "onerror" not in page and 'href="javascript' not in page
    assert "¿Te resultó útil este artículo?" in page
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_video_guides_embed_their_video(client, content):
    page = client.get("/help/acme/es/articles/tour").get_data(as_text=True)
    assert '<video controls preload="metadata" src="https://videos.example.com/tour.mp4"' in page


def test_restricted_and_unknown_pages_are_404(client, content):
    for url in ("/help/acme/es/articles/socios", "/help/acme/es/articles/nope",
                "/help/acme/de/", "/help/nope/es/", "/help/acme/es/categories/nope"):
        assert client.get(url).status_code == 404, url


def test_search_page_shows_highlighted_results_without_restricted_ones(client, content):
    page = client.get("/help/acme/es/search?q=factura+electronica").get_data(as_text=True)
    assert "Emitir una factura electrónica" in page and "<mark>" in page
    assert "Programa de socios" not in page and "Comisiones" not in page


def test_search_page_escapes_the_query(client, content):
    page = client.get("/help/acme/es/search?q=<script>alert(1)</script>").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page


def test_html_in_articles_is_kept_only_when_harmless(client, site):
    make_article(site, "Tabla", slug="tabla",
                 body='<table><tr><td onclick="x()">celda</td></tr></table>\n\n'
                      '<script>alert(1)</script><iframe src="https://evil.test"></iframe>'
                      '<a href="javascript:alert(1)">enlace</a><style>body{}</style>')
    page = client.get("/help/acme/es/articles/tabla").get_data(as_text=True)
    assert "<td>celda</td>" in page
    for bad in ("onclick", "alert(1)", "<iframe", "javascript:", "<style>body"):
        assert bad not in page

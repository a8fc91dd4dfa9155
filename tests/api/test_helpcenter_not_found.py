"""The help center's own 404 page, in the reader's language, for every address it lacks."""
import re

import pytest

from tests.support.articles import make_article


@pytest.fixture
def content(site):
    make_article(site, "Emitir una factura electrónica", slug="emitir", category="Facturación")
    make_article(site, "Programa de socios", slug="socios", audience=["partner"],
                 category="Socios", body="Comisiones")


def _page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 404, url
    assert response.mimetype == "text/html", url
    return response.get_data(as_text=True)


def test_unknown_pages_of_a_help_center_are_its_own_page_in_the_urls_language(client, content):
    for url in ("/help/acme/es/articles/nope", "/help/acme/es/categories/nope",
                "/help/acme/es/no-such-section", "/help/acme/es/a/b/c"):
        page = _page(client, url, **{"Accept-Language": "en"})
        assert "Not Found" not in page and "Werkzeug" not in page
        assert '<html lang="es">' in page
        assert "Página no encontrada" in page and "Acme Facturas" in page
        # The way on: the help center's home and its search, in this language.
        assert 'href="/help/acme/es/"' in page and 'action="/help/acme/es/search"' in page
    polish = _page(client, "/help/acme/pl/articles/nope")
    assert '<html lang="pl">' in polish and "Nie znaleziono strony" in polish
    english = _page(client, "/help/acme/en/articles/nope")
    assert "Page not found" in english


def test_restricted_content_looks_exactly_like_missing_content(client, content):
    restricted = _page(client, "/help/acme/es/articles/socios")
    missing = _page(client, "/help/acme/es/articles/nada")
    assert restricted == missing
    assert "Programa de socios" not in restricted


def test_an_unknown_language_answers_in_the_readers_language_among_the_sites(client, content):
    page = _page(client, "/help/acme/de/", **{"Accept-Language": "pl-PL,pl;q=0.9"})
    assert '<html lang="pl">' in page and "Nie znaleziono strony" in page
    assert 'href="/help/acme/pl/"' in page and 'href="/help/acme/es/"' in page
    fallback = _page(client, "/help/acme/de/articles/x", **{"Accept-Language": "de"})
    assert '<html lang="es">' in fallback  # the site's default language


def test_an_unknown_site_says_so_in_the_readers_language(client, content):
    for url in ("/help/nope/es/", "/help/nope/", "/help/nope/es/articles/emitir"):
        page = _page(client, url, **{"Accept-Language": "es-CO,es;q=0.9"})
        assert "Not Found" not in page and "Página no encontrada" in page
        assert 'href="/help/"' in page
        assert "Acme Facturas" not in page


def test_api_404s_stay_json(client, content):
    for url in ("/api/v1/nope", "/api/v1/articles/nope?site=acme&locale=es"):
        response = client.get(url)
        assert response.status_code == 404 and response.is_json, url
        assert response.get_json()["error"]


def test_the_404_page_in_chromium(live_server, page, content):
    response = page.goto(f"{live_server}/help/acme/es/articulos-que-no-existen")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Página no encontrada"
    assert page.title().startswith("Página no encontrada")
    page.get_by_role("searchbox").fill("factura")
    page.get_by_role("button", name="Buscar").click()
    page.wait_for_url(re.compile(r"/help/acme/es/search\?q=factura"))
    page.get_by_text("Emitir una factura electrónica").first.wait_for()

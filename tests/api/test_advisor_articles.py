"""Article management by site admins through the advisor API: CRUD, rules, rights, search."""
import pytest

from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer, sign_in_console

BASE = "/api/v1/advisor/sites/acme/articles"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, admin of acme."""
    return bearer(advisor_login(client, admin_advisor.email))


def article_body(**overrides):
    """Return a valid editor body."""
    body = {"title": "Conciliar extractos bancarios", "locale": "es", "category": "Bancos",
            "kind": "article", "summary": "Cuadra el banco cada mes.",
            "body": "Abre **Bancos** y pulsa *Conciliar*.", "tags": ["banco", "conciliación"],
            "routes": ["/banks/:id/reconcile"], "audience": ["accountant"], "published": True}
    body.update(overrides)
    return body


def search(client, q, locale="es"):
    """Search the public help center as an anonymous reader; return the titles found."""
    response = client.get("/api/v1/search", query_string={"site": "acme", "q": q,
                                                          "locale": locale})
    assert response.status_code == 200
    return [r["title"] for r in response.get_json()["results"]]


def test_an_admin_creates_reads_lists_and_edits_an_article(client, site, admin):
    created = client.post(BASE, json=article_body(), headers=admin)
    assert created.status_code == 201, created.get_json()
    article = created.get_json()
    assert article["slug"] == "conciliar-extractos-bancarios"
    assert article["category"] == {"slug": "bancos", "title": "Bancos"}
    assert article["body"] == "Abre **Bancos** y pulsa *Conciliar*."
    assert "<strong>Bancos</strong>" in article["body_html"]
    assert article["routes"] == ["/banks/:id/reconcile"]
    assert article["audience"] == ["accountant"] and article["published"] is True
    assert article["url"].endswith("/help/acme/es/articles/conciliar-extractos-bancarios")

    url = f"{BASE}/{article['id']}"
    assert client.get(url, headers=admin).get_json() == article
    changed = client.put(url, headers=admin, json=article_body(
        title="Cuadrar el banco", routes=["/banks/*"], audience=[], tags=[], published=False))
    assert changed.status_code == 200, changed.get_json()
    after = changed.get_json()
    assert (after["id"], after["slug"], after["title"]) == (
        article["id"], "conciliar-extractos-bancarios", "Cuadrar el banco")
    assert (after["routes"], after["audience"], after["published"]) == (["/banks/*"], [], False)

    make_article(site, "Registrar pagos", slug="pagos", locale="en")
    listing = client.get(BASE, headers=admin).get_json()
    assert [(a["title"], a["published"]) for a in listing["articles"]] == [
        ("Cuadrar el banco", False), ("Registrar pagos", True)]
    assert listing["site"]["locales"] == ["es", "en", "pl"]
    assert listing["site"]["account_types"] == ["accountant", "office_client", "partner"]
    assert {"locale": "es", "slug": "bancos", "title": "Bancos"} in listing["categories"]
    only = client.get(BASE, query_string={"status": "unpublished", "locale": "es",
                                          "q": "banco"}, headers=admin).get_json()
    assert [a["title"] for a in only["articles"]] == ["Cuadrar el banco"] and only["total"] == 1
    assert client.get(BASE, query_string={"locale": "en", "status": "unpublished"},
                      headers=admin).get_json()["articles"] == []


def test_search_and_page_help_follow_every_change_at_once(client, site, admin):
    created = client.post(BASE, json=article_body(audience=[]), headers=admin).get_json()
    assert search(client, "conciliar extractos") == ["Conciliar extractos bancarios"]
    url = f"{BASE}/{created['id']}"
    client.put(url, headers=admin, json=article_body(title="Cuadrar el banco", audience=[]))
    assert search(client, "cuadrar") == ["Cuadrar el banco"]
    assert search(client, "extractos") == []
    context = client.get("/api/v1/context", query_string={
        "site": "acme", "locale": "es", "route": "/banks/7/reconcile"}).get_json()
    assert [a["title"] for a in context["articles"]] == ["Cuadrar el banco"]

    unpublished = client.post(f"{url}/unpublish", headers=admin)
    assert unpublished.status_code == 200 and unpublished.get_json()["published"] is False
    assert search(client, "cuadrar") == []
    slug = created["slug"]
    assert client.get(f"/api/v1/articles/{slug}?site=acme&locale=es").status_code == 404
    # The editor still has it, whole, and can publish it again.
    kept = client.get(url, headers=admin).get_json()
    assert (kept["title"], kept["routes"]) == ("Cuadrar el banco", ["/banks/:id/reconcile"])
    client.put(url, headers=admin, json=article_body(title="Cuadrar el banco", audience=[]))
    assert search(client, "cuadrar") == ["Cuadrar el banco"]
    assert client.delete(url, headers=admin).get_json()["published"] is False
    assert search(client, "cuadrar") == []


def test_changing_the_address_or_language_moves_the_article(client, site, admin):
    created = client.post(BASE, json=article_body(audience=[]), headers=admin).get_json()
    url = f"{BASE}/{created['id']}"
    moved = client.put(url, headers=admin, json=article_body(
        title="Reconcile bank statements", locale="en", slug="reconcile", category="Banks",
        audience=[], body="Open **Banks**.")).get_json()
    assert (moved["id"], moved["locale"], moved["slug"]) == (created["id"], "en", "reconcile")
    assert client.get("/api/v1/articles/conciliar-extractos-bancarios?site=acme&locale=es") \
        .status_code == 404
    assert client.get("/api/v1/articles/reconcile?site=acme&locale=en").status_code == 200
    assert search(client, "reconcile", locale="en") == ["Reconcile bank statements"]
    assert search(client, "conciliar", locale="es") == []
    context = client.get("/api/v1/context", query_string={
        "site": "acme", "locale": "en", "route": "/banks/7/reconcile"}).get_json()
    assert [a["title"] for a in context["articles"]] == ["Reconcile bank statements"]


@pytest.mark.parametrize("body, field, message", [
    (article_body(title=""), "title", "Enter between 1 and 300 characters."),
    (article_body(slug="Con Espacios"), "slug", "Use lowercase letters, digits and hyphens only."),
    (article_body(kind="podcast"), "kind", "Choose one of: article, faq, video, download."),
    (article_body(routes=["banks"]), "routes",
     "Each route starts with / (for example /invoices/:id)."),
    (article_body(locale="de"), "locale", "This language is not available."),
    (article_body(video_url="javascript:alert(1)"), "video_url",
     "Enter a web address (https://...)."),
    (article_body(published="maybe"), "published", "Choose yes or no."),
    (article_body(author="me"), "author", "Unknown field."),
])
def test_bad_input_is_refused_field_by_field(client, site, admin, body, field, message):
    response = client.post(BASE, json=body, headers=admin)
    assert response.status_code == 400
    assert response.get_json()["fields"] == {field: [message]}
    assert client.get(BASE, headers=admin).get_json()["articles"] == []


def test_rules_of_the_site_and_taken_addresses_are_refused_in_the_advisors_language(
        client, site, admin):
    spanish = {**admin, "X-HelpWidget-Locale": "es"}
    missing = client.post(BASE, json={"body": "Sin título"}, headers=spanish)
    assert missing.get_json()["fields"] == {"title": ["Este campo es obligatorio."]}
    unknown = client.post(BASE, json=article_body(audience=["robots"]), headers=admin)
    assert unknown.status_code == 422 and "audience" in unknown.get_json()["fields"]
    first = client.post(BASE, json=article_body(), headers=admin).get_json()
    taken = client.post(BASE, json=article_body(), headers=admin)
    assert taken.status_code == 422
    assert taken.get_json()["fields"] == {
        "slug": ["Another article in this language already has this address."]}
    other = client.post(BASE, json=article_body(title="Otro", slug="otro"), headers=admin)
    clash = client.put(f"{BASE}/{other.get_json()['id']}", headers=spanish,
                       json=article_body(slug=first["slug"]))
    assert clash.status_code == 422
    assert clash.get_json()["fields"]["slug"] == [
        "Otro artículo en este idioma ya tiene esta dirección."]
    symbols = client.post(BASE, json=article_body(title="¿?!"), headers=admin)
    assert symbols.status_code == 422 and "slug" in symbols.get_json()["fields"]


def test_only_admins_of_the_site_manage_its_articles(client, site, other_site, admin_advisor,
                                                     advisor, outsider):
    article = make_article(site, "Registrar pagos", slug="pagos")
    foreign = make_article(other_site, "Globex billing", slug="billing", locale="en")
    plain = bearer(advisor_login(client, advisor.email))
    stranger = bearer(advisor_login(client, outsider.email))
    admin = bearer(advisor_login(client, admin_advisor.email))
    one = f"{BASE}/{article.id}"
    calls = [("get", BASE, None), ("post", BASE, article_body()), ("get", one, None),
             ("put", one, article_body()), ("post", f"{one}/unpublish", None),
             ("delete", one, None)]
    for method, url, body in calls:
        assert getattr(client, method)(url, json=body, headers=plain).status_code == 403
        assert getattr(client, method)(url, json=body, headers=stranger).status_code == 404
        assert getattr(client, method)(url, json=body).status_code == 401
    refused = client.get(BASE, headers={**plain, "X-HelpWidget-Locale": "pl"})
    assert refused.get_json() == {
        "error": "Artykułami tej witryny mogą zarządzać tylko jej administratorzy."}
    # An admin of acme cannot reach globex's article through acme's address, nor globex's.
    assert client.get(f"{BASE}/{foreign.id}", headers=admin).status_code == 404
    assert client.get(f"/api/v1/advisor/sites/globex/articles/{foreign.id}",
                      headers=admin).status_code == 404
    assert client.get("/api/v1/advisor/sites/nowhere/articles", headers=admin).status_code == 404
    assert search(client, "pagos") == ["Registrar pagos"]


def test_the_preview_renders_sanitized_markdown_for_admins_only(client, site, admin, advisor):
    response = client.post("/api/v1/advisor/markdown-preview", headers=admin, json={
        "body": "# Pagos\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> "
                "[sitio](javascript:alert(3)) **listo**"})
    html = response.get_json()["html"]
    assert response.status_code == 200
    assert "<h1>Pagos</h1>" in html and "<strong>listo</strong>" in html
    assert "<script" not in html and "alert(1)" not in html and "onerror" not in html
    assert 'href="javascript' not in html
    assert client.post("/api/v1/advisor/markdown-preview", headers=admin,
                       json={"body": 5}).status_code == 400
    plain = bearer(advisor_login(client, advisor.email))
    assert client.post("/api/v1/advisor/markdown-preview", headers=plain,
                       json={"body": "x"}).status_code == 403


def test_the_team_of_a_site_is_listed_to_its_advisors_only(client, site, admin_advisor,
                                                          advisor, outsider):
    headers = bearer(advisor_login(client, advisor.email))
    team = client.get("/api/v1/advisor/sites/acme/team", headers=headers).get_json()
    assert team == {"advisors": [{"id": advisor.id, "name": "Marta Gómez"},
                                 {"id": admin_advisor.id, "name": "Piotr Nowak"}]}
    stranger = bearer(advisor_login(client, outsider.email))
    assert client.get("/api/v1/advisor/sites/acme/team", headers=stranger).status_code == 404


def test_a_new_article_is_a_draft_until_it_is_published(client, site, admin):
    make_article(site, "Registrar pagos", slug="pagos")
    created = client.post(BASE, headers=admin, json={"title": "Borrador a medias"})
    assert created.status_code == 201 and created.get_json()["published"] is False
    url = f"{BASE}/{created.get_json()['id']}"

    def public():
        """Tell where readers meet the article: search, the help center's home, its address."""
        home = client.get("/help/acme/es/").get_data(as_text=True)
        return (search(client, "borrador"), "Borrador a medias" in home,
                client.get("/api/v1/articles/borrador-a-medias?site=acme&locale=es").status_code)

    assert public() == ([], False, 404)
    assert "Registrar pagos" in client.get("/help/acme/es/").get_data(as_text=True)
    # An edit that does not mention the state keeps it: still a draft...
    edited = client.put(url, headers=admin, json={"title": "Borrador a medias",
                                                  "body": "Ya casi."})
    assert edited.get_json()["published"] is False and public() == ([], False, 404)
    # ...publishing is the deliberate step, and a later edit keeps it published.
    client.put(url, headers=admin, json={"title": "Borrador a medias", "published": True})
    kept = client.put(url, headers=admin, json={"title": "Borrador a medias", "body": "Listo."})
    assert kept.get_json()["published"] is True
    assert public() == (["Borrador a medias"], True, 200)


def test_the_console_creates_drafts_and_publishes_on_purpose(page, live_server, client, site,
                                                             admin_advisor):
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Articles").click()
    page.get_by_role("button", name="New article").click()
    page.get_by_label("Title").fill("Cerrar el mes")
    published = page.get_by_label("Published: shown in the help center and in search")
    assert not published.is_checked()
    with page.expect_response(lambda r: r.request.method == "POST") as saved:
        page.get_by_role("button", name="Save").click()
    assert saved.value.status == 201 and saved.value.json()["published"] is False
    page.locator("h2", has_text="Edit: Cerrar el mes").wait_for()
    assert not published.is_checked() and search(client, "cerrar") == []
    published.check()
    with page.expect_response(lambda r: r.request.method == "PUT") as saved:
        page.get_by_role("button", name="Save").click()
    assert saved.value.status == 200 and saved.value.json()["published"] is True
    assert search(client, "cerrar") == ["Cerrar el mes"]
    page.get_by_role("button", name="Unpublish").wait_for()

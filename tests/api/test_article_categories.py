"""Categories keep their articles: a save leaves the category alone, and no two share a title."""
import pytest

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Article, Category
from helpwidget.schemas.article_files import load_article_file
from helpwidget.services import article_files, articles
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer, sign_in_console

BASE = "/api/v1/advisor/sites/acme/articles"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, admin of acme."""
    return bearer(advisor_login(client, admin_advisor.email))


@pytest.fixture
def imported(site):
    """Return an article in a category whose slug is not its slugified title, as imports make."""
    articles.save_category(site, "es", "primeros-pasos", "Primeros pasos y tu cuenta")
    db.session.commit()
    return make_article(site, "Crear tu empresa", slug="crear-empresa", body="Abre Ajustes.",
                        category="primeros-pasos")


def categories(site, locale="es"):
    """Return (slug, title) of the site's categories in one language."""
    db.session.expire_all()
    return sorted(db.session.execute(db.select(Category.slug, Category.title).filter_by(
        site_id=site.id, locale=locale)).all())


def category_of(article_id):
    """Return the slug of an article's category, read again from the database."""
    db.session.expire_all()
    return db.session.get(Article, article_id).category.slug


def test_saving_with_the_category_title_keeps_the_category(client, site, admin, imported):
    url = f"{BASE}/{imported.id}"
    shown = client.get(url, headers=admin).get_json()
    assert shown["category"] == {"slug": "primeros-pasos", "title": "Primeros pasos y tu cuenta"}
    # What the console sent before it learnt slugs: the title shown in the category field.
    body = {key: shown[key] for key in ("title", "locale", "kind", "summary", "body", "tags",
                                        "routes", "audience", "published")}
    saved = client.put(url, headers=admin, json={**body, "title": "Crear tu empresa nueva",
                                                 "category": "Primeros pasos y tu cuenta"})
    assert saved.status_code == 200, saved.get_json()
    assert saved.get_json()["category"]["slug"] == "primeros-pasos"
    # Case and spacing aside, a title still names the same category.
    again = client.put(url, headers=admin, json={**body,
                                                 "category": "  primeros PASOS  y tu cuenta "})
    assert again.get_json()["category"]["slug"] == "primeros-pasos"
    assert categories(site) == [("primeros-pasos", "Primeros pasos y tu cuenta")]
    assert category_of(imported.id) == "primeros-pasos"
    topics = client.get("/api/v1/categories?site=acme&locale=es").get_json()
    assert [c["title"] for c in topics["categories"]] == ["Primeros pasos y tu cuenta"]


def test_a_new_title_creates_one_category_and_the_same_title_reuses_it(client, site, admin):
    first = client.post(BASE, headers=admin, json={"title": "Bancos", "category": "Conciliación"})
    second = client.post(BASE, headers=admin, json={"title": "Extractos",
                                                    "category": "conciliación"})
    assert first.get_json()["category"] == second.get_json()["category"] == {
        "slug": "conciliacion", "title": "Conciliación"}
    # Another language is another help center: the same title there is its own category.
    english = client.post(BASE, headers=admin, json={"title": "Banks", "locale": "en",
                                                     "category": "Conciliación"})
    assert english.get_json()["category"]["slug"] == "conciliacion"
    assert categories(site) == [("conciliacion", "Conciliación")]
    assert categories(site, "en") == [("conciliacion", "Conciliación")]
    symbols = client.post(BASE, headers=admin, json={"title": "Otro", "category": "¿?!"})
    assert symbols.status_code == 422
    assert symbols.get_json()["fields"] == {
        "category": ["Give the category a title with letters or digits."]}


def test_a_second_category_with_a_taken_title_is_refused(site, imported):
    with pytest.raises(Invalid) as refused:
        articles.save_category(site, "es", "bienvenida", "primeros pasos y TU cuenta")
    assert str(refused.value) == ("Another category in this language is already titled "
                                  "“Primeros pasos y tu cuenta” (address primeros-pasos).")
    # Renaming another category to a taken title is refused too; renaming itself is fine.
    articles.save_category(site, "es", "facturas", "Facturas")
    db.session.commit()
    with pytest.raises(Invalid):
        articles.save_category(site, "es", "facturas", "Primeros pasos y tu cuenta")
    db.session.rollback()
    articles.save_category(site, "es", "primeros-pasos", "Primeros Pasos y tu cuenta")
    db.session.commit()
    assert categories(site) == [("facturas", "Facturas"),
                                ("primeros-pasos", "Primeros Pasos y tu cuenta")]


def test_the_importer_keeps_one_category_per_title(site, imported, tmp_path):
    folder = tmp_path / "es"
    folder.mkdir()
    (folder / "_categories.yaml").write_text(
        "- slug: bienvenida\n  title: Primeros pasos y tu cuenta\n", encoding="utf-8")
    (folder / "usuarios.md").write_text(
        "---\ntitle: Usuarios\ncategory: Primeros pasos y tu cuenta\n---\nInvita a tu equipo.",
        encoding="utf-8")
    report = article_files.import_folder(site, str(tmp_path), "es", load=load_article_file)
    assert report.errors == [(str(folder / "_categories.yaml"),
                              "Another category in this language is already titled "
                              "“Primeros pasos y tu cuenta” (address primeros-pasos).")]
    assert [slug for _, _, slug in report.imported] == ["usuarios"]
    assert categories(site) == [("primeros-pasos", "Primeros pasos y tu cuenta")]
    usuarios = db.session.execute(db.select(Article).filter_by(slug="usuarios")).scalar_one()
    assert category_of(usuarios.id) == "primeros-pasos"


def test_saving_in_the_console_keeps_the_category(page, live_server, client, site,
                                                  admin_advisor, imported):
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Articles").click()
    page.get_by_role("button", name="Crear tu empresa").click()
    page.locator("h2", has_text="Edit: Crear tu empresa").wait_for()
    assert page.locator("#article-category").input_value() == "Primeros pasos y tu cuenta"
    page.get_by_label("Title").fill("Crear tu empresa en FacturaFácil")
    for _ in range(2):  # twice: a save of what the first save showed changes nothing either
        with page.expect_response(lambda r: r.request.method == "PUT") as saved:
            page.get_by_role("button", name="Save").click()
        assert saved.value.status == 200
        assert saved.value.json()["category"]["slug"] == "primeros-pasos"
    page.locator("h2", has_text="Edit: Crear tu empresa en FacturaFácil").wait_for()
    assert page.locator("#article-category").input_value() == "Primeros pasos y tu cuenta"
    page.get_by_role("button", name="Back to the list").click()
    page.locator("tbody tr", has_text="Crear tu empresa en FacturaFácil").wait_for()
    row = page.locator("tbody tr", has_text="Crear tu empresa en FacturaFácil")
    assert "Primeros pasos y tu cuenta" in row.inner_text()
    assert categories(site) == [("primeros-pasos", "Primeros pasos y tu cuenta")]
    assert category_of(imported.id) == "primeros-pasos"
    assert errors == []

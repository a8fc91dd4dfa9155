"""Categories and the zip import in the console's Articles tab, in headless Chromium."""
import io
import zipfile

from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Article, Category
from helpwidget.services import articles
from tests.support.articles import make_article
from tests.support.fixtures_advisors import sign_in_console


def titles(site):
    """Return the Spanish category titles in their order, read again from the database."""
    db.session.expire_all()
    return [c.title for c in db.session.execute(db.select(Category).filter_by(
        site_id=site.id, locale="es").order_by(Category.position)).scalars()]


def test_an_admin_creates_reorders_and_deletes_categories(page, live_server, site,
                                                         admin_advisor):
    articles.save_category(site, "es", "bancos", "Bancos", "", 1)
    db.session.commit()
    kept = make_article(site, "Conciliar", slug="conciliar", category="bancos")
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Articles").click()
    page.get_by_role("button", name="Categories").click()
    page.get_by_role("cell", name="Bancos", exact=True).wait_for()

    page.get_by_label("New category title").fill("Facturación")
    page.get_by_role("button", name="Add category").click()
    page.get_by_role("cell", name="Facturación", exact=True).wait_for()
    page.get_by_label("New category title").fill("bancos")
    page.get_by_role("button", name="Add category").click()
    page.get_by_role("alert").filter(has_text="already titled").wait_for()

    page.get_by_role("button", name="Move Facturación up").click()
    page.locator(".category-table tbody tr").first.filter(has_text="Facturación").wait_for()
    assert titles(site) == ["Facturación", "Bancos"]

    page.get_by_role("button", name="Rename Facturación").click()
    page.get_by_label("New title of Facturación").fill("Facturas")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("cell", name="Facturas", exact=True).wait_for()

    page.get_by_role("button", name="Delete Bancos").click()
    page.get_by_role("group", name="Delete Bancos").get_by_role("combobox").select_option(
        label="Facturas")
    page.get_by_role("button", name="Delete category").click()
    # The row of Bancos shows the delete form in place of its cells: wait for the list itself.
    expect(page.locator(".category-table tbody tr")).to_have_count(1)
    assert titles(site) == ["Facturas"]
    row = page.locator(".category-table tbody tr", has_text="Facturas")
    assert row.locator("td").nth(2).inner_text() == "1"
    db.session.expire_all()
    assert db.session.get(Article, kept.id).category.title == "Facturas"


def test_an_admin_imports_a_zip_and_sees_the_report(page, live_server, site, admin_advisor,
                                                    tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("es/bienvenida.md", "---\ntitle: Bienvenida\n---\nHola.")
        archive.writestr("es/roto.md", "---\nsummary: sin título\n---\n")
    path = tmp_path / "ayuda.zip"
    path.write_bytes(buffer.getvalue())
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Articles").click()
    page.get_by_role("button", name="Import & export").click()
    page.get_by_label("Zip file").set_input_files(str(path))
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Imported 1 articles; 1 files refused.").wait_for()
    assert page.locator("tr", has_text="es/bienvenida.md").inner_text().endswith(
        "Imported as es/bienvenida")
    assert "title" in page.locator("tr", has_text="es/roto.md").inner_text()
    href = page.get_by_role("link", name="Download zip").get_attribute("href")
    assert href.endswith("/advisor/sites/acme/articles/export.zip")

    page.get_by_role("button", name="All articles").click()
    page.get_by_role("button", name="Bienvenida").wait_for()

"""Article history and translations in headless Chromium: console restore, panel language switch."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import Article
from helpwidget.services import article_translations
from tests.support.articles import make_article
from tests.support.fixtures_advisors import sign_in_console
from tests.support.fixtures_widget import open_panel, search_box


@pytest.fixture
def english_host(host_app):
    """The host page in English."""
    host_app.lang = "en"
    return host_app


def save_body(page, text):
    """Replace the editor's body and save; wait for the server's answer."""
    page.get_by_label("Text (Markdown)").fill(text)
    with page.expect_response(lambda r: r.request.method == "PUT") as saved:
        page.get_by_role("button", name="Save").click()
    assert saved.value.status == 200
    page.get_by_role("heading", name="Edit: Close the month").wait_for()


def test_an_admin_restores_the_first_version_from_history(page, live_server, site,
                                                          admin_advisor):
    make_article(site, "Close the month", "Check the **bank** first.", slug="close-month",
                 locale="en", published=True)
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Articles").click()
    page.get_by_role("button", name="Close the month").click()
    save_body(page, "Second text: reconcile everything.")
    save_body(page, "Third text: lock the period.")

    page.get_by_role("button", name="History").click()
    page.get_by_role("button", name="Revision 1").click()
    diff = page.locator(".revision-detail pre.diff")
    diff.locator(".diff-removed", has_text="Check the **bank** first.").wait_for()
    assert diff.locator(".diff-added").inner_text().endswith("Third text: lock the period.")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_response(lambda r: r.url.endswith("/restore")) as restored:
        page.get_by_role("button", name="Restore").click()
    assert restored.value.status == 200
    assert page.get_by_label("Text (Markdown)").input_value() == "Check the **bank** first."

    help_page = page.context.new_page()
    help_page.goto(f"{live_server}/help/acme/en/articles/close-month")
    assert help_page.locator("article .body strong").inner_text() == "bank"
    assert "lock the period" not in help_page.locator("article").inner_text()
    # The editor reopened on the restored text; its history gained a revision, lost none.
    page.get_by_role("button", name="History").click()
    page.get_by_role("button", name="Revision 4").wait_for()
    assert page.locator(".revisions li").count() == 4


def test_the_panel_switches_an_article_to_its_spanish_version(page, english_host, site):
    english = make_article(site, "Record customer payments", "Payments from **customers**.",
                           slug="payments", locale="en")
    spanish = make_article(site, "Registrar cobros", "Cobros de **clientes**.", slug="cobros",
                           locale="es")
    article_translations.set_links(english, {"es": spanish.id})
    frame = open_panel(page, english_host)
    search_box(frame).press_sequentially("customer payments", delay=20)
    frame.locator(".hw-result").filter(has_text="Record customer payments").click()
    frame.locator("#hw-title", has_text="Record customer payments").wait_for()

    frame.get_by_text("This article in:").wait_for()
    frame.get_by_role("button", name="Español").click()
    frame.locator("#hw-title", has_text="Registrar cobros").wait_for()
    assert frame.locator(".hw-article-body strong").inner_text() == "clientes"
    assert frame.locator(".hw-article").get_attribute("lang") == "es"
    # The Spanish version links back to the English one.
    frame.get_by_role("button", name="English").wait_for()
    db.session.expire_all()
    assert db.session.get(Article, spanish.id).translation_key == db.session.get(
        Article, english.id).translation_key

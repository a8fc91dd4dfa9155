"""An admin manages search synonyms and insight settings in the console; readers' search follows."""
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import AuditEntry, SearchSynonym, Site
from tests.support.articles import make_article
from tests.support.fixtures_advisors import sign_in_console

ARTICLE = "Anular una factura emitida"


def help_center_finds(reader, live_server, query):
    """Search the Spanish help center as a reader; return the result links' locator."""
    reader.goto(f"{live_server}/help/acme/es/")
    reader.get_by_label("Buscar en el centro de ayuda").fill(query)
    reader.get_by_role("button", name="Buscar").click()
    reader.wait_for_url(f"**q={query}*")
    return reader.get_by_role("link", name=ARTICLE)


def test_an_admin_adds_a_synonym_and_the_help_center_finds_the_article_by_it(
        page, browser, live_server, site, admin_advisor):
    make_article(site, ARTICLE, slug="anular-factura",
                 body="Pasos para anular una factura que ya enviaste al cliente.")
    reader = browser.new_context().new_page()
    # Before the group: the reader's word finds nothing.
    expect(help_center_finds(reader, live_server, "invalidar")).to_have_count(0)

    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Site settings").click()
    search = page.locator("section.settings-search")
    expect(search.get_by_label("Language")).to_have_value("es")
    new = search.locator("form.synonym-new")
    words = new.get_by_label("Words or phrases")

    # One word is not a group: the server's message shows next to the field.
    words.fill("anular")
    new.get_by_role("button", name="Add group").click()
    expect(page.locator("#synonym-new-error")).to_contain_text("between 2 and 20")
    expect(words).to_have_attribute("aria-invalid", "true")

    # A comma turns the typed words into chips; what is still typed goes with them.
    words.fill("anular, invalidar,")
    expect(new.get_by_role("button", name="Remove anular")).to_be_visible()
    expect(new.get_by_role("button", name="Remove invalidar")).to_be_visible()
    expect(words).to_have_value("")
    words.fill("dejar sin efecto")
    new.get_by_role("button", name="Add group").click()
    groups = search.locator(".synonym-group")
    expect(search.locator(".synonym-label")).to_have_text(["anular ↔ invalidar ↔ dejar sin efecto"])
    expect(page.locator("#synonym-new-error")).to_be_hidden()
    db.session.expire_all()
    stored = db.session.execute(db.select(SearchSynonym)).scalar_one()
    assert (stored.locale, stored.terms) == ("es", ["anular", "invalidar", "dejar sin efecto"])

    # The next search uses it: no reindex.
    found = help_center_finds(reader, live_server, "invalidar")
    expect(found).to_have_count(1)

    # Edit: drop a word by its chip.
    groups.get_by_role("button", name="Edit anular ↔ invalidar ↔ dejar sin efecto").click()
    editor = groups.locator("form.synonym-editor")
    editor.get_by_role("button", name="Remove dejar sin efecto").click()
    editor.get_by_role("button", name="Save").click()
    expect(search.locator(".synonym-label")).to_have_text(["anular ↔ invalidar"])

    # Delete, after confirming.
    page.once("dialog", lambda dialog: dialog.accept())
    groups.get_by_role("button", name="Delete anular ↔ invalidar").click()
    expect(search.get_by_text("No synonym groups in this language yet.")).to_be_visible()
    expect(help_center_finds(reader, live_server, "invalidar")).to_have_count(0)
    db.session.expire_all()
    assert [e.action for e in db.session.execute(
        db.select(AuditEntry).order_by(AuditEntry.id)).scalars()] == [
        "synonym.create", "synonym.update", "synonym.delete"]


def test_insight_settings_save_without_touching_the_help_centers_others(
        page, live_server, site, admin_advisor):
    site.comment_moderation, site.open_registration = "pre", True
    db.session.commit()
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Site settings").click()
    form = page.locator(".search-settings form.settings-help_center")
    days = form.get_by_label("Keep recorded searches for (days)")
    expect(days).to_have_value("90")
    days.fill("1000")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("#search-retention-error")).to_contain_text("1 to 730")

    form.get_by_label("Record searches for the Insights page").uncheck()
    days.fill("30")
    form.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(
        has_text="Settings saved: Search insights")).to_be_visible()
    db.session.expire_all()
    stored = db.session.get(Site, site.id)
    assert (stored.insights_enabled, stored.insights_retention_days) == (False, 30)

    # The help center's own form, saved after, sends only what it changed there.
    help_center = page.locator(".settings-groups > form.settings-help_center")
    help_center.get_by_label("Community questions and answers").check()
    help_center.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(
        has_text="Settings saved: Help center")).to_be_visible()
    db.session.expire_all()
    stored = db.session.get(Site, site.id)
    assert (stored.insights_enabled, stored.insights_retention_days, stored.community_enabled,
            stored.comment_moderation, stored.open_registration) == (False, 30, True, "pre", True)

"""An admin changes a site's settings in the console; open widgets follow without a reload."""
import time

import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Site
from tests.support.fixtures_advisors import sign_in_console
from tests.support.fixtures_widget import open_panel

NEW_BRAND = "#5b21b6"  # white text on it: contrast about 8.7:1
TOO_LIGHT = "#eeeeee"  # white text on it: contrast about 1.2:1


@pytest.fixture
def english_host(host_app):
    """The host page in English, so the test does not depend on merged catalogs."""
    host_app.lang = "en"
    host_app.title = "Acme Invoices"
    return host_app


def panel_brand(frame, wait=5.0):
    """Return the panel's brand colour once it has changed from the default, or after `wait`."""
    root = frame.locator("html")
    deadline = time.monotonic() + wait
    while True:
        colour = root.evaluate(
            "root => getComputedStyle(root).getPropertyValue('--hw-brand').trim()")
        if colour == NEW_BRAND or time.monotonic() > deadline:
            return colour
        time.sleep(0.1)


def saved_notice(page, title):
    """Return the console's confirmation that the form `title` was saved."""
    return page.get_by_role("status").filter(has_text=f"Settings saved: {title}")


def settings_form(page, group):
    """Return the console's form of a settings group."""
    return page.locator(f"form.settings-{group}")


def test_brand_colour_and_menu_reach_an_open_widget_and_the_audit_trail(
        page, browser, live_server, english_host, site, admin_advisor):
    db.session.expire_all()
    origins_before = list(db.session.get(Site, site.id).allowed_origins)
    assert english_host.url in origins_before
    widget_context = browser.new_context()
    widget = widget_context.new_page()
    try:
        frame = open_panel(widget, english_host)
        speed_test = frame.locator(".hw-menu-item[data-item='speed_test']")
        speed_test.wait_for()

        sign_in_console(page, live_server, admin_advisor.email)
        page.get_by_role("tab", name="Site settings").click()
        general = settings_form(page, "general")
        colour = general.get_by_label("Brand colour", exact=True)
        colour.wait_for()

        # Too light: the live check says so, and the server's refusal shows under the field.
        colour.fill(TOO_LIGHT)
        expect(page.locator("#settings-contrast")).to_contain_text("too low")
        general.get_by_role("button", name="Save").click()
        error = page.locator("#general-brand-color-error")
        expect(error).to_be_visible()
        expect(error).to_contain_text("contrast")
        db.session.expire_all()
        assert db.session.get(Site, site.id).brand_color != TOO_LIGHT

        colour.fill(NEW_BRAND)
        general.get_by_role("button", name="Save").click()
        expect(saved_notice(page, "General")).to_be_visible()
        expect(error).to_be_hidden()

        menu = settings_form(page, "menu")
        menu.get_by_label("Speed test", exact=True).uncheck()
        menu.get_by_role("button", name="Save").click()
        expect(saved_notice(page, "Menu")).to_be_visible()

        # The open widget follows, without a reload: the item goes, the launcher takes the colour.
        speed_test.wait_for(state="detached")
        expect(frame.locator(".hw-menu-item[data-item='search']")).to_be_visible()
        assert panel_brand(frame) == NEW_BRAND

        # Only what was changed changed.
        db.session.expire_all()
        stored = db.session.get(Site, site.id)
        assert stored.brand_color == NEW_BRAND
        assert stored.name == "Acme Facturas"
        assert list(stored.allowed_origins) == origins_before
        items = {entry["item"]: entry.get("enabled", True) for entry in stored.menu}
        assert items["speed_test"] is False and items["search"] is True

        # The audit trail lists the change, with its before and after.
        page.get_by_role("tab", name="Audit trail").click()
        entry = page.locator(".audit-entry").filter(has_text=NEW_BRAND)
        expect(entry).to_be_visible()
        expect(entry).to_contain_text(admin_advisor.email)
        expect(entry).to_contain_text("brand_color")
        href = page.get_by_role("link", name="Export CSV").get_attribute("href")
        assert href.startswith("/api/v1/advisor/audit.csv")

        # The launcher on the host page takes the new colour too, still without a reload.
        expect(widget.locator("#helpwidget-launcher")).to_have_css(
            "background-color", "rgb(91, 33, 182)")
    finally:
        widget_context.close()


def test_each_form_saves_its_own_group_and_shows_errors_under_fields(page, live_server, site,
                                                                    admin_advisor):
    db.session.expire_all()
    before = db.session.get(Site, site.id)
    kept = {"brand_color": before.brand_color, "menu": list(before.menu),
            "name": before.name, "hours": (before.contact or {}).get("hours")}
    page.on("dialog", lambda dialog: dialog.accept())
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Site settings").click()
    chat = settings_form(page, "chat")
    chat.get_by_label("Expected wait (minutes)").fill("12")
    chat.get_by_role("button", name="Save").click()
    expect(saved_notice(page, "Chat")).to_be_visible()

    contact = settings_form(page, "contact")
    contact.get_by_role("button", name="Add a phone").click()
    contact.get_by_label("Region").last.fill("Polska")
    contact.get_by_label("Number").last.fill("+48 12 000 00 00")
    contact.get_by_role("button", name="Save").click()
    expect(saved_notice(page, "Contact & hours")).to_be_visible()

    alerts = settings_form(page, "alerts")
    alerts.get_by_label("Webhook address").fill("not an address")
    alerts.get_by_role("button", name="Save").click()
    expect(page.locator("#alerts-webhook-error")).to_be_visible()

    page.get_by_label("Overlap (hours)").fill("2")
    page.get_by_role("button", name="Rotate secret").click()
    shown = page.locator("#identity-new-secret")
    expect(shown).to_be_visible()
    assert len(shown.inner_text()) >= 20
    expect(page.get_by_text("The previous secret still works until")).to_have_count(2)

    db.session.expire_all()
    after = db.session.get(Site, site.id)
    assert after.chat_wait_minutes == 12
    assert after.alert_webhook_url in (None, "")
    phones = (after.contact or {}).get("phones") or []
    assert [(p["region"], p["number"]) for p in phones][-1] == ("Polska", "+48 12 000 00 00")
    assert {"brand_color": after.brand_color, "menu": list(after.menu), "name": after.name,
            "hours": (after.contact or {}).get("hours")} == kept
    assert script_errors == []

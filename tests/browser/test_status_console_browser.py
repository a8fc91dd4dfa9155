"""An admin keeps a site's system status and maintenance windows in the console's Site settings."""
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.models.status import MaintenanceWindow
from helpwidget.services import sites
from helpwidget.services.timeutil import aware
from tests.support.fixtures_advisors import sign_in_console
from tests.support.fixtures_widget import menu, open_panel


@pytest.fixture
def english_host(host_app):
    """The host page in English, so the test does not depend on merged catalogs."""
    host_app.lang = "en"
    host_app.title = "Acme Invoices"
    return host_app


def public_status(client, site):
    """Return the public status object of the site in English."""
    response = client.get(f"/api/v1/status?site={site.key}&locale=en")
    assert response.status_code == 200
    return response.get_json()


def test_admin_sets_an_outage_and_plans_weekly_maintenance(page, browser, client, english_host,
                                                           live_server, site, admin_advisor):
    db.session.expire_all()
    before = db.session.get(Site, site.id)
    kept = {"name": before.name, "brand_color": before.brand_color, "menu": list(before.menu),
            "allowed_origins": list(before.allowed_origins)}
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Site settings").click()
    panel = page.get_by_role("region", name="System status")
    expect(panel.get_by_text("No status update yet")).to_be_visible()
    # Only the server's owner creates sites.
    expect(page.get_by_role("button", name="New site")).to_have_count(0)

    panel.get_by_label("Current status").select_option(label="Major outage")
    panel.get_by_label("Message to users (en)").fill("Invoices cannot be sent right now.")
    panel.get_by_label("Message to users (es)").fill("No se pueden enviar facturas ahora.")
    panel.get_by_role("button", name="Update status").click()
    saved = page.get_by_role("status").filter(has_text="Status updated: Major outage")
    expect(saved).to_be_visible()
    history = panel.locator(".status-history li")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Major outage")
    expect(history.first).to_contain_text(admin_advisor.email)

    # A weekly window without a title or a proper time: the errors show under their fields.
    panel.get_by_label("Every week").check()
    panel.get_by_label("Starts at (HH:MM)").fill("")
    panel.get_by_label("Time zone").fill("Mars/Olympus")
    panel.get_by_role("button", name="Add window").click()
    expect(panel.locator("#maintenance-at-error")).to_contain_text("HH:MM")
    expect(panel.locator("#maintenance-timezone-error")).to_contain_text("time zone")
    expect(panel.locator(".maintenance-form .per-language .field-error").first).to_contain_text(
        "required")
    assert db.session.execute(db.select(MaintenanceWindow)).first() is None

    panel.get_by_label("Title (en)").fill("Nightly backup")
    panel.get_by_label("Title (es)").fill("Copia de seguridad")
    panel.get_by_label("Day").select_option(label="Wed")
    panel.get_by_label("Starts at (HH:MM)").fill("21:30")
    panel.get_by_label("Length (minutes)").fill("90")
    panel.get_by_label("Time zone").fill("Europe/Warsaw")
    panel.get_by_role("button", name="Add window").click()
    listed = panel.locator(".maintenance-window")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text("Nightly backup")
    expect(listed.first).to_contain_text("Every Wed at 21:30 for 90 minutes (Europe/Warsaw)")
    expect(panel.locator("#maintenance-at-error")).to_be_hidden()

    # The widget on the host page shows the outage and its message.
    widget_context = browser.new_context()
    try:
        widget = widget_context.new_page()
        frame = open_panel(widget, english_host)
        menu(frame, "status")
        expect(frame.locator(".hw-sys-line")).to_contain_text("Major outage")
        expect(frame.locator(".hw-sys-message")).to_have_text("Invoices cannot be sent right now.")
        expect(frame.locator(".hw-maintenance-title").first).to_have_text("Nightly backup")
    finally:
        widget_context.close()

    # The public status API lists the weekly window, in its time zone.
    shown = public_status(client, site)
    assert shown["status"] == "major_outage"
    weekly = [item for item in shown["maintenance"] if item["title"] == "Nightly backup"]
    assert weekly and all(item["recurring"] == "weekly" for item in weekly)
    assert all(item["timezone"] == "Europe/Warsaw" for item in weekly)

    # Removing it asks first, then it is gone from the console and from the public API.
    panel.get_by_role("button", name="Remove Nightly backup").click()
    expect(panel.get_by_text("No maintenance is planned.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Maintenance window removed")).to_be_visible()
    assert public_status(client, site)["maintenance"] == []
    db.session.expire_all()
    assert db.session.execute(db.select(MaintenanceWindow)).first() is None

    # Nothing else of the site changed.
    after = db.session.get(Site, site.id)
    assert {"name": after.name, "brand_color": after.brand_color, "menu": list(after.menu),
            "allowed_origins": list(after.allowed_origins)} == kept


def test_one_off_window_is_entered_in_the_site_time_zone(page, live_server, site, admin_advisor):
    sites.save_site(site.key, contact={**(site.contact or {}), "timezone": "America/Bogota"})
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Site settings").click()
    panel = page.get_by_role("region", name="System status")
    panel.get_by_label("Title (es)").fill("Migración")
    starts = panel.get_by_label("Starts (America/Bogota)")
    ends = panel.get_by_label("Ends (America/Bogota)")
    starts.fill("2030-01-15T22:00")
    ends.fill("2030-01-15T21:00")
    panel.get_by_role("button", name="Add window").click()
    expect(panel.locator("#maintenance-ends-error")).to_contain_text("after the start")
    assert db.session.execute(db.select(MaintenanceWindow)).first() is None

    ends.fill("2030-01-15T23:30")
    panel.get_by_role("button", name="Add window").click()
    listed = panel.locator(".maintenance-window")
    expect(listed).to_have_count(1)
    expect(listed.first).to_contain_text("Migración")
    expect(listed.first).to_contain_text("(America/Bogota)")
    expect(listed.first).to_contain_text("10:00")
    db.session.expire_all()
    window = db.session.execute(db.select(MaintenanceWindow)).scalar_one()
    # 22:00 in Bogotá (UTC-5) is 03:00 UTC the next day.
    assert aware(window.starts_at) == datetime(2030, 1, 16, 3, 0, tzinfo=UTC)
    assert aware(window.ends_at) == datetime(2030, 1, 16, 4, 30, tzinfo=UTC)
    assert window.kind == "once" and window.title == {"es": "Migración"}


def test_a_plain_advisor_has_no_site_settings(page, client, live_server, site, advisor):
    sign_in_console(page, live_server, advisor.email)
    expect(page.get_by_role("tab", name="Tickets")).to_be_visible()
    expect(page.get_by_role("tab", name="Site settings")).to_be_hidden()
    expect(page.get_by_role("button", name="Update status")).to_have_count(0)
    # Nor can they change the status behind the console's back (the page's own session).
    answer = page.evaluate("""async () => {
        const token = document.querySelector('meta[name="csrf-token"]').content;
        const response = await fetch('/api/v1/advisor/sites/acme/status', {method: 'PUT',
            headers: {'Content-Type': 'application/json', 'X-CSRFToken': token},
            body: JSON.stringify({status: 'major_outage'})});
        return response.status;
    }""")
    assert answer == 403
    assert public_status(client, site)["status"] == "operational"

"""Each settings group an admin saves in the console form shows in an open widget, no reload."""
import re
import time

import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Site
from tests.support.fixtures_advisors import advisor_login, bearer, go_online, sign_in_console
from tests.support.fixtures_widget import menu, open_panel, panel
from tests.support.live_link import LiveLink

NEW_BRAND = "#0b6e4f"  # white text on it: contrast about 6.3:1


@pytest.fixture
def widget_page(browser, host_app):
    """Open the help panel on an English host page in its own browser context; return the page."""
    host_app.lang = "en"
    context = browser.new_context()
    page = context.new_page()
    errors, frames = [], []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        str(payload))))
    frame = open_panel(page, host_app)
    frame.locator(".hw-menu-item").first.wait_for()
    # Connected (Socket.IO's namespace answer, 40/visitor...) the panel hears site:updated.
    deadline = time.monotonic() + 10
    while not any(f.startswith("40/visitor") for f in frames):
        assert time.monotonic() < deadline, "the panel's live channel never connected"
        page.wait_for_timeout(50)
    yield page
    context.close()
    assert errors == [], f"widget script errors: {errors}"


@pytest.fixture
def widget(widget_page):
    """Return the frame of the open help panel."""
    return panel(widget_page)


@pytest.fixture
def console(page, live_server, admin_advisor):
    """Sign the site's admin in to the console and show the Site settings tab."""
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Site settings").click()
    page.locator("form.settings-general").wait_for()
    return page


def save(console, group, title):
    """Save the console's form of `group` and wait for its confirmation."""
    console.locator(f"form.settings-{group}").get_by_role("button", name="Save").click()
    expect(console.get_by_role("status").filter(
        has_text=f"Settings saved: {title}")).to_be_visible()


def menu_order(frame):
    """Return the panel's home menu items, in the order shown."""
    return frame.locator(".hw-menu-item").evaluate_all(
        "items => items.map((item) => item.dataset.item)")


def stored(site):
    """Return the site as the database holds it now."""
    db.session.expire_all()
    return db.session.get(Site, site.id)


def test_menu_item_turned_off_and_moved(widget, console, site):
    before = menu_order(widget)
    assert before.index("status") < before.index("contact") and "speed_test" in before
    form = console.locator("form.settings-menu")
    form.get_by_label("Speed test", exact=True).uncheck()
    form.get_by_role("button", name="Move Contact up").click()
    save(console, "menu", "Menu")

    widget.locator(".hw-menu-item[data-item='speed_test']").wait_for(state="detached")
    after = menu_order(widget)
    assert after.index("contact") < after.index("status")
    assert sorted(after) == sorted(item for item in before if item != "speed_test")
    # The item turned off is kept in the menu, off: it was not dropped.
    assert {"item": "speed_test", "enabled": False} in stored(site).menu


def test_new_phone_shows_in_the_open_contact_view(widget, console, site):
    menu(widget, "contact")
    widget.locator("#hw-title", has_text="Contact").wait_for()
    phones = widget.locator(".hw-phones li", has_text="+48 12 345 67 89")
    expect(phones).to_have_count(0)
    form = console.locator("form.settings-contact")
    form.get_by_role("button", name="Add a phone").click()
    form.locator("input[id^='phones-'][id$='-region']").last.fill("Polska")
    form.locator("input[id^='phones-'][id$='-number']").last.fill("+48 12 345 67 89")
    save(console, "contact", "Contact & hours")

    expect(phones).to_have_count(1)
    expect(phones).to_contain_text("Polska")
    expect(phones.get_by_role("link")).to_have_attribute("href", "tel:+48123456789")


def test_new_chat_topic_is_offered_in_the_open_chat_start_view(widget, console, site):
    # Chat is offered while an advisor is online; out of hours too on this site.
    site.chat_out_of_hours = True
    db.session.commit()
    wait = site.chat_wait_minutes
    go_online(console)
    menu(widget, "chat")
    widget.locator("form.hw-chat-start").wait_for()
    topic = widget.locator("#hw-chat-topic option", has_text="Payroll questions")
    expect(topic).to_have_count(0)
    form = console.locator("form.settings-chat")
    form.get_by_role("button", name="Add a topic").click()
    form.locator("input[id^='topics-'][id$='-key']").last.fill("payroll")
    form.get_by_label("Label (en)").last.fill("Payroll questions")
    save(console, "chat", "Chat")

    expect(topic).to_have_count(1)
    expect(topic).to_have_attribute("value", "payroll")
    assert stored(site).chat_wait_minutes == wait  # what was not changed stays


def test_new_category_card_shows_in_the_open_new_request_view(widget, console, site):
    menu(widget, "new_request")
    cards = widget.locator(".hw-ticket-card")
    cards.first.wait_for()
    count = cards.count()
    form = console.locator("form.settings-requests")
    form.get_by_role("button", name="Add a category").click()
    form.locator("input[id^='category-'][id$='-key']").last.fill("payroll")
    form.get_by_label("Title (en)").last.fill("Payroll questions")
    save(console, "requests", "Requests")

    card = widget.locator(".hw-ticket-card", has_text="Payroll questions")
    expect(card).to_be_visible()
    expect(cards).to_have_count(count + 1)
    keys = [category["key"] for category in stored(site).ticket_categories]
    assert keys[-1] == "payroll" and len(keys) == count + 1


def test_brand_colour_shows_in_the_open_panels_header(widget, console, site):
    header = widget.locator(".hw-header").first
    expect(header).not_to_have_css("background-color", "rgb(11, 110, 79)")
    console.locator("form.settings-general").get_by_label(
        "Brand colour", exact=True).fill(NEW_BRAND)
    save(console, "general", "General")

    expect(header).to_have_css("background-color", "rgb(11, 110, 79)")
    # White text stays on the new colour, which reaches AA contrast with it.
    expect(header).to_have_css("color", re.compile(r"rgb\(255, 255, 255\)"))
    assert stored(site).name == "Acme Facturas"


def read_then_change(route, change):
    """Answer the panel's read of its settings only after another change was saved and heard."""
    response = route.fetch()
    change()
    time.sleep(0.5)  # the change's site:updated reaches the panel while its read is pending
    route.fulfill(response=response)


def test_change_saved_while_the_panel_reads_the_last_one_still_reaches_it(
        widget_page, widget, client, site, admin_advisor):
    headers = bearer(advisor_login(client, admin_advisor.email))
    url = "/api/v1/advisor/sites/acme/settings/"
    widget_page.route(lambda address: "/api/v1/widget?" in address, lambda route: read_then_change(
        route, lambda: client.patch(url + "general", json={"brand_color": NEW_BRAND},
                                    headers=headers)), times=1)
    items = [{**entry, "enabled": entry["item"] != "speed_test"} for entry in site.menu]
    assert client.patch(url + "menu", json={"items": items}, headers=headers).status_code == 200

    widget.locator(".hw-menu-item[data-item='speed_test']").wait_for(state="detached")
    expect(widget.locator(".hw-header").first).to_have_css("background-color", "rgb(11, 110, 79)")


def test_a_change_saved_while_the_live_connection_was_away_reaches_the_panel_when_it_is_back(
        page, host_app, client, site, admin_advisor):
    host_app.lang = "en"
    link = LiveLink(page)
    frame = open_panel(page, host_app)
    speed_test = frame.locator(".hw-menu-item[data-item='speed_test']")
    speed_test.wait_for()
    link.wait_joined()

    link.cut()
    items = [{**entry, "enabled": entry["item"] != "speed_test"} for entry in site.menu]
    headers = bearer(advisor_login(client, admin_advisor.email))
    assert client.patch("/api/v1/advisor/sites/acme/settings/menu", json={"items": items},
                        headers=headers).status_code == 200
    page.wait_for_timeout(500)
    assert speed_test.count() == 1  # its site:updated went nowhere
    link.restore()
    link.wait_joined(2, within=15)
    speed_test.wait_for(state="detached")

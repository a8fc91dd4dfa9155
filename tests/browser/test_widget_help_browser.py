"""The help panel's help and tool views in headless Chromium, on a host page of another origin."""
import re
from datetime import timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Article, ArticleFeedback
from helpwidget.services import sites
from helpwidget.services.timeutil import utcnow
from tests.support.articles import make_article
from tests.support.fixtures_widget import open_panel

WINDOWS_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/131.0.0.0 Safari/537.36")
MAC_UA = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
LINUX_UA = ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36")


@pytest.fixture
def english_host(host_app):
    """The host page in English, so these tests do not depend on when catalogs are merged."""
    host_app.lang = "en"
    host_app.title = "Acme Invoices"
    return host_app


def open_view(page, host, item, path="/"):
    """Open the panel on `path` of the host and pick a menu item; return the panel frame."""
    frame = open_panel(page, host, path)
    frame.locator(f".hw-menu-item[data-item='{item}']").click()
    # The menu stays on screen until the view's module has come.
    frame.locator(".hw-menu-item").first.wait_for(state="detached")
    return frame


def test_search_as_you_type_read_and_rate(page, english_host, site):
    make_article(site, "Issue an electronic invoice", locale="en", slug="issue-invoice",
                 category="Invoicing", body="Open **Invoices** and press *New invoice*.")
    make_article(site, "Record customer payments", locale="en", slug="payments",
                 body="Payments received from customers.")
    frame = open_view(page, english_host, "search")

    box = frame.get_by_label("Search the help center")
    box.press_sequentially("electronic invo", delay=30)
    result = frame.locator(".hw-result").filter(has_text="Issue an electronic invoice")
    result.wait_for()
    assert frame.locator(".hw-result").count() == 1
    assert frame.get_by_role("status").filter(has_text="Results: 1").count() == 1
    assert "Invoicing" in result.inner_text()
    assert result.locator("mark").first.inner_text().lower().startswith("invoic")

    # The kind chips narrow the results: there are no videos.
    frame.get_by_role("button", name="Videos").click()
    frame.get_by_text("No results for “electronic invo”.").wait_for()
    frame.get_by_role("button", name="All").click()
    result.wait_for()

    # Keyboard: down from the box into the results, Enter opens the article.
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    frame.locator("#hw-title", has_text="Issue an electronic invoice").wait_for()
    assert frame.locator(".hw-article-body strong").inner_text() == "Invoices"

    frame.get_by_role("button", name="No").click()
    frame.get_by_label("What was missing? (optional)").fill("An example with VAT")
    frame.get_by_role("button", name="Send").click()
    frame.get_by_text("Thank you for your feedback.").wait_for()

    db.session.expire_all()
    answer = db.session.execute(db.select(ArticleFeedback)).scalar_one()
    assert (answer.helpful, answer.comment) == (False, "An example with VAT")
    assert db.session.get(Article, answer.article_id).slug == "issue-invoice"


def test_a_second_answer_is_refused_politely(page, english_host, site):
    make_article(site, "Record customer payments", locale="en", slug="payments",
                 body="Payments received from customers.")
    frame = open_view(page, english_host, "search")
    frame.get_by_label("Search the help center").fill("payments")
    frame.locator(".hw-result").first.click()
    frame.get_by_role("button", name="Yes").click()
    frame.get_by_text("Thank you for your feedback.").wait_for()
    frame.get_by_role("button", name="Back").click()
    frame.locator(".hw-result").first.click()
    frame.get_by_role("button", name="Yes").click()
    frame.get_by_text("You have already told us whether this article helped.").wait_for()
    db.session.expire_all()
    assert db.session.execute(db.select(db.func.count(ArticleFeedback.id))).scalar() == 1


def test_the_menu_takes_no_typing_while_the_next_view_loads(page, english_host, site):
    make_article(site, "Record customer payments", locale="en", slug="payments",
                 body="Payments received from customers.")
    held = []
    page.route(re.compile(r"/widget/assets/panel-search-\w+\.js"), lambda route: held.append(route))
    frame = open_panel(page, english_host)
    frame.locator(".hw-menu-item[data-item='search']").click()
    while not held:  # the search view's module is on its way and held back
        page.wait_for_timeout(50)
    # The menu is still on screen; its search box cannot be typed into, so nothing typed is lost.
    home_box = frame.locator("#hw-home-q")
    assert home_box.is_visible()
    assert home_box.evaluate("(box) => box.closest('[inert]') !== null")
    held[0].continue_()
    box = frame.locator(".hw-search").get_by_label("Search the help center")
    box.fill("payments")
    frame.locator(".hw-result", has_text="Record customer payments").wait_for()
    assert frame.locator(".hw-body[inert]").count() == 0


def test_an_answer_to_an_older_query_is_ignored(page, english_host, site):
    make_article(site, "Record customer payments", locale="en", slug="payments",
                 body="Payments received from customers.")
    held = []

    def hold_first(route):
        if "q=first" in route.request.url:
            held.append(route)
        else:
            route.continue_()

    page.route("**/api/v1/search?*", hold_first)
    frame = open_view(page, english_host, "search")
    box = frame.get_by_label("Search the help center")
    box.fill("first")
    while not held:  # the query "first" is on its way and its answer held back
        page.wait_for_timeout(50)
    box.fill("payments")
    frame.locator(".hw-result", has_text="Record customer payments").wait_for()

    with page.expect_request_finished(lambda request: "q=first" in request.url):
        held[0].fulfill(json={"query": "first", "total": 1, "page": 1, "per_page": 10,
                              "suggestion": None, "results": [
                                  {"id": 999, "slug": "stale", "title": "Stale answer",
                                   "kind": "article", "category": None, "snippet": "stale",
                                   "score": 1.0}]})
    # Give the panel a moment to handle that answer (a pause, not a measurement).
    page.frame(name="helpwidget-panel").evaluate("new Promise((done) => setTimeout(done, 300))")
    assert frame.get_by_text("Stale answer").count() == 0
    assert frame.locator(".hw-result").all_inner_texts()[0].startswith("Record customer payments")


def test_no_results_offer_a_person_and_a_spelling(page, english_host, site):
    make_article(site, "Issue an electronic invoice", locale="en", slug="issue-invoice",
                 body="Electronic invoices for customers.")
    frame = open_view(page, english_host, "search")
    box = frame.get_by_label("Search the help center")
    box.fill("qwertyuiop")
    frame.get_by_text("No results for “qwertyuiop”.").wait_for()
    assert frame.get_by_role("button", name="Ask an advisor").is_visible()
    assert frame.get_by_role("button", name="Send a request").is_visible()

    box.fill("electronik ")
    frame.get_by_text("Did you mean").wait_for()
    frame.get_by_role("button", name="electronic", exact=True).click()
    assert box.input_value() == "electronic"
    frame.locator(".hw-result", has_text="Issue an electronic invoice").wait_for()


def test_article_body_payloads_run_nothing(page, english_host, site):
    make_article(site, "Payload guide", locale="en", slug="payload", body=(
        "Read this.\n\n<script>document.body.dataset.pwned = 'script'</script>\n\n"
        "<img src=\"x\" onerror=\"document.body.dataset.pwned = 'onerror'\">\n\n"
        "<a href=\"javascript:document.body.dataset.pwned='link'\">Click me</a> "
        "<a href=\"https://example.com/more\">More</a>\n\n"
        "<svg onload=\"document.body.dataset.pwned='svg'\"></svg>"))
    frame = open_view(page, english_host, "search")
    frame.get_by_label("Search the help center").fill("payload")
    frame.locator(".hw-result").first.click()
    frame.get_by_text("Read this.").wait_for()
    frame.get_by_text("Click me").click()

    panel_frame = page.frame(name="helpwidget-panel")
    assert panel_frame.evaluate("document.body.dataset.pwned") is None
    assert panel_frame.locator(".hw-article-body script, .hw-article-body svg").count() == 0
    assert panel_frame.locator("[onerror], [onload]").count() == 0
    more = frame.get_by_role("link", name="More")
    assert more.get_attribute("target") == "_blank"
    assert "noopener" in more.get_attribute("rel")


def test_video_guides_embed_only_known_players(page, english_host, site):
    # The test machine has no internet: the player's page is answered locally.
    page.route("https://www.youtube-nocookie.com/**",
               lambda route: route.fulfill(body="<p>player</p>", content_type="text/html"))
    make_article(site, "Video tour", locale="en", slug="tour", kind="video", body="Watch it.",
                 video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    make_article(site, "Other video", locale="en", slug="other", kind="video", body="Watch it.",
                 video_url="https://videos.example.com/embed/1")
    frame = open_view(page, english_host, "search")
    frame.get_by_label("Search the help center").fill("video")
    frame.locator(".hw-result", has_text="Video tour").click()
    player = frame.locator("iframe[title='Video: Video tour']")
    assert player.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"

    frame.get_by_role("button", name="Back").click()
    frame.locator(".hw-result", has_text="Other video").click()
    frame.get_by_text("Watch it.").wait_for()
    assert frame.locator("iframe").count() == 0
    link = frame.get_by_role("link", name="Watch the video (opens in a new tab)")
    assert link.get_attribute("href") == "https://videos.example.com/embed/1"


def test_help_on_this_page_follows_spa_navigation(page, english_host, site):
    make_article(site, "Create your first invoice", locale="en", slug="first-invoice",
                 body="Fill in the customer.", routes=["/invoices/new"])
    make_article(site, "Read the sales report", locale="en", slug="sales-report",
                 body="Totals per month.", routes=["/reports/*"])
    frame = open_view(page, english_host, "page_help", path="/invoices/new")
    frame.get_by_role("button", name="Create your first invoice").wait_for()
    assert frame.get_by_role("button", name="Read the sales report").count() == 0

    page.locator("a[data-spa][href='/reports/sales']").click()
    frame.get_by_role("button", name="Read the sales report").wait_for()
    assert frame.get_by_role("button", name="Create your first invoice").count() == 0

    frame.get_by_role("button", name="Read the sales report").click()
    frame.locator("#hw-title", has_text="Read the sales report").wait_for()


def test_a_page_without_guides_offers_a_search_with_its_title(page, english_host, site):
    frame = open_view(page, english_host, "page_help", path="/settings")
    box = frame.get_by_label("We have no guide for this page yet. Search the help center:")
    assert box.input_value() == "Acme Invoices"


def test_speed_test_measures_and_gives_a_verdict(page, english_host, site):
    frame = open_view(page, english_host, "speed_test")
    frame.get_by_role("button", name="Start the test").click()
    frame.get_by_text("Test finished.").wait_for(timeout=60_000)
    figures = frame.locator(".hw-figures").inner_text()
    assert re.search(r"Latency\s+\d+(\.\d)? ms", figures), figures
    assert re.search(r"Download\s+\d+(\.\d)? Mbps", figures), figures
    assert re.search(r"Upload\s+\d+(\.\d)? Mbps", figures), figures
    verdict = frame.locator(".hw-verdict").inner_text()
    assert ("Your connection looks fine" in verdict
            or "Your connection may explain slowness" in verdict), verdict
    assert frame.get_by_role("button", name="Test again").is_visible()


def test_status_and_home_banner_show_maintenance_in_progress(page, english_host, site):
    from helpwidget.services import status
    now = utcnow()
    status.add_window(site, {"title": {"en": "Database upgrade", "es": "Actualización"},
                             "description": {"en": "Invoices are read-only."},
                             "starts_at": now - timedelta(minutes=10),
                             "ends_at": now + timedelta(hours=1)})
    frame = open_panel(page, english_host)
    banner = frame.locator(".hw-banner")
    banner.wait_for()
    assert "Database upgrade" in banner.inner_text()

    frame.locator(".hw-menu-item[data-item='status']").click()
    now_section = frame.get_by_role("region", name="Maintenance in progress")
    now_section.get_by_text("Database upgrade").wait_for()
    assert now_section.get_by_text("Invoices are read-only.").is_visible()
    assert frame.locator(".hw-sys-line").inner_text().endswith("Under maintenance")
    assert frame.get_by_text("showing the last known").count() == 0
    feed = frame.get_by_role("link", name="Subscribe to status updates (Atom feed)")
    assert feed.get_attribute("href").endswith("feed.atom?locale=en")


def test_contact_shows_phones_as_tel_links(page, english_host, site):
    sites.save_site(site.key, contact={
        "email": "support@acme.test",
        "phones": [{"region": "North America", "number": "(877) 704-3700"},
                   {"region": "United Kingdom", "number": "+44 (0)19 1479 5990"}],
        "hours": {"timezone": "UTC", "open": "00:00", "close": "24:00"}})
    frame = open_view(page, english_host, "contact")
    assert frame.get_by_role("link", name="(877) 704-3700").get_attribute("href") == \
        "tel:8777043700"
    assert frame.get_by_role("link", name="+44 (0)19 1479 5990").get_attribute("href") == \
        "tel:+441914795990"
    assert frame.get_by_role("link", name="support@acme.test").get_attribute("href") == \
        "mailto:support@acme.test"
    assert frame.get_by_text("Open now").is_visible()


@pytest.fixture
def remote_site(site):
    """The site with AnyDesk downloads and an install guide per operating system."""
    make_article(site, "Install AnyDesk on Windows", locale="en", slug="anydesk-windows",
                 body="Run **AnyDesk.exe** and accept the prompt.")
    make_article(site, "Install AnyDesk on a Mac", locale="en", slug="anydesk-mac",
                 body="Open **AnyDesk.dmg** and allow screen recording.")
    menu = [entry for entry in site.menu if entry["item"] != "remote_support"]
    menu.append({"item": "remote_support", "enabled": True, "tool": "AnyDesk",
                 "downloads": {"windows": "https://download.anydesk.com/AnyDesk.exe",
                               "mac": "https://download.anydesk.com/anydesk.dmg"},
                 "guides": {"windows": "anydesk-windows", "mac": "anydesk-mac"}})
    return sites.save_site(site.key, menu=menu)


def _page_as(browser, user_agent):
    context = browser.new_context(user_agent=user_agent)
    return context, context.new_page()


def test_remote_support_shows_the_guide_for_the_visitors_computer(browser, english_host,
                                                                   remote_site):
    context, page = _page_as(browser, WINDOWS_UA)
    try:
        frame = open_view(page, english_host, "remote_support")
        frame.get_by_role("heading", name="Install AnyDesk on Windows").wait_for()
        assert frame.get_by_role("heading", name="Install AnyDesk on a Mac").count() == 0
        download = frame.get_by_role("link", name="Download AnyDesk for Windows")
        assert download.get_attribute("href") == "https://download.anydesk.com/AnyDesk.exe"

        frame.get_by_role("button", name="Show the guide for Mac").click()
        frame.get_by_role("heading", name="Install AnyDesk on a Mac").wait_for()
        assert frame.get_by_role("link", name="Download AnyDesk for Mac").get_attribute(
            "href") == "https://download.anydesk.com/anydesk.dmg"
    finally:
        context.close()

    context, page = _page_as(browser, MAC_UA)
    try:
        frame = open_view(page, english_host, "remote_support")
        frame.get_by_role("heading", name="Install AnyDesk on a Mac").wait_for()
        assert frame.get_by_role("heading", name="Install AnyDesk on Windows").count() == 0
        assert frame.get_by_role("button", name="Show the guide for Windows").is_visible()
    finally:
        context.close()


def test_remote_support_on_another_system_shows_both_guides(browser, english_host, remote_site):
    context, page = _page_as(browser, LINUX_UA)
    try:
        frame = open_view(page, english_host, "remote_support")
        frame.get_by_text("Remote support needs a Windows or Mac computer.").wait_for()
        frame.get_by_role("heading", name="Install AnyDesk on Windows").wait_for()
        frame.get_by_role("heading", name="Install AnyDesk on a Mac").wait_for()
    finally:
        context.close()

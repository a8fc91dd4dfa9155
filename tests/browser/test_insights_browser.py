"""The console's Insights page in headless Chromium: a reader's failed search shows up there."""
from datetime import datetime, timezone

from playwright.sync_api import expect

from helpwidget.extensions import db
from tests.support.fixtures_advisors import bearer, sign_in_console
from tests.support.fixtures_tickets import anonymous
from tests.support.fixtures_widget import open_panel, search_box

QUERY = "quantum invoices"


def search_as_readers(page, host_app, client, site):
    """Search for QUERY in the widget, then as a second reader through the API: none finds it."""
    frame = open_panel(page, host_app)
    box = search_box(frame)
    with page.expect_response(lambda r: "/api/v1/search?" in r.url and "quantum" in r.url
                              and "invoices" in r.url) as answered:
        box.fill(QUERY)
    assert answered.value.json()["total"] == 0
    other = client.get("/api/v1/search", query_string={"site": site.key, "q": QUERY},
                       headers=bearer(anonymous(client, site)))
    assert other.status_code == 200 and other.get_json()["total"] == 0


def open_insights(page, live_server, email):
    """Sign in to the console and show the Insights tab."""
    sign_in_console(page, live_server, email)
    page.get_by_role("tab", name="Insights").click()
    page.get_by_role("heading", name="Insights", exact=True).wait_for()


def test_a_failed_search_shows_in_insights_with_its_csv_and_an_article_draft(
        page, live_server, host_app, client, site, admin_advisor):
    search_as_readers(page, host_app, client, site)
    console = page
    open_insights(console, live_server, admin_advisor.email)

    no_results = console.locator("section[data-table='no_results']")
    expect(no_results.get_by_role("cell", name=QUERY, exact=True)).to_be_visible()
    gap = console.locator("section[data-table='gaps'] tr", has_text=QUERY)
    expect(gap.get_by_role("cell", name="2", exact=True).first).to_be_visible()
    expect(gap).to_contain_text("No results")
    expect(console.locator("[data-total='no_results'] dd").first).to_have_text("2")

    # The chart is drawn, and its table lists today with its two searches.
    expect(console.locator(".insights-plot canvas").first).to_be_attached()
    expect(console.locator(".insights-plot .u-legend")).to_contain_text("No-result searches")
    console.get_by_text("Show as a table").click()
    today = datetime.now(timezone.utc).date().isoformat()
    day_row = console.locator(".insights-data tr", has=console.locator(f"time[datetime='{today}']"))
    expect(day_row.locator("td").first).to_have_text("2")

    link = no_results.get_by_role("link", name="Download CSV: Searches with no results")
    href = link.get_attribute("href")
    assert f"to={today}" in href
    csv = console.request.get(live_server + href)
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert QUERY in csv.text()

    # "Add a synonym" opens Site settings on a new synonym group that holds the query.
    gap.get_by_role("button", name=f"Add a synonym for “{QUERY}”").click()
    expect(console.get_by_role("tab", name="Site settings")).to_have_attribute(
        "aria-selected", "true")
    expect(console.locator(".chips .chip", has_text=QUERY)).to_be_visible()

    console.get_by_role("tab", name="Insights").click()
    gap.get_by_role("button", name=f"Write an article about “{QUERY}”").click()
    expect(console.get_by_role("tab", name="Articles")).to_have_attribute("aria-selected", "true")
    expect(console.get_by_role("heading", name="New article")).to_be_visible()
    expect(console.locator("#article-title")).to_have_value("Quantum invoices")


def test_insights_explain_an_empty_range_recording_off_and_a_wrong_range(
        page, live_server, site, advisor):
    site.insights_enabled = False
    db.session.commit()
    open_insights(page, live_server, advisor.email)

    expect(page.get_by_role("note")).to_contain_text("Search recording is off for this site")
    expect(page.get_by_text("No searches were recorded in this range yet")).to_be_visible()
    expect(page.locator("[data-total='searches'] dd").first).to_have_text("0")
    # A plain advisor reads the gaps but is offered no admin action on them.
    expect(page.get_by_role("button", name="Write an article")).to_have_count(0)

    page.get_by_label("Date range", exact=True).select_option(label="Custom range")
    page.get_by_label("From", exact=True).fill("2026-03-10")
    page.get_by_label("To", exact=True).fill("2026-03-01")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text(
        "The start date must be on or before the end date.")
    page.get_by_label("From", exact=True).fill("2026-02-20")
    with page.expect_response(lambda r: "/insights?" in r.url) as answered:
        page.get_by_role("button", name="Show", exact=True).click()
    assert answered.value.status == 200
    expect(page.locator(".insights-range-shown")).to_contain_text("Feb 20, 2026")

"""Deflection in the help panel: articles suggested while writing a request or a chat, "this
solved it", popular articles in the empty search view and related ones under an article."""
import re

import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Article, SearchEvent
from tests.support.articles import make_article
from tests.support.fixtures_widget import menu, open_panel, search_box
from tests.support.sample_files import png_bytes


@pytest.fixture
def english_host(host_app):
    """The host page in English, so these tests do not depend on when catalogs are merged."""
    host_app.lang = "en"
    return host_app


@pytest.fixture
def printer_help(site):
    """English guides about a printer error: one for everyone, one for partners only."""
    make_article(site, "Fix the printer error E42", locale="en", slug="printer-e42",
                 category="Printing", body="Turn the printer off and on again.")
    make_article(site, "Printer error codes for partners", locale="en", slug="partner-printer",
                 audience=["partner"], body="Partner printer error codes.")
    make_article(site, "Record customer payments", locale="en", slug="payments",
                 body="Payments received from customers.")


def suggestion(frame, title):
    """Return the suggested article link titled `title`, once the suggestions show."""
    box = frame.locator(".hw-suggest")
    expect(box.locator(".hw-suggest-title")).to_have_text("These articles may answer your question")
    return box.get_by_role("button", name=title)


def start_request(frame):
    """Open a new technical request; return once its form shows."""
    menu(frame, "new_request")
    frame.get_by_role("button", name=re.compile("Technical problem")).click()
    frame.get_by_label("Subject").wait_for()


def event(source):
    """Return the one recorded search of `source`."""
    db.session.expire_all()
    return db.session.execute(db.select(SearchEvent).filter_by(source=source)).scalar_one()


def test_a_suggestion_that_solves_the_request_ends_the_flow_and_is_recorded(
        page, english_host, site, printer_help):
    frame = open_panel(page, english_host)
    start_request(frame)
    frame.get_by_label("Subject").press_sequentially("printer error", delay=20)
    link = suggestion(frame, "Fix the printer error E42")
    expect(link).to_be_visible()
    # Audience-safe: the partners' guide is never suggested to this anonymous visitor.
    expect(frame.locator(".hw-suggest-link")).to_have_count(1)

    with page.expect_request(lambda r: "/click?" in r.url) as click:
        link.click()
    assert click.value.post_data_json["rank"] == 1
    frame.locator("#hw-title", has_text="Fix the printer error E42").wait_for()
    with page.expect_response(lambda r: "/solved?" in r.url) as solved:
        frame.get_by_role("button", name="Yes, this solved my problem").click()
    assert solved.value.status == 204
    expect(frame.locator("#hw-title")).to_have_text("Glad it helped")

    recorded = event("request")
    article = db.session.execute(db.select(Article).filter_by(slug="printer-e42")).scalar_one()
    assert recorded.solved and recorded.clicked_article_id == article.id
    assert recorded.clicked_rank == 1 and recorded.query == "printer error"

    # The flow is over: the draft is gone, and "back" does not lead to it.
    frame.get_by_role("button", name="Back to help").click()
    start_request(frame)
    expect(frame.get_by_label("Subject")).to_have_value("")


def test_with_insights_off_nothing_is_posted_and_the_flow_still_ends(page, english_host, site,
                                                                     printer_help):
    site.insights_enabled = False
    db.session.commit()
    posted = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST"
            and "/api/v1/search/" in r.url else None)
    frame = open_panel(page, english_host)
    start_request(frame)
    frame.get_by_label("Subject").press_sequentially("printer error", delay=20)
    suggestion(frame, "Fix the printer error E42").click()
    frame.get_by_role("button", name="Yes, this solved my problem").click()
    expect(frame.locator("#hw-title")).to_have_text("Glad it helped")
    assert posted == [] and db.session.execute(db.select(SearchEvent)).first() is None


def test_saying_no_returns_to_the_request_with_its_draft(page, english_host, site, printer_help,
                                                         tmp_path):
    shot = tmp_path / "error.png"
    shot.write_bytes(png_bytes())
    frame = open_panel(page, english_host)
    start_request(frame)
    frame.get_by_label("Subcategory").select_option(label="Error message")
    frame.get_by_label("Your name").fill("Ana Pérez")
    frame.locator("#hw-t-files").set_input_files(str(shot))
    item = frame.locator(".hw-file-item", has_text="error.png")
    item.locator("progress").wait_for(state="detached")
    frame.get_by_label("Subject").fill("Invoices")
    frame.get_by_label("Description").press_sequentially("The printer shows an error", delay=10)
    # The suggestions follow the field being written: here the description.
    suggestion(frame, "Fix the printer error E42").click()

    frame.get_by_role("button", name="No, continue with my request").click()
    expect(frame.get_by_label("Subject")).to_have_value("Invoices")
    expect(frame.get_by_label("Description")).to_have_value("The printer shows an error")
    expect(frame.get_by_label("Subcategory")).to_have_value(re.compile(".+"))
    expect(frame.get_by_label("Your name")).to_have_value("Ana Pérez")
    expect(frame.locator(".hw-ticket-type")).to_contain_text("Technical problem")
    expect(frame.locator(".hw-file-item", has_text="error.png")).to_be_visible()
    recorded = event("request")
    assert not recorded.solved and recorded.clicked_rank == 1


def test_the_chats_first_message_gets_suggestions_and_keeps_its_draft(
        page, english_host, site, printer_help, console):
    frame = open_panel(page, english_host)
    menu(frame, "chat")
    frame.get_by_role("button", name="Start chat").wait_for()
    frame.get_by_label("Your name").fill("Ana")
    frame.get_by_label("Your question").press_sequentially("printer error", delay=20)
    suggestion(frame, "Fix the printer error E42").click()
    frame.locator("#hw-title", has_text="Fix the printer error E42").wait_for()

    frame.get_by_role("button", name="No, continue with my chat").click()
    expect(frame.get_by_label("Your question")).to_have_value("printer error")
    expect(frame.get_by_label("Your name")).to_have_value("Ana")
    assert event("chat").clicked_rank == 1


def test_the_empty_search_view_shows_popular_articles_for_the_page(page, english_host, site):
    make_article(site, "Create an invoice", locale="en", slug="create-invoice",
                 routes=["/invoices/new"])
    make_article(site, "Most read guide", locale="en", slug="most-read")
    make_article(site, "Sales report", locale="en", slug="sales", routes=["/reports/*"])
    make_article(site, "Partners only", locale="en", slug="partners", audience=["partner"])
    db.session.execute(db.update(Article).where(Article.slug == "most-read").values(views=40))
    db.session.execute(db.update(Article).where(Article.slug == "partners").values(views=90))
    db.session.commit()
    frame = open_panel(page, english_host, "/invoices/new")
    search_box(frame)
    popular = frame.locator(".hw-popular")
    expect(popular.get_by_role("heading")).to_have_text("Popular for this page")
    titles = popular.locator(".hw-article-link-title")
    expect(titles.first).to_have_text("Create an invoice")
    expect(titles.nth(1)).to_have_text("Most read guide")
    expect(popular).not_to_contain_text("Partners only")
    # Typing replaces them with results; a result opened is recorded with its rank.
    frame.get_by_label("Search the help center").fill("sales report")
    expect(popular).to_have_count(0)
    with page.expect_response(lambda r: "/click?" in r.url) as click:
        frame.locator(".hw-result", has_text="Sales report").click()
    assert click.value.status == 204
    frame.locator("#hw-title", has_text="Sales report").wait_for()
    assert event("search").clicked_rank == 1


def test_an_article_ends_with_related_articles(page, english_host, site):
    make_article(site, "Issue an invoice", locale="en", slug="issue", category="Invoicing",
                 video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    make_article(site, "Void an invoice", locale="en", slug="void", category="Invoicing")
    make_article(site, "Invoices for partners", locale="en", slug="partner-invoices",
                 category="Invoicing", audience=["partner"])
    make_article(site, "Back up your data", locale="en", slug="backup", category="System")
    frame = open_panel(page, english_host)
    search_box(frame).fill("issue invoice")
    frame.locator(".hw-result", has_text="Issue an invoice").click()
    frame.locator("#hw-title", has_text="Issue an invoice").wait_for()
    # The video guide still plays in the panel.
    expect(frame.locator(".hw-video iframe")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    related = frame.locator(".hw-related")
    expect(related.get_by_role("heading")).to_have_text("Related articles")
    expect(related.locator(".hw-article-link-title").first).to_have_text("Void an invoice")
    expect(related).not_to_contain_text("Invoices for partners")
    expect(related).not_to_contain_text("Issue an invoice")
    related.get_by_role("button", name="Void an invoice").click()
    frame.locator("#hw-title", has_text="Void an invoice").wait_for()

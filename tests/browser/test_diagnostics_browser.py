"""Diagnostics with a request, in headless Chromium: a host page that opted in (or not), the
widget's "Attach diagnostics" and its preview, the stored ticket and the advisor console."""
import re

import pytest

from helpwidget.extensions import db
from helpwidget.models import Ticket
from tests.support.fixtures_advisors import make_advisor, sign_in_console
from tests.support.fixtures_widget import panel

SUBJECT = "Los totales no cuadran"
# The host page's own code: one error thrown later, one promise nobody catches.
BREAKING = """
window.breakTotals = function () {
  setTimeout(function () { throw new Error("Totals failed for draft 7"); });
  Promise.reject(new Error("Sync rejected"));
};
"""
THROWN = "Totals failed for draft 7"


@pytest.fixture
def host_page(browser):
    """Return (page, errors): a page of its own context; the host's errors are expected here."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page, errors
    context.close()


@pytest.fixture
def english_host(host_app):
    """The host app in English, with a function that breaks its page on demand."""
    host_app.lang = "en"
    host_app.extra_script = BREAKING
    return host_app


def stored_ticket():
    """Return the only ticket stored."""
    db.session.expire_all()
    return db.session.execute(db.select(Ticket)).scalar_one()


def visit_and_break(page, host):
    """Load the host page (a query that must never be kept), break it, visit two SPA routes."""
    page.goto(host.url + "/start?customer=ana@example.com")
    page.locator("#helpwidget-launcher").wait_for()
    page.evaluate("window.breakTotals()")
    page.get_by_role("link", name="Invoices").click()
    page.get_by_role("link", name="New invoice").click()
    page.wait_for_function("() => location.pathname === '/invoices/new'")


def fill_request(frame):
    """Open a new technical request and fill it as a signed-out user."""
    frame.locator(".hw-menu-item[data-item='new_request']").click()
    frame.get_by_role("button", name=re.compile("Technical problem")).click()
    frame.get_by_label("Subcategory").select_option(label="Error message")
    frame.get_by_label("Subject").fill(SUBJECT)
    frame.get_by_label("Description").fill("Al guardar, el total sale en cero.")
    frame.get_by_label("Your name").fill("Ana Pérez")
    frame.get_by_label("Your email").fill("ana@example.com")


def open_widget(page):
    """Open the panel from the launcher and return its frame."""
    page.locator("#helpwidget-launcher").click()
    frame = panel(page)
    frame.locator("#hw-root .hw-screen").wait_for()
    return frame


def send(frame):
    """Send the request and wait for its confirmation."""
    frame.get_by_role("button", name="Send", exact=True).click()
    frame.locator(".hw-ticket-done").wait_for()


def test_attached_diagnostics_reach_the_advisor_console(host_page, english_host, browser,
                                                        live_server, site):
    page, errors = host_page
    english_host.attributes = 'data-diagnostics="errors"'
    visit_and_break(page, english_host)
    assert any(THROWN in error for error in errors)  # the host page really broke
    frame = open_widget(page)
    fill_request(frame)

    box = frame.get_by_label("Attach diagnostics")
    assert not box.is_checked()  # off until the user ticks it
    assert frame.locator(".hw-diag-preview").count() == 0
    box.check()
    preview = frame.locator(".hw-diag-preview")
    preview.wait_for()
    assert preview.locator("[data-diag='browser']").inner_text().startswith("Chrome")
    assert re.fullmatch(r"\d+x\d+", preview.locator("[data-diag='screen']").inner_text())
    assert preview.locator(".hw-diag-routes li").all_inner_texts() == [
        "/start", "/invoices", "/invoices/new"]
    shown_errors = preview.locator(".hw-diag-errors li").all_inner_texts()
    assert any(THROWN in text for text in shown_errors)
    assert any("Sync rejected" in text for text in shown_errors)
    # Nothing typed in the form, and no query string, goes with it.
    for private in ("ana@example.com", "Ana Pérez", SUBJECT, "customer="):
        assert private not in preview.inner_text()
    send(frame)

    ticket = stored_ticket()
    assert ticket.diagnostics["routes"] == ["/start", "/invoices", "/invoices/new"]
    thrown = next(e for e in ticket.diagnostics["errors"] if THROWN in e["message"])
    assert thrown["source"] == f"{english_host.url}/start"  # the page, without its query
    assert thrown["line"] > 0 and thrown["at"]
    assert any("Sync rejected" in e["message"] for e in ticket.diagnostics["errors"])
    assert ticket.diagnostics["browser"].startswith("Chrome")
    assert "ana@example.com" not in str(ticket.diagnostics)

    advisor = make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    console = browser.new_context().new_page()
    sign_in_console(console, live_server, advisor.email)
    console.get_by_role("tab", name="Tickets").click()
    console.locator(".ticket-row", has_text=SUBJECT).click()
    section = console.get_by_role("region", name="Diagnostics")
    section.wait_for()
    assert section.locator(".diag-routes li").all_inner_texts() == [
        "/start", "/invoices", "/invoices/new"]
    section.locator(".diag-errors li", has_text=THROWN).wait_for()
    assert "Browser" in section.inner_text() and "Chrome" in section.inner_text()
    assert f"{english_host.url}/start, line" in section.inner_text()
    console.context.close()


def test_without_the_host_s_opt_in_no_errors_are_collected(host_page, english_host, site):
    page, errors = host_page
    visit_and_break(page, english_host)
    assert any(THROWN in error for error in errors)
    frame = open_widget(page)
    fill_request(frame)
    frame.get_by_label("Attach diagnostics").check()
    preview = frame.locator(".hw-diag-preview")
    preview.wait_for()
    assert preview.locator(".hw-diag-routes li").count() == 3
    assert preview.locator(".hw-diag-errors").count() == 0
    assert THROWN not in preview.inner_text()
    send(frame)
    diagnostics = stored_ticket().diagnostics
    assert diagnostics["routes"] == ["/start", "/invoices", "/invoices/new"]
    assert "errors" not in diagnostics


def test_without_ticking_nothing_is_attached(host_page, english_host, site):
    page, _errors = host_page
    english_host.attributes = 'data-diagnostics="errors"'
    visit_and_break(page, english_host)
    frame = open_widget(page)
    fill_request(frame)
    box = frame.get_by_label("Attach diagnostics")
    box.check()
    frame.locator(".hw-diag-preview").wait_for()
    box.uncheck()  # changed their mind
    assert frame.locator(".hw-diag-preview").count() == 0
    send(frame)
    assert stored_ticket().diagnostics is None

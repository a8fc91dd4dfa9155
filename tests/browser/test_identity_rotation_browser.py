"""Rotating the identity secret in the console: signed-in widgets go on, the old secret ends."""
import json
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Site
from tests.support.fixtures_advisors import sign_in_console
from tests.support.fixtures_tickets import SUBJECT, identified, post_ticket
from tests.support.fixtures_widget import menu, open_panel
from tests.support.identities import sign_identity

ANA = {"sub": "ana", "name": "Ana Pérez", "email": "ana@example.com", "account_id": "acc-1"}

# The host records a failed identify as it records the widget's other events.
RECORD_FAILURES = """window.HelpWidget("on", "identify_failed", function (data) {
  window.__events.push(["identify_failed", data]);
});"""


@pytest.fixture
def anas_request(client, site):
    """Return the number of a request Ana opened earlier."""
    token = identified(client, site, **ANA)
    return post_ticket(client, site, token, subject=SUBJECT).get_json()["ticket"]["number"]


@pytest.fixture
def host_page(browser, host_app, site):
    """Open pages of the English host in fresh browser contexts; fail on any script error."""
    host_app.lang = "en"
    contexts, errors = [], []

    def load(secret):
        """Load the host page identifying Ana with a JWT signed with `secret`; open the panel."""
        jwt = sign_identity(site, secret=secret, **ANA)
        host_app.extra_script = f"{RECORD_FAILURES}\nHelpWidget('identify', {json.dumps(jwt)});"
        contexts.append(browser.new_context())
        page = contexts[-1].new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return page, open_panel(page, host_app)

    yield load
    for context in contexts:
        context.close()
    assert errors == [], f"widget script errors: {errors}"


def sees_her_request(frame, number):
    """Assert the panel greets Ana and lists her request under My requests."""
    expect(frame.locator(".hw-greeting")).to_have_text("Hello, Ana Pérez")
    menu(frame, "my_requests")
    expect(frame.locator(f".hw-req-row[data-number='{number}']")).to_be_visible()


def identify_failure(page):
    """Wait for the host's identify_failed event and return its data."""
    page.wait_for_function("() => window.__events.some((e) => e[0] === 'identify_failed')")
    return page.evaluate("window.__events.find((e) => e[0] === 'identify_failed')[1]")


def rotate_in_console(page, live_server, admin_advisor, overlap_hours):
    """Rotate the secret with the console's Identity section; return the new secret shown."""
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Site settings").click()
    page.get_by_label("Overlap (hours)").fill(str(overlap_hours))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rotate secret").click()
    shown = page.locator("#identity-new-secret")
    expect(shown).to_be_visible()
    return shown.inner_text().strip()


def test_rotation_keeps_open_widgets_and_the_old_secret_only_during_the_overlap(
        page, live_server, site, admin_advisor, anas_request, host_page):
    old = site.identity_secret
    widget, frame = host_page(old)
    sees_her_request(frame, anas_request)

    new = rotate_in_console(page, live_server, admin_advisor, 2)
    assert new and new != old
    db.session.expire_all()
    assert db.session.get(Site, site.id).identity_secret == new

    # The widget still open keeps its session: its list of requests reloads fine.
    frame.get_by_role("button", name="Back").click()
    frame.locator(".hw-menu-item[data-item='my_requests']").wait_for()
    # The list's own read (the home view's count of news asks for one per page).
    with widget.expect_response(lambda r: "/api/v1/tickets?" in r.url
                                and "per_page=1&" not in r.url + "&") as listed:
        menu(frame, "my_requests")
    assert listed.value.status == 200
    expect(frame.locator(f".hw-req-row[data-number='{anas_request}']")).to_be_visible()

    # During the overlap a page signed with the old secret still signs Ana in; the new one too.
    for secret in (old, new):
        _, frame = host_page(secret)
        sees_her_request(frame, anas_request)

    # The overlap ends: the old secret is refused, the new one still works.
    stored = db.session.get(Site, site.id)
    stored.previous_secret_expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    refused, frame = host_page(old)
    assert identify_failure(refused)["code"] == "invalid"
    frame.locator("#hw-title", has_text="How can we help?").wait_for()
    expect(frame.locator(".hw-greeting")).to_have_count(0)
    _, frame = host_page(new)
    sees_her_request(frame, anas_request)

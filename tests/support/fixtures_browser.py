"""Fixtures of the browser: Debian's headless Chromium through Playwright, a page per test."""
import os

import pytest

# Set on a test once its body has run: what a page logs after that comes from servers stopping
# in teardown (a reconnecting socket), not from what the test exercised.
BODY_DONE = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Mark the test's body as done, so its pages stop collecting console errors."""
    try:
        return (yield)
    finally:
        item.stash[BODY_DONE] = True


@pytest.fixture(scope="session")
def browser():
    """Start Debian's headless Chromium through Playwright (skipped only outside CI if absent)."""
    chromium = os.environ.get("HELPWIDGET_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        if os.environ.get("CI"):
            pytest.fail(f"{chromium} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"no Chromium at {chromium}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request):
    """Return a fresh browser page that fails the test on any script error."""
    context = browser.new_context()
    page = context.new_page()
    errors = []

    def during_body(message):
        if not request.node.stash.get(BODY_DONE, False):
            errors.append(message)

    # HTTP error statuses are logged by Chromium too; tests assert on those themselves. The
    # in-process test server (Werkzeug) may send a frame after a socket the page closed on
    # purpose; Chromium logs that, the eventlet server users meet does not do it.
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith(
        "Failed to load resource") and not msg.text.endswith("Data frame received after close")
        and during_body(msg.text))
    page.on("pageerror", lambda exc: during_body(str(exc)))
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"

"""The suite's options and marks; fixtures come from tests/support (registered below)."""
import pytest

# Fixtures of one area each: the app and its database, the browser, an SMTP server on loopback,
# advisors, tickets, live chat, a host page embedding the widget, the demo host's sites.
pytest_plugins = ["tests.support.fixtures_app", "tests.support.fixtures_browser",
                  "tests.support.fixtures_mail", "tests.support.fixtures_advisors",
                  "tests.support.fixtures_tickets", "tests.support.fixtures_chat",
                  "tests.support.fixtures_widget", "tests.support.fixtures_demo"]


def pytest_addoption(parser):
    """Add --proof: also run the long security, fault and load runs (marked `proof`)."""
    parser.addoption("--proof", action="store_true",
                     help="run the long proof runs too (tests/run does, once, on SQLite)")


@pytest.hookimpl(tryfirst=True)  # before -m reads the marks
def pytest_collection_modifyitems(config, items):
    """Mark the tests that drive Chromium `browser`; skip those marked `proof` unless --proof."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    if config.getoption("--proof"):
        return
    skip = pytest.mark.skip(reason="long proof run: add --proof")
    for item in items:
        # The mark, not the keyword: every test under tests/proof has "proof" among its keywords.
        if item.get_closest_marker("proof"):
            item.add_marker(skip)

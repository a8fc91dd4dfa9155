"""The visitor's session survives a reload, even where the browser blocks the panel's storage."""
import json

from helpwidget.extensions import db
from helpwidget.models import Visitor
from tests.support.fixtures_widget import open_panel
from tests.support.identities import sign_identity


def visitors():
    """Return how many visitor sessions the server has opened."""
    db.session.rollback()  # see what the live server committed since
    return db.session.execute(db.select(db.func.count(Visitor.id))).scalar()


def open_my_requests(page, host_app):
    """Load the host page, open the panel on "my requests" and wait for the list's answer."""
    frame = open_panel(page, host_app)
    # The list is asked for once the session is open, so the server has stored it by then.
    with page.expect_response(lambda response: "/api/v1/tickets?" in response.url):
        frame.locator(".hw-menu-item[data-item='my_requests']").click()
    return frame


def test_a_reload_keeps_the_anonymous_visitors_session(page, host_app):
    host_app.lang = "en"
    frame = open_my_requests(page, host_app)
    assert visitors() == 1
    # Chromium's third-party cookie block also denies storage to the cross-site panel frame;
    # then, and only then, the host page keeps the token for it.
    blocked = frame.locator("body").evaluate(
        "() => { try { localStorage.length; return false; } catch (e) { return true; } }")
    kept = page.evaluate(f"localStorage.getItem('helpwidget:{host_app.site_key}')")
    assert (kept is not None and len(kept) > 30) if blocked else kept is None
    page.reload()
    open_my_requests(page, host_app)
    assert visitors() == 1


def test_the_language_the_identity_names_wins_over_the_host_pages(page, host_app, site):
    host_app.lang = "en"
    jwt = sign_identity(site, sub="ola", name="Ola Nowak", locale="pl")
    host_app.extra_script = f"window.HelpWidget('identify', {json.dumps(jwt)});"
    frame = open_panel(page, host_app)
    frame.locator("html[lang='pl']").wait_for()
    assert frame.locator("#hw-title").inner_text() != ""
    assert page.evaluate("window.__events.filter(e => e[0] === 'identify_failed').length") == 0

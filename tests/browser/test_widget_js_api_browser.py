"""The widget's JS API in headless Chromium: a call naming a command, event, locale, view, option,
category or subcategory that does not exist says so (a console warning naming the bad value and
the valid ones, and an `error` event), and a failed identify carries the code the README lists."""
import pytest

from tests.support.fixtures_widget import panel
from tests.support.identities import sign_identity

LAUNCHER = "#helpwidget-launcher"
FRAME = "iframe[name='helpwidget-panel']"
# The host page also records `error` and `identify_failed` events.
LISTEN = """
["error", "identify_failed"].forEach(function (name) {
  window.HelpWidget("on", name, function (data) { window.__events.push([name, data]); });
});
"""


@pytest.fixture
def warnings(page):
    """Return the list of the host page's (and the panel's) console warnings, kept up to date."""
    seen = []
    page.on("console", lambda message: message.type == "warning" and seen.append(message.text))
    return seen


def load(page, host_app, script=""):
    """Load the host page (in English) with `script` run before the widget's tag."""
    host_app.lang = "en"
    host_app.extra_script = LISTEN + script
    page.goto(host_app.url)
    page.locator(LAUNCHER).wait_for()


def wait_event(page, name, count=1):
    """Wait for the `count`th event `name` and return the data of the last one."""
    page.wait_for_function("([name, count]) => window.__events.filter("
                           "(e) => e[0] === name).length >= count", arg=[name, count])
    return page.evaluate("(name) => window.__events.filter((e) => e[0] === name).pop()[1]", name)


def errors(page):
    """Return the `error` events' data the host page received."""
    return page.evaluate("window.__events.filter((e) => e[0] === 'error').map((e) => e[1])")


def assert_warned(warnings, error, code, *words):
    """The `error` event has `code` and a message naming `words`; the console said the same."""
    assert error["code"] == code
    for word in words:
        assert word in error["message"], (word, error)
    assert f"HelpWidget: {error['message']}" in warnings


def test_unknown_commands_events_and_locales_are_named_with_the_valid_ones(page, host_app,
                                                                            warnings):
    load(page, host_app)
    page.evaluate("HelpWidget('opne')")
    assert_warned(warnings, wait_event(page, "error"), "unknown_command",
                  '"opne"', "open", "newTicket", "setLocale")
    page.evaluate("HelpWidget('on', 'ticketCreated', function () {})")
    assert_warned(warnings, wait_event(page, "error", 2), "unknown_event",
                  '"ticketCreated"', "ticket_created", "identify_failed")
    page.evaluate("HelpWidget('setLocale', 'de')")
    assert_warned(warnings, wait_event(page, "error", 3), "unknown_locale", '"de"', "en, es, pl")
    assert page.locator(LAUNCHER).get_attribute("aria-label") == "Help"
    # Nothing of the panel loaded for any of them.
    assert page.locator(FRAME).count() == 0


def test_an_unknown_view_or_option_is_named_and_the_panel_still_opens(page, host_app, warnings):
    load(page, host_app)
    page.evaluate("HelpWidget('open', 'faq')")
    assert_warned(warnings, wait_event(page, "error"), "unknown_view",
                  '"faq"', "search", "page_help", "new_request", "contact")
    frame = panel(page)
    frame.locator("#hw-title", has_text="How can we help?").wait_for()
    assert page.locator(FRAME).is_visible()

    page.evaluate("HelpWidget('open', 'search', {query: 'factura'})")
    assert_warned(warnings, wait_event(page, "error", 2), "unknown_option",
                  '"query"', 'view "search"', "q, kind")
    frame.locator("#hw-title", has_text="Search guides and videos").wait_for()
    page.evaluate("HelpWidget('open', 'search', {q: 'factura', kind: 'videos'})")
    assert_warned(warnings, wait_event(page, "error", 3), "unknown_kind",
                  '"videos"', "article", "video")
    frame.locator("#hw-search-q").wait_for()
    assert frame.locator("#hw-search-q").input_value() == "factura"


def test_new_ticket_with_an_unknown_category_warns_and_keeps_what_was_given(page, host_app,
                                                                            warnings):
    load(page, host_app)
    # The README's example before the fix: "technical" is no request type.
    page.evaluate("""HelpWidget("newTicket", {category: "technical", subject: "Factura rechazada",
      description: "La DIAN rechaza la factura FE-1042"})""")
    assert_warned(warnings, wait_event(page, "error"), "unknown_category",
                  '"technical"', "technical_issue", "questions")
    frame = panel(page)
    # The cards, to choose the right type; the subject and description wait in the form.
    frame.get_by_role("button", name="Technical problem").click()
    assert frame.locator("#hw-t-subject").input_value() == "Factura rechazada"
    assert frame.locator("#hw-t-description").input_value() == "La DIAN rechaza la factura FE-1042"


def test_new_ticket_with_an_unknown_subcategory_or_priority_warns(page, host_app, warnings):
    load(page, host_app)
    page.evaluate("""HelpWidget("newTicket", {category: "technical_issue", subcategory: "slow",
      priority: "urgent", subject: "Todo va lento", description: "Desde ayer"})""")
    wait_event(page, "error", 2)
    codes = {error["code"]: error for error in errors(page)}
    assert_warned(warnings, codes["unknown_priority"], "unknown_priority",
                  '"urgent"', "low, normal, high")
    assert_warned(warnings, codes["unknown_subcategory"], "unknown_subcategory",
                  '"slow"', 'category "technical_issue"', "slowness", "error_message")
    frame = panel(page)
    # The valid part is kept: the form of the type given, with its fields.
    frame.locator("#hw-t-subject").wait_for()
    assert frame.locator("#hw-t-subject").input_value() == "Todo va lento"
    assert frame.locator("#hw-t-subcategory").input_value() == ""


def test_valid_calls_warn_of_nothing(page, host_app, warnings):
    load(page, host_app)
    page.evaluate("""HelpWidget("newTicket", {category: "technical_issue",
      subcategory: "error_message", subject: "La DIAN rechaza la factura FE-1042",
      description: "Aparece «Rechazo: la resolución de numeración no está vigente»."})""")
    frame = panel(page)
    frame.locator("#hw-t-subject").wait_for()
    assert frame.locator("#hw-t-subcategory").input_value() == "error_message"
    page.evaluate("HelpWidget('open', 'search', {q: 'factura', kind: 'video'})")
    frame.locator("#hw-search-q").wait_for()
    page.evaluate("HelpWidget('on', 'ticket_created', function () {})")
    page.evaluate("HelpWidget('setLocale', 'es-ES')")
    panel(page).locator("#hw-title", has_text="Buscar").wait_for()
    assert errors(page) == [] and not [text for text in warnings if "HelpWidget" in text]


@pytest.mark.parametrize("token, code", [
    (lambda site: sign_identity(site, ttl=-120), "expired"),
    (lambda site: sign_identity(site, secret="not-the-sites-secret-at-all-0123456789"), "invalid"),
    (lambda site: sign_identity(site, ttl=30 * 24 * 3600), "too_long"),
    (lambda site: "not-a-token", "invalid"),
], ids=["expired", "forged", "too-long-lived", "malformed"])
def test_identify_failed_carries_the_documented_code(page, host_app, site, token, code):
    load(page, host_app, 'window.HelpWidget("identify", %r);' % token(site))
    page.locator(LAUNCHER).click()
    failure = wait_event(page, "identify_failed")
    assert failure["code"] == code
    assert failure["message"]
    panel(page).locator("#hw-title", has_text="How can we help?").wait_for()
    assert panel(page).locator(".hw-greeting").count() == 0


def test_identify_without_a_token_string_fails_at_once(page, host_app, warnings):
    load(page, host_app, 'window.HelpWidget("identify", undefined);')
    failure = wait_event(page, "identify_failed")
    assert failure["code"] == "invalid"
    assert_warned(warnings, wait_event(page, "error"), "invalid_argument", "identify", "JWT")
    assert page.locator(FRAME).count() == 0  # nothing of the panel loaded for it

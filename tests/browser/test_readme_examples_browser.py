"""Every example of the README's "Embedding the widget" section runs in headless Chromium against
a host page on another origin: it does what the README says and the widget warns of nothing.

EXAMPLES holds them verbatim; two tests hold the README to that list both ways (each example
shown, nothing shown that is not run), so an example cannot drift from what works."""
import re
from pathlib import Path

import pytest

from tests.support.articles import make_article
from tests.support.fixtures_widget import panel
from tests.support.identities import sign_identity

README = Path(__file__).resolve().parents[2] / "README.md"
LAUNCHER = "#helpwidget-launcher"
FRAME = "iframe[name='helpwidget-panel']"
JWT = "<JWT signed by your backend>"

TAG = '<script async src="https://help.example.com/widget.js" data-site="facturafacil"></script>'
TAG_DIAGNOSTICS = ('<script async src="https://help.example.com/widget.js" '
                   'data-site="facturafacil"\n        data-diagnostics="errors"></script>')
QUEUE = """<script nonce="RANDOM">
  window.HelpWidget = window.HelpWidget || function () {
    (window.HelpWidget.q = window.HelpWidget.q || []).push(arguments);
  };
  HelpWidget("identify", "<JWT signed by your backend>");   // see "Who is asking"
  HelpWidget("on", "ticket_created", function (ticket) { console.log(ticket.reference); });
</script>"""
EVENTS = """HelpWidget("on", "unread", function (count) {
  document.title = (count ? "(" + count + ") " : "") + "Invoices";
});
HelpWidget("on", "identify_failed", function (failure) {
  if (failure.code === "expired") console.log("sign a fresh token and identify again");
});
HelpWidget("on", "error", function (error) { console.log(error.code, error.message); });"""
NEW_TICKET = ('HelpWidget("newTicket", {category: "technical_issue", subcategory: "error_message", '
              'subject: "La DIAN rechaza la factura FE-1042", description: "Aparece «Rechazo: la '
              'resolución de numeración no está vigente»."})')


def section(text, heading, level):
    """Return the part of markdown `text` under `heading` (of `level` #s), up to the next one."""
    start = text.index(f"\n{'#' * level} {heading}\n")
    end = re.compile(rf"\n#{{1,{level}}} ").search(text, start + 1)
    return text[start:end.start() if end else len(text)]


def readme_examples(text):
    """Return the README's examples: the html and js blocks of "Embedding the widget" and the
    inline HelpWidget(...) calls of its "JavaScript API"."""
    embedding = section(text, "Embedding the widget", 2)
    blocks = re.findall(r"```(?:html|js)\n(.*?)\n```", embedding, re.S)
    calls = re.findall(r"`(HelpWidget\(.*?\))`", section(embedding, "JavaScript API", 3))
    return blocks + calls


# ---- what each example does, seen in the browser -------------------------------------------

def panel_frame(page):
    """Return the panel's Frame (to evaluate script in it), once the panel has drawn itself."""
    panel(page).locator("#hw-root .hw-screen").wait_for(state="attached")
    return next(frame for frame in page.frames if frame.name == "helpwidget-panel")


def shown(page, title):
    """Wait for the panel to be shown on the view titled `title`; return its frame locator."""
    frame = panel(page)
    frame.locator("#hw-title", has_text=title).wait_for()
    assert page.locator(FRAME).is_visible()
    return frame


def typed(page, value):
    """Wait until a field of the panel holds `value`."""
    panel_frame(page).wait_for_function(
        "(value) => [...document.querySelectorAll('input, textarea')]"
        ".some((field) => field.value === value)", arg=value)


def check_tag(page, run):
    page.locator(LAUNCHER).click()
    shown(page, "How can we help?")


def check_queue(page, run):
    page.locator(LAUNCHER).click()
    panel(page).locator(".hw-greeting", has_text="Hello, Ana Pérez").wait_for()
    run(NEW_TICKET)
    frame = panel(page)
    frame.locator("#hw-t-subject").wait_for()
    with page.expect_console_message(lambda message: message.type == "log") as logged:
        frame.get_by_role("button", name="Send").click()
    reference = logged.value.text
    frame.get_by_text(reference).first.wait_for()  # the confirmation names the same request


def check_events(page, run):
    run("HelpWidget('open')")
    shown(page, "How can we help?")
    panel_frame(page).evaluate("""(origin) => parent.postMessage(
      {source: "helpwidget", type: "unread", data: {count: 2}}, origin)""", page.evaluate(
        "location.origin"))
    page.wait_for_function("() => document.title === '(2) Invoices'")
    with page.expect_console_message(lambda message: message.type == "log") as logged:
        page.evaluate("HelpWidget('opne')")
    assert logged.value.text.startswith("unknown_command unknown command")
    return ["unknown_command"]  # the one error this example provokes on purpose


def check_open(page, run):
    shown(page, "How can we help?")


def check_contact(page, run):
    shown(page, "Contact")


def check_search_options(page, run):
    frame = shown(page, "Search guides and videos")
    typed(page, "factura")
    assert frame.locator(".hw-chip[aria-pressed='true']").inner_text() == "Videos"


def check_close(page, run):
    page.locator(FRAME).wait_for(state="attached")  # the example ran after an open
    assert page.locator(FRAME).is_hidden()
    assert page.locator(LAUNCHER).get_attribute("aria-expanded") == "false"


def check_toggle(page, run):
    shown(page, "How can we help?")


def check_identify(page, run):
    page.locator(LAUNCHER).click()
    panel(page).locator(".hw-greeting", has_text="Hello, Ana Pérez").wait_for()


def check_logout(page, run):
    panel(page).locator(".hw-greeting").wait_for(state="detached")


def check_route(page, run):
    with page.expect_request(lambda request: "/api/v1/context?" in request.url) as asked:
        run("HelpWidget('open', 'page_help')")
    assert "route=%2Finvoices%2F4711" in asked.value.url


def check_search(page, run):
    shown(page, "Search guides and videos")
    typed(page, "factura anulada")


def check_article(page, run):
    shown(page, "Void an electronic invoice")


def check_new_ticket(page, run):
    frame = shown(page, "New request")
    frame.locator("#hw-t-subject").wait_for()
    assert frame.locator("#hw-t-subcategory").input_value() == "error_message"
    typed(page, "La DIAN rechaza la factura FE-1042")


def check_chat(page, run):
    page.locator(FRAME).wait_for()
    typed(page, "Hola, ¿me ayudan a anular la factura FE-1042?")


def check_locale(page, run):
    assert page.locator(LAUNCHER).get_attribute("aria-label") == "Pomoc"
    run("HelpWidget('open')")
    panel_frame(page).wait_for_function("() => document.documentElement.lang === 'pl'")


# Each example: (what runs before it, in the page, the check of what it did).
EXAMPLES = {
    TAG: (None, check_tag),
    TAG_DIAGNOSTICS: (None, check_tag),
    QUEUE: (None, check_queue),
    EVENTS: (None, check_events),
    'HelpWidget("open")': (None, check_open),
    'HelpWidget("open", "contact")': (None, check_contact),
    'HelpWidget("open", "search", {q: "factura", kind: "video"})': (None, check_search_options),
    'HelpWidget("close")': ("HelpWidget('open')", check_close),
    'HelpWidget("toggle")': (None, check_toggle),
    f'HelpWidget("identify", "{JWT}")': (None, check_identify),
    'HelpWidget("logout")': (f"HelpWidget('identify', '{JWT}'); HelpWidget('open')",
                             check_logout),
    'HelpWidget("setRoute", "/invoices/4711", "Invoice 4711")': (None, check_route),
    'HelpWidget("search", "factura anulada")': (None, check_search),
    'HelpWidget("openArticle", "anular-factura-electronica")': (None, check_article),
    NEW_TICKET: (None, check_new_ticket),
    'HelpWidget("startChat", "Hola, ¿me ayudan a anular la factura FE-1042?")': (None, check_chat),
    'HelpWidget("setLocale", "pl")': (None, check_locale),
}


def test_the_readme_shows_every_example_this_test_runs():
    examples = readme_examples(README.read_text())
    assert [example for example in EXAMPLES if example not in examples] == []


def test_every_example_the_readme_shows_is_run():
    assert [example for example in readme_examples(README.read_text())
            if example not in EXAMPLES] == []


@pytest.mark.parametrize("example", list(EXAMPLES), ids=lambda example: example[:60])
def test_the_example_runs(page, host_app, site, example):
    before, check = EXAMPLES[example]
    make_article(site, "Void an electronic invoice", "Open **Invoices** and press *Void*.",
                 slug="anular-factura-electronica", locale="en")
    token = sign_identity(site)
    warnings = []
    page.on("console", lambda message: message.type == "warning" and warnings.append(message.text))

    def adapt(code):
        """The README's placeholders made real: the help server, the site and a signed token."""
        return (code.replace("https://help.example.com", host_app.help_url)
                .replace('"facturafacil"', f'"{site.key}"').replace(JWT, token))

    host_app.lang = "en"
    host_app.extra_script = """window.HelpWidget("on", "error", function (error) {
      window.__events.push(["error", error]); });"""
    if example.startswith("<script async"):
        # The tag itself: the host page loads the widget with the example's attributes.
        attributes = dict(re.findall(r'(data-[a-z-]+)="([^"]*)"', example))
        assert attributes.pop("data-site") == "facturafacil"
        host_app.attributes = " ".join(f'{name}="{value}"' for name, value in attributes.items())
    elif example.startswith("<script nonce"):
        host_app.extra_script += adapt(re.search(r">\n(.*)\n</script>", example, re.S).group(1))
    page.goto(host_app.url)
    page.locator(LAUNCHER).wait_for()
    if not example.startswith("<script"):
        if before and example == 'HelpWidget("logout")':
            # Log out once the signed-in panel's socket is up, as a user would: a logout that
            # cuts the socket's handshake short is reported by Chromium as a console error.
            with page.expect_websocket() as opened:
                page.evaluate(adapt(before))
            opened.value.wait_for_event("framereceived")
            panel(page).locator(".hw-greeting").wait_for()
        elif before:
            page.evaluate(adapt(before))
        page.evaluate(adapt(example))
    expected = check(page, lambda code: page.evaluate(adapt(code))) or []
    # Each example is a call the widget follows: no warning, no `error` event.
    assert page.evaluate("window.__events.filter((e) => e[0] === 'error')"
                         ".map((e) => e[1].code)") == expected
    assert len([text for text in warnings if text.startswith("HelpWidget:")]) == len(expected)

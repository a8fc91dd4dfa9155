"""The help panel's views as a new user meets them (issue 13), in Chromium on a host page."""
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Ticket
from helpwidget.services import sites, status, tickets
from helpwidget.services.timeutil import utcnow
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login
from tests.support.fixtures_widget import fill_technical_request, open_panel, panel
from tests.support.helpcenter_readers import sign_in
from tests.support.live_link import LiveLink

PHONE = "+48 22 123 45 67"
TYPED = "Nie mogę wysłać JPK\nOd rana pojawia się błąd 500."


@pytest.fixture
def english_host(host_app):
    """The host page in English, so these tests do not depend on when catalogs are merged."""
    host_app.lang = "en"
    return host_app


def closed_hours(zone="Europe/Warsaw"):
    """Support hours of one hour on a day two days away: closed now, whatever the test's time."""
    day = (utcnow() + timedelta(days=2)).strftime("%a").lower()
    return {"timezone": zone, "days": [day], "open": "09:00", "close": "10:00"}


def menu(frame, item):
    """Open a help menu item from the panel's home view (its view's module may load first)."""
    entry = frame.locator(f".hw-menu-item[data-item='{item}']")
    entry.click()
    entry.wait_for(state="detached")


def test_support_users_only_out_of_hours_no_path_is_a_dead_end(page, english_host, site):
    # Księgowo: only designated support users open requests; anonymous; out of hours.
    sites.save_site(site.key, support_users_only=True, contact={
        "phones": [{"region": "Polska", "number": PHONE}], "hours": closed_hours()})
    frame = open_panel(page, english_host)
    menu(frame, "chat")
    frame.get_by_text(re.compile("^Our advisors are not available right now. We will be back on ")
                      ).wait_for()
    question = frame.get_by_label("What do you need help with?")
    question.fill(TYPED)
    # No request it could not send: how to sign in, the phones and the hours instead.
    offer = frame.locator(".hw-sign-in-offer")
    offer.wait_for()
    assert frame.get_by_role("button", name="Leave a request").count() == 0
    assert "Sign in to Acme Facturas" in offer.inner_text()
    link = offer.get_by_role("link", name=re.compile("sign in to the help center"))
    assert link.get_attribute("href") == (
        "/help/acme/en/sign-in?next=%2Fhelp%2Facme%2Fen%2Frequests%2Fnew")
    assert link.get_attribute("target") == "_blank"
    assert "noopener" in link.get_attribute("rel")
    assert frame.get_by_role("link", name=PHONE).get_attribute("href") == "tel:+48221234567"
    assert "(Europe/Warsaw)" in frame.locator(".hw-reach-us").inner_text()

    # What was typed survives leaving the view (and, where the browser lets the panel keep
    # storage, a reload).
    frame.get_by_role("button", name="Back").click()
    menu(frame, "new_request")
    refused = frame.locator(".hw-ticket-refused")
    refused.wait_for()
    refused.locator(".hw-sign-in-offer").wait_for()
    assert refused.get_by_role("link", name=PHONE).is_visible()
    # The chat is closed: the refusal does not send the visitor back to it.
    page.wait_for_load_state("networkidle")
    assert refused.get_by_role("button", name="Chat with an advisor").count() == 0
    frame.get_by_role("button", name="Back").click()
    menu(frame, "chat")
    assert frame.get_by_label("What do you need help with?").input_value() == TYPED


def test_a_request_refused_on_sending_keeps_and_shows_what_was_typed(page, english_host, site):
    sites.save_site(site.key, contact={"phones": [{"region": "Polska", "number": PHONE}],
                                       "hours": closed_hours()})
    frame = open_panel(page, english_host)
    menu(frame, "new_request")
    fill_technical_request(frame)
    frame.get_by_label("Subject").fill("JPK")
    frame.get_by_label("Description").fill(TYPED)
    # The site starts requiring designated support users while the visitor writes.
    sites.save_site(site.key, support_users_only=True)
    frame.get_by_role("button", name="Send", exact=True).click()
    refused = frame.locator(".hw-ticket-refused")
    refused.wait_for()
    kept = refused.locator(".hw-draft-kept")
    assert "JPK" in kept.inner_text() and "Od rana pojawia się błąd 500." in kept.inner_text()
    assert refused.locator(".hw-sign-in-offer").is_visible()
    assert refused.get_by_role("link", name=PHONE).is_visible()
    assert db.session.execute(db.select(db.func.count(Ticket.id))).scalar() == 0
    # Allowed again (the visitor signed in as a support user, say): the form has it all.
    sites.save_site(site.key, support_users_only=False)
    frame.get_by_role("button", name="Back").click()
    menu(frame, "new_request")
    assert frame.get_by_label("Description").input_value() == TYPED


def test_with_nobody_online_in_hours_the_chat_says_so_not_busy(page, english_host, site):
    frame = open_panel(page, english_host)
    desc = frame.locator(".hw-menu-item[data-item='chat'] .hw-menu-desc")
    desc.get_by_text("No advisor is online right now: leave a request").wait_for()
    menu(frame, "chat")
    frame.get_by_text("No advisor is online right now.", exact=True).wait_for()
    assert frame.get_by_text(re.compile("busy")).count() == 0
    # Enabled once the server says this visitor may open requests (disabled while it asks).
    expect(frame.get_by_role("button", name="Leave a request")).to_be_enabled()


def test_article_links_in_chat_open_in_the_panel(page, client, english_host, site, advisor,
                                                 connect):
    article = make_article(site, "Cómo emitir una factura", "Pasos para emitir.",
                           slug="emitir-factura", published=True, locale="en")
    console = connect("/advisor", {"token": advisor_login(client, advisor.email)})
    console.ok("presence:set", {"status": "online"})
    frame = open_panel(page, english_host)
    menu(frame, "chat")
    frame.get_by_label("Your name").fill("Ana")
    frame.get_by_label("Your question").fill("How do I issue an invoice?")
    frame.get_by_role("button", name="Start chat").click()
    frame.locator(".hw-chat-log").wait_for()
    queued = console.wait("chat:queued")
    chat_id = queued["chat"]["id"]
    console.ok("chat:claim", {"chat_id": chat_id})
    # The advisor copies the address from another host of this server, and a link elsewhere.
    body = (f"See http://help.other-host.test/help/{site.key}/es/articles/{article.slug}. "
            "Or https://example.com/x?a=1")
    console.ok("chat:send", {"chat_id": chat_id, "client_id": "c1", "body": body})
    link = frame.locator(".hw-msg-advisor a.hw-msg-article")
    link.wait_for()
    assert link.inner_text().endswith(f"/articles/{article.slug}")
    outside = frame.locator(".hw-msg-advisor a", has_text="https://example.com/x?a=1")
    assert outside.get_attribute("target") == "_blank"
    assert "noopener" in outside.get_attribute("rel")
    assert outside.get_attribute("href") == "https://example.com/x?a=1"
    link.click()
    frame.locator("#hw-title", has_text="Cómo emitir una factura").wait_for()
    assert "Pasos para emitir." in frame.locator(".hw-article-body").inner_text()


def test_a_video_guide_plays_in_the_panel(page, english_host, site):
    video = "https://videos.acme.test/guides/primeros-pasos.mp4"
    make_article(site, "Primeros pasos", "En video.", slug="primeros-pasos", kind="video",
                 video_url=video, published=True, locale="en")
    fetched = []

    def serve_video(route):
        fetched.append(route.request.resource_type)
        route.fulfill(status=200, content_type="video/mp4", body=b"\0" * 64)

    page.route(video, serve_video)
    frame = open_panel(page, english_host)
    page.evaluate("HelpWidget('openArticle', 'primeros-pasos')")
    player = frame.locator(".hw-article video")
    player.wait_for()
    assert player.get_attribute("src") == video
    assert player.evaluate("el => el.controls")
    # The panel's CSP let the player ask for the file.
    for _ in range(50):
        if fetched:
            break
        page.wait_for_timeout(100)
    assert fetched and fetched[0] == "media"


def test_an_answer_to_a_request_while_the_panel_is_closed_shows_a_badge(page, english_host,
                                                                        site, advisor):
    link = LiveLink(page)
    frame = open_panel(page, english_host)
    menu(frame, "new_request")
    fill_technical_request(frame)
    frame.get_by_role("button", name="Send", exact=True).click()
    frame.locator(".hw-ticket-done").wait_for()
    link.wait_joined()  # the badge counts answers heard live: the panel listens first
    frame.get_by_role("button", name="Close help").click()
    page.wait_for_function("() => window.__events.some(e => e[0] === 'close')")

    ticket = db.session.execute(db.select(Ticket)).scalar_one()
    tickets.advisor_comment(ticket, advisor, "Ya lo revisamos")
    page.wait_for_function("() => window.__events.some(e => e[0] === 'unread' && e[1] === 1)")
    badge = page.locator("#helpwidget-badge")
    assert badge.inner_text() == "1" and badge.is_visible()

    # Seeing the request reads the answer: the badge goes.
    page.locator("#helpwidget-launcher").click()
    frame.get_by_role("button", name="My requests", exact=True).click()
    frame.locator(f".hw-req-row[data-number='{ticket.number}']").wait_for()
    page.wait_for_function("() => window.__events.some(e => e[0] === 'unread' && e[1] === 0)")
    assert badge.is_hidden()


def test_form_errors_go_as_the_fields_are_fixed(page, english_host, site):
    frame = open_panel(page, english_host)
    menu(frame, "new_request")
    frame.get_by_role("button", name=re.compile("Technical problem")).click()
    frame.get_by_role("button", name="Send", exact=True).click()
    for field in ("subcategory", "subject", "description", "name", "email"):
        frame.locator(f"#hw-t-{field}-error").wait_for()
    frame.get_by_label("Subject").fill("No puedo emitir")
    expect(frame.locator("#hw-t-subject-error")).to_have_count(0)
    expect(frame.get_by_label("Subject")).not_to_have_attribute("aria-invalid", "true")
    expect(frame.locator("#hw-t-description-error")).to_have_count(1)
    frame.get_by_label("Subcategory").select_option(label="Error message")
    frame.get_by_label("Description").fill("Error 500")
    frame.get_by_label("Your name").fill("Ana")
    expect(frame.locator(".hw-field-error")).to_have_count(1)
    expect(frame.locator(".hw-error")).to_have_count(1)  # "fix the fields" while one is left
    frame.get_by_label("Your email").fill("ana@")
    expect(frame.locator(".hw-field-error, .hw-error")).to_have_count(0)

    # The server's verdict on a field goes too once that field is edited.
    frame.get_by_role("button", name="Send", exact=True).click()
    frame.locator("#hw-t-email-error").wait_for()
    frame.get_by_label("Your email").fill("ana@example.com")
    expect(frame.locator("#hw-t-email-error, .hw-error")).to_have_count(0)


def test_the_panel_refused_to_an_origin_is_styled_and_closes(page, host_app, site):
    sites.save_site(site.key, allowed_origins=["https://app.acme.test"])
    page.goto(host_app.url)
    page.locator("#helpwidget-launcher").click()
    frame = panel(page)
    close = frame.get_by_role("button", name=re.compile("Cerrar|Close"))
    close.wait_for()
    header = frame.locator("header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(29, 78, 216)"
    assert frame.locator("h1").evaluate("el => getComputedStyle(el).fontFamily") != "serif"
    close.click()
    page.wait_for_function("() => window.__events.some(e => e[0] === 'close')")
    assert page.locator("iframe[name='helpwidget-panel']").is_hidden()


def test_times_follow_one_rule_labelled_in_the_sites_zone_and_the_visitors(browser, english_host,
                                                                           site):
    now = utcnow()
    sites.save_site(site.key, contact={"phones": [{"number": PHONE}], "hours": closed_hours()})
    status.add_window(site, {"title": {"en": "Database upgrade"}, "timezone": "Europe/Warsaw",
                             "starts_at": now + timedelta(hours=3),
                             "ends_at": now + timedelta(hours=4)})
    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    try:
        frame = open_panel(page, english_host)
        banner = frame.locator(".hw-banner")
        banner.wait_for()
        banner_when = frame.locator(".hw-banner-when").inner_text()
        assert "(Europe/Warsaw)" in banner_when and "your time (Asia/Tokyo)" in banner_when
        menu(frame, "status")
        window = frame.locator(".hw-maintenance-when")
        window.wait_for()
        # One window, one text: the banner and the status view say the same.
        assert window.inner_text() == banner_when
        assert frame.get_by_text(re.compile("your time zone")).count() == 0
        frame.get_by_role("button", name="Back").click()
        menu(frame, "contact")
        opens = frame.locator(".hw-open").inner_text()
        assert "(Europe/Warsaw)" in opens and "your time (Asia/Tokyo)" in opens, opens
    finally:
        context.close()

    # Where the visitor's zone is the site's, the time is said once, still labelled.
    context = browser.new_context(timezone_id="Europe/Warsaw")
    page = context.new_page()
    try:
        frame = open_panel(page, english_host)
        menu(frame, "contact")
        opens = frame.locator(".hw-open").inner_text()
        assert "(Europe/Warsaw)" in opens and "your time" not in opens, opens
    finally:
        context.close()


def test_guides_and_videos_takes_typing_at_once_in_a_box_phones_do_not_zoom(page, english_host,
                                                                            site):
    make_article(site, "Emitir factura", "Cómo emitir.", published=True, locale="en")
    frame = open_panel(page, english_host)
    menu(frame, "search")
    box = frame.get_by_label("Search the help center")
    box.wait_for()
    assert box.evaluate("el => el === document.activeElement")
    page.keyboard.type("factura")
    assert box.input_value() == "factura"
    frame.locator(".hw-result").first.wait_for()
    assert float(box.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")) >= 16


SIZES = """el => [...el.ownerDocument.querySelectorAll(
  "input:not([type=checkbox]):not([type=radio]):not([type=file]), textarea, select")
].map((i) => [i.id, parseFloat(getComputedStyle(i).fontSize)])"""
FITS = """el => {
  const style = getComputedStyle(el);
  const ctx = document.createElement("canvas").getContext("2d");
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return [ctx.measureText(el.placeholder).width, room];
}"""


@pytest.mark.parametrize("lang", ["en", "es", "pl"])
def test_no_input_is_below_16px_and_the_placeholder_fits(page, english_host, site, lang):
    english_host.lang = lang
    page.set_viewport_size({"width": 360, "height": 740})  # a phone: the panel fills it
    frame = open_panel(page, english_host)
    home = frame.locator("#hw-home-q")
    width, room = home.evaluate(FITS)
    assert width <= room, (lang, width, room)
    sizes = home.evaluate(SIZES)
    menu(frame, "new_request")
    frame.locator(".hw-ticket-card").first.click()
    frame.locator("#hw-t-subject").wait_for()
    sizes += frame.locator("#hw-t-subject").evaluate(SIZES)
    assert sizes and all(size >= 16 for _, size in sizes), sizes


def test_cards_have_drawn_icons_and_one_name_for_remote_support(page, english_host, site):
    menu_items = [{"item": "new_request"},
                  {"item": "remote_support", "tool": "AnyDesk",
                   "downloads": {"windows": "https://download.anydesk.com/AnyDesk.exe"}}]
    sites.save_site(site.key, menu=menu_items)
    frame = open_panel(page, english_host)
    label = frame.locator(".hw-menu-item[data-item='remote_support'] .hw-menu-label").inner_text()
    menu(frame, "new_request")
    cards = frame.locator(".hw-ticket-card")
    cards.first.wait_for()
    assert cards.count() == 5
    for index in range(5):
        icon = cards.nth(index).locator(".hw-ticket-card-icon")
        assert icon.locator("svg path, svg circle, svg rect").count() >= 1
        assert icon.inner_text().strip() == ""  # no emoji character left to draw
    names = [cards.nth(i).locator(".hw-ticket-card-icon").get_attribute("data-icon")
             for i in range(5)]
    assert names == ["bulb", "wrench", "question", "alert", "partner"]
    frame.get_by_role("button", name="Back").click()
    menu(frame, "remote_support")
    assert frame.locator("#hw-title").inner_text() == label


def test_the_help_centers_request_cards_have_drawn_icons(client, site):
    sign_in(client, site)
    html = client.get("/help/acme/en/requests/new").get_data(as_text=True)
    icons = re.findall(r'<span class="req-card-icon" aria-hidden="true">(.*?)</span>', html, re.S)
    assert len(icons) == 5
    assert [re.search(r'data-icon="(\w+)"', icon).group(1) for icon in icons] == [
        "bulb", "wrench", "question", "alert", "partner"]
    assert not re.search("[\U0001F300-\U0001FAFF\u2753\u2600-\u27BF]", html)

"""A request opened from the help center, in Chromium: my activity, a reply, then the widget."""
import json
import re

from tests.support.fixtures_tickets import DESCRIPTION, SUBJECT, stored
from tests.support.fixtures_widget import open_panel
from tests.support.helpcenter_readers import CookieJar, sign_in
from tests.support.identities import sign_identity
from tests.support.sample_files import png_bytes


def test_a_request_opened_in_the_help_center_is_in_my_activity_and_in_the_widget(
        page, live_server, host_app, site, tmp_path):
    shot = tmp_path / "captura.png"
    shot.write_bytes(png_bytes())
    sign_in(CookieJar(page.context, live_server), site, sub="ana")

    page.goto(f"{live_server}/help/acme/en/activity")
    page.get_by_role("link", name="New request").first.click()
    page.get_by_role("link", name=re.compile("Technical problem")).click()
    page.get_by_label("Subcategory").select_option(label="Error message")
    page.get_by_label("Subject").fill(SUBJECT)
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Screenshots or documents").set_input_files(str(shot))
    preview = page.locator("#req-diagnostics-preview")
    assert preview.is_hidden()
    page.get_by_label("Attach diagnostics").check()
    # What will be attached is shown before sending: about the browser, nothing typed.
    preview.wait_for()
    shown = preview.inner_text()
    assert "Chrome" in shown and "Time zone" in shown and "Screen" in shown
    assert SUBJECT not in shown and DESCRIPTION not in shown
    sent = json.loads(page.locator("#req-diagnostics").input_value())
    assert set(sent) == {"browser", "os", "screen", "language", "timezone", "time"}
    page.get_by_role("button", name="Send", exact=True).click()

    banner = page.locator(".req-sent")
    banner.wait_for()
    reference = re.search(r"#\d{6,7}", banner.inner_text()).group(0)
    number = int(reference[1:])
    assert f"Your request {reference} was created." in banner.inner_text()
    ticket = stored(number)
    assert (ticket.subject, ticket.subcategory) == (SUBJECT, "error_message")
    assert [a.filename for a in ticket.attachments] == ["captura.png"]
    assert ticket.diagnostics["browser"] == sent["browser"]
    assert ticket.diagnostics["timezone"] == sent["timezone"]

    page.get_by_role("link", name="My activity").first.click()
    row = page.locator(f".act-request[data-number='{number}']")
    row.wait_for()
    assert SUBJECT in row.inner_text() and "Open" in row.inner_text()
    row.get_by_role("link", name=re.compile("See details")).click()
    page.get_by_label("Your reply").fill("Gracias, adjunto otra captura.")
    page.get_by_role("button", name="Send reply").click()
    page.locator(".req-comment-requester", has_text="Gracias, adjunto otra captura.").wait_for()
    assert stored(number).comments[-1].body == "Gracias, adjunto otra captura."

    # The same user in the host product's widget finds it in "My requests".
    host_app.lang = "en"
    jwt = sign_identity(site, sub="ana", name="Ana Pérez", email="ana@example.com",
                        account_id="acc-1", account_name="Pérez y Asociados")
    host_app.extra_script = f"window.HelpWidget('identify', {json.dumps(jwt)});"
    frame = open_panel(page, host_app)
    frame.locator(".hw-menu-item[data-item='my_requests']").click()
    widget_row = frame.locator(f".hw-req-row[data-number='{number}']")
    widget_row.wait_for()
    assert SUBJECT in widget_row.inner_text()
    widget_row.click()
    detail = frame.locator(".hw-request")
    detail.locator(".hw-comment-requester", has_text="Gracias, adjunto otra captura.").wait_for()
    detail.get_by_role("button", name=re.compile("captura.png")).wait_for()

"""Incoming mail in the console, in headless Chromium: held emails read, downloaded, retried."""
import uuid
from datetime import timedelta
from email.message import EmailMessage

from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import InboundEmail, Site
from helpwidget.services import inbound_mail
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import sign_in_console
from tests.support.fixtures_tickets import auth, post_ticket
from tests.support.mail_in import REPLY_ADDRESS, outgoing, reply_mail


def received(site, state, reason, subject, body, minutes_ago=0):
    """Store an email as the intake would have left it; return its id."""
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = "stranger@example.net", "help@acme.test", subject
    mail.set_content(body)
    row = InboundEmail(dedupe_key=uuid.uuid4().hex, source="smtp", envelope_to=[],
                       raw=mail.as_bytes(),
                       sender="stranger@example.net", subject=subject, state=state,
                       reason=reason, site_id=site.id,
                       received_at=utcnow() - timedelta(minutes=minutes_ago))
    db.session.add(row)
    db.session.commit()
    return row.id


def test_an_advisor_reads_a_dropped_email_downloads_it_and_tries_again(
        app, page, live_server, client, site, advisor, ana):
    # A stranger answers Ana's request by email: held, not posted.
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS
    post_ticket(client, site, ana)
    raw = reply_mail(outgoing("ana@example.com")[-1]["reply_to"], "stranger@example.net",
                     "Please cancel my order.\n\nThanks", subject="Re: Your invoice 2291")
    email_id = inbound_mail.receive(raw, "smtp").id
    received(site, "posted", "", "Re: Posted already", "Fine now.", minutes_ago=5)
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Incoming mail").click()

    rows = page.locator(".mail-row")
    expect(rows).to_have_count(1)  # the posted one needs no look
    row = rows.first
    expect(row.locator(".subject")).to_have_text("Re: Your invoice 2291")
    expect(row).to_contain_text("From stranger@example.net")
    expect(row.locator(".reason")).to_have_text("The sender is not part of this conversation.")
    expect(row.locator(".badge")).to_have_text("Not posted")
    expect(row.locator(".mail-preview")).to_have_text("Please cancel my order.\n\nThanks")

    with page.expect_download() as download:
        row.get_by_role("link", name="Download .eml").click()
    assert download.value.suggested_filename == f"email-{email_id}.eml"
    with open(download.value.path(), "rb") as saved:
        assert saved.read() == raw

    row.get_by_role("button", name="Try again").click()
    # The same rules again: still a stranger, still held.
    expect(page.get_by_role("status").filter(
        has_text="The email was still not posted: The sender is not part of this conversation.")
    ).to_be_visible()
    db.session.expire_all()
    assert db.session.get(InboundEmail, email_id).state == "dropped"
    expect(rows).to_have_count(1)

    # The other views of the list, and what an empty one says.
    show = page.get_by_role("search", name="Filter incoming mail").get_by_label("Show")
    show.select_option("posted")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".subject")).to_have_text("Re: Posted already")
    expect(rows.first.get_by_role("button", name="Try again")).to_have_count(0)
    show.select_option("failed")
    expect(rows).to_have_count(0)
    expect(page.locator(".inbound-mail .empty")).to_have_text("No emails here.")


def test_nothing_held_says_so_and_admins_switch_mail_intake_on(page, live_server, site,
                                                                admin_advisor):
    sign_in_console(page, live_server, admin_advisor.email)
    page.get_by_role("tab", name="Incoming mail").click()
    expect(page.locator(".inbound-mail .empty")).to_have_text(
        "Nothing to look at: every email received for this site was posted.")

    page.get_by_role("tab", name="Site settings").click()
    requests = page.locator("form.settings-requests")
    switch = requests.get_by_label("Open a request from email to the support address")
    expect(switch).not_to_be_checked()
    expect(switch).to_have_accessible_description(
        "An email to the site's support email that is not a reply to a request or chat opens "
        "a new request. Off, such emails are kept under Incoming mail.")
    switch.check()
    requests.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status").filter(has_text="Settings saved: Requests")).to_be_visible()
    db.session.expire_all()
    assert db.session.get(Site, site.id).mail_opens_tickets is True


def test_what_came_by_email_is_marked_in_the_ticket_thread(app, page, live_server, client, site,
                                                           advisor, ana):
    app.config["MAIL_REPLY_ADDRESS"] = REPLY_ADDRESS
    number = post_ticket(client, site, ana, subject="Factura duplicada").get_json()[
        "ticket"]["number"]
    typed = client.post(f"/api/v1/tickets/{number}/comments", headers=auth(ana),
                        json={"site": "acme", "body": "Escrito en el widget"})
    assert typed.status_code == 201
    inbound_mail.receive(reply_mail(outgoing("ana@example.com")[-1]["reply_to"],
                                    "ana@example.com", "Respondido desde el móvil"), "smtp")
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Tickets").click()
    page.locator(".ticket-row", has_text="Factura duplicada").click()

    emailed = page.locator(".thread .message", has_text="Respondido desde el móvil")
    expect(emailed.locator(".badge.by-email")).to_have_text("By email")
    expect(emailed.locator(".badge.by-email")).to_have_attribute(
        "title", "Sent as an email reply; quoted text and signature were cut.")
    expect(page.locator(".thread .message", has_text="Escrito en el widget")
           .locator(".badge.by-email")).to_have_count(0)
    expect(page.locator(".thread .message.requester").first
           .locator(".badge.by-email")).to_have_count(0)  # opened in the widget

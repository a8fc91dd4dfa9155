"""Bulk changes and merging in the console, in headless Chromium."""
from helpwidget.extensions import db
from helpwidget.models import Ticket
from tests.support.fixtures_advisors import sign_in_console
from tests.support.fixtures_tickets import auth, post_ticket


def opened(client, site, ana, subject):
    """Open a request of Ana's through the widget's API; return its number."""
    response = post_ticket(client, site, ana, subject=subject, locale="es")
    assert response.status_code == 201, response.get_json()
    return response.get_json()["ticket"]["number"]


def show_inbox(page, live_server, advisor):
    """Sign in and show the Tickets tab."""
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Tickets").click()


def test_two_chosen_tickets_take_a_priority_together(page, live_server, client, site, advisor,
                                                     ana):
    numbers = [opened(client, site, ana, s) for s in ("Primera", "Segunda", "Tercera")]
    show_inbox(page, live_server, advisor)
    for number in numbers[:2]:
        page.get_by_label(f"Select #{number}").check()
    bar = page.get_by_role("group", name="Change the selected tickets")
    bar.get_by_text("Selected: 2").wait_for()
    assert bar.get_by_label("Select all on this page").evaluate("box => box.indeterminate")
    bar.get_by_label("Priority…").select_option(label="Urgent")
    bar.get_by_text("Changed: 2").wait_for()
    for number, priority in zip(numbers, ("Urgent", "Urgent", "High"), strict=True):
        row = page.locator(".ticket-row", has_text=f"#{number}")
        row.locator(".badge", has_text=priority).wait_for()

    # Every row of the page; a closed one refuses a new status and says why.
    bar.get_by_label("Select all on this page").check()
    bar.get_by_text("Selected: 3").wait_for()
    # Closed behind the console's back (no live event), so its row is still there.
    db.session.execute(db.update(Ticket).where(Ticket.number == numbers[2]).values(
        status="closed"))
    db.session.commit()
    bar.get_by_label("Status…").select_option(label="Pending")
    bar.get_by_text("Changed: 2 · Not changed: 1").wait_for()
    bar.locator(".bulk-refused li").filter(has_text=f"#{numbers[2]}: A closed request cannot "
                                           "be reopened").wait_for()


def test_a_ticket_merged_into_another_shows_the_note(page, live_server, client, site, advisor,
                                                     ana):
    source = opened(client, site, ana, "Duplicada")
    target = opened(client, site, ana, "Original")
    show_inbox(page, live_server, advisor)
    page.locator(".ticket-row", has_text="Duplicada").click()
    page.get_by_role("button", name="Merge into…").click()
    form = page.locator("form.merge-form")
    form.locator("label", has_text="Original").get_by_role("radio").check()
    page.once("dialog", lambda dialog: dialog.accept())
    form.get_by_role("button", name="Merge").click()

    # The console opens the target, its thread ending with the note naming the source.
    page.locator(".detail h2", has_text=f"#{target}").wait_for()
    note = page.locator(".thread .message.system").last
    note.wait_for()
    # The note speaks the ticket's language (Spanish here), and says who wrote it.
    assert note.locator(".author").inner_text() == "System"
    assert f"fusionó la solicitud #{source} (Duplicada) con esta" in note.inner_text()
    page.locator(".ticket-row", has_text="Duplicada").wait_for(state="detached")

    # The requester reads the merged one's note pointing at the target.
    merged = client.get(f"/api/v1/tickets/{source}?site=acme", headers=auth(ana)).get_json()
    assert f"#{target}" in merged["ticket"]["comments"][-1]["body"]

"""The team in headless Chromium: an admin invites an advisor who sets a password by email link."""
import re

from helpwidget.background import outbox_sender
from helpwidget.services import saved_replies
from tests.support.fixtures_advisors import PASSWORD, make_advisor, sign_in_console

NEW_PASSWORD = "a brand new passphrase"


def _team_tab(page):
    """Open the team tab of the console."""
    page.get_by_role("tab", name="Team").click()
    page.locator("form.team-add").wait_for()


def test_an_invited_advisor_sets_a_password_and_lands_in_the_console(
        live_server, page, browser, app, site, admin_advisor, smtp_server):
    app.config["PUBLIC_URL"] = live_server
    sign_in_console(page, live_server, admin_advisor.email)
    _team_tab(page)
    form = page.locator("form.team-add")

    # Per-field errors from the server, next to their fields.
    form.get_by_label("Email").fill("not an address")
    form.get_by_role("button", name="Add advisor").click()
    page.locator("#member-email-error").filter(has_text="valid email").wait_for()
    assert page.locator("#member-name-error").is_visible()

    form.get_by_label("Email").fill("lucia@support.example.com")
    form.get_by_label("Name").fill("Lucía Ruiz")
    form.get_by_label("Language").select_option("es")
    form.get_by_role("button", name="Add advisor").click()
    row = page.locator("tr[data-member='lucia@support.example.com']")
    row.filter(has_text="Invitation sent").wait_for()
    assert not page.locator("#member-email-error").is_visible()

    outbox_sender.deliver_due()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "lucia@support.example.com"
    link = re.search(r"(http://\S+/console/invitation/[\w-]+)",
                     mail.get_body(("plain",)).get_content()).group(1)

    # Lucía, in her own browser, opens the link, chooses a password and is in the console.
    context = browser.new_context()
    lucia = context.new_page()
    lucia.goto(link)
    # The page speaks her language, chosen by the admin: Spanish.
    lucia.get_by_label("Contraseña nueva", exact=True).fill(NEW_PASSWORD)
    lucia.get_by_label("Repite la contraseña nueva").fill(NEW_PASSWORD)
    lucia.get_by_role("button").click()
    lucia.wait_for_url(f"{live_server}/console#*")
    lucia.locator("#live[data-state='online']").wait_for()
    assert lucia.locator("#me-name").inner_text() == "Lucía Ruiz"
    # The link worked once.
    lucia.goto(link)
    assert lucia.get_by_role("alert").is_visible()
    context.close()

    # Back in the admin's console, she is no longer waiting for the invitation.
    page.reload()
    _team_tab(page)
    row.filter(has_text="Active").wait_for()


def test_an_admin_disables_a_member_after_confirming(live_server, page, site, admin_advisor):
    make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    sign_in_console(page, live_server, admin_advisor.email)
    _team_tab(page)
    row = page.locator("tr[data-member='marta@support.example.com']")
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Disable").click()
    row.get_by_role("button", name="Disable").wait_for()  # dismissed: nothing changed
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="Disable").click()
    row.filter(has_text="Disabled").wait_for()
    row.get_by_role("button", name="Enable").wait_for()


def test_saved_replies_are_kept_with_a_preview(live_server, page, site, admin_advisor):
    saved_replies.seed(site, [{"locale": "es", "shortcut": "saludo", "title": "Saludo",
                               "body": "¡Hola!"}])
    sign_in_console(page, live_server, admin_advisor.email)
    _team_tab(page)
    section = page.locator("section.team-replies")
    section.locator("li[data-reply='saludo']").wait_for()
    section.get_by_role("button", name="New saved reply").click()
    section.get_by_label("Shortcut").fill("gracias")
    section.get_by_label("Title").fill("Gracias")
    section.get_by_label("Text (Markdown)").fill("Muchas **gracias**")
    section.locator(".reply-preview strong").filter(has_text="gracias").wait_for()
    section.get_by_role("button", name="Save", exact=True).click()
    section.locator("li[data-reply='gracias']").wait_for()
    section.get_by_label("Search saved replies").fill("salu")
    section.locator("li[data-reply='gracias']").wait_for(state="detached")
    assert section.locator("li[data-reply='saludo']").is_visible()


def test_an_advisor_renames_themselves_and_changes_their_password(live_server, page, site,
                                                                   advisor, client):
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="My account").click()
    page.get_by_label("Name", exact=True).fill("Marta G.")
    page.locator("form.account-details").get_by_role("button", name="Save").click()
    page.locator("#me-name").filter(has_text="Marta G.").wait_for()

    form = page.locator("form.account-password")
    form.get_by_label("Current password").fill("not my password")
    form.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    form.get_by_label("New password again").fill("something else entirely")
    form.get_by_role("button", name="Change password").click()
    page.locator("#account-again-error").filter(has_text="not the same").wait_for()
    form.get_by_label("New password again").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Change password").click()
    page.locator("#account-current-error").filter(has_text="current password").wait_for()
    form.get_by_label("Current password").fill(PASSWORD)
    form.get_by_role("button", name="Change password").click()
    page.get_by_text("Your password was changed").wait_for()
    assert page.locator("#account-current-error").is_hidden()
    # Still signed in here; the new password is the one that works.
    page.reload()
    page.locator("#me-name").filter(has_text="Marta G.").wait_for()
    assert client.post("/api/v1/advisor/session", json={
        "email": advisor.email, "password": NEW_PASSWORD}).status_code == 201

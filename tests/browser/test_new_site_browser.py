"""The server's owner creates a site in the console and gets its identity secret once."""
import pytest
from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Site
from tests.support.fixtures_advisors import make_advisor, sign_in_console
from tests.support.identities import sign_identity


@pytest.fixture
def owner(site):
    """Return Olivia, the server's owner (on no team: she admins every site)."""
    advisor = make_advisor("olivia@support.example.com", "Olivia Owner")
    advisor.is_owner = True
    db.session.commit()
    return advisor


def test_owner_creates_a_site_and_its_secret_signs_identities(page, client, live_server, site,
                                                              owner):
    db.session.expire_all()
    acme_before = {"name": site.name, "secret": site.identity_secret,
                   "origins": list(site.allowed_origins)}
    sign_in_console(page, live_server, owner.email)
    page.get_by_role("tab", name="Site settings").click()
    page.get_by_role("button", name="New site").click()
    form = page.locator("form.new-site-form")

    # An unknown language and a key already taken: each refusal shows under its field.
    form.get_by_label("Site key").fill("globex-two")
    form.get_by_label("Site name").fill("Globex Two")
    form.get_by_label("Languages").fill("en, xx")
    form.get_by_role("button", name="Create site").click()
    expect(page.locator("#new-site-locales-error")).to_contain_text("Unknown language xx")
    form.get_by_label("Languages").fill("en, pl")
    form.get_by_label("Site key").fill("acme")
    form.get_by_role("button", name="Create site").click()
    expect(page.locator("#new-site-key-error")).to_contain_text("already exists")
    expect(page.locator("#new-site-locales-error")).to_be_hidden()
    assert db.session.execute(db.select(Site).filter_by(key="globex-two")).first() is None

    form.get_by_label("Site key").fill("globex-two")
    form.get_by_label("Allowed origins").fill("https://app.globex.test")
    form.get_by_role("button", name="Create site").click()
    secret_box = page.locator("#new-site-secret")
    expect(secret_box).to_be_visible()
    secret = secret_box.inner_text().strip()
    assert len(secret) >= 20
    expect(page.get_by_text("This secret will not be shown again")).to_be_visible()
    snippet = page.locator("#new-site-snippet").input_value()
    assert 'data-site="globex-two"' in snippet and "widget.js" in snippet

    # The new site is in the picker, chosen, and its settings load.
    picker = page.get_by_label("Site", exact=True)
    expect(picker).to_have_value("globex-two")
    expect(picker.locator("option")).to_have_count(2)
    expect(page.locator("#general-name")).to_have_value("Globex Two")
    expect(page.locator("#general-origins")).to_have_value("https://app.globex.test")

    # The secret shown signs identities the widget's session accepts; another one does not.
    db.session.expire_all()
    created = db.session.execute(db.select(Site).filter_by(key="globex-two")).scalar_one()
    assert created.locales == ["en", "pl"]
    identity = sign_identity(created, secret=secret)
    answer = client.post("/api/v1/session", json={"site": "globex-two", "identity": identity})
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["user"]["email"] == "ana@example.com"
    forged = client.post("/api/v1/session", json={"site": "globex-two", "identity": sign_identity(
        created, secret="not-the-secret-of-this-site-at-all-0123")})
    assert forged.status_code != 201

    # Shown once: after a reload the console no longer has it.
    page.reload()
    page.get_by_role("tab", name="Site settings").click()
    expect(page.locator("#general-name")).to_be_visible()
    expect(page.locator("#new-site-secret")).to_have_count(0)
    assert secret not in page.content()

    # The existing site was left alone.
    acme = db.session.get(Site, site.id)
    assert {"name": acme.name, "secret": acme.identity_secret,
            "origins": list(acme.allowed_origins)} == acme_before


def test_owner_of_a_server_without_sites_creates_the_first(page, live_server, app):
    make_advisor("olivia@support.example.com", "Olivia Owner").is_owner = True
    db.session.commit()
    sign_in_console(page, live_server, "olivia@support.example.com")
    page.get_by_role("tab", name="Site settings").click()
    expect(page.get_by_text("You administer no site.")).to_be_visible()
    page.get_by_role("button", name="New site").click()
    page.get_by_label("Site key").fill("first")
    page.get_by_label("Site name").fill("First Site")
    page.get_by_role("button", name="Create site").click()
    expect(page.locator("#new-site-secret")).to_be_visible()
    expect(page.locator("#general-name")).to_have_value("First Site")
    expect(page.get_by_text("You administer no site.")).to_have_count(0)

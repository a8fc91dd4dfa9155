"""A site's platforms read in each reader's language: widget, help center, console, email."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import OutboxMessage, Ticket
from helpwidget.services import sites
from tests.support.fixtures_advisors import advisor_login, bearer
from tests.support.fixtures_tickets import auth, post_ticket
from tests.support.helpcenter_readers import sign_in

PLATFORMS = [{"key": "android", "label": {"es": "App Android", "en": "Android app",
                                          "pl": "Aplikacja na Androida"}},
             {"key": "web", "label": {"es": "Versión web"}},
             "Integración API"]


@pytest.fixture
def labelled(site):
    """Give the test site platforms named per language (and one plain, older entry)."""
    return sites.save_site(site.key, platforms=PLATFORMS)


def offered(client, site, locale):
    """Return the platform options the widget gets in `locale`."""
    body = client.get(f"/api/v1/ticket-categories?site={site.key}&locale={locale}").get_json()
    return body["platforms"], body["platform_options"]


def test_the_widget_offers_each_platform_in_the_readers_language(client, labelled):
    keys, options = offered(client, labelled, "en")
    assert keys == ["android", "web", "Integración API"]
    # A label missing in English falls back to the site's language; a plain string is its label.
    assert options == [{"key": "android", "label": "Android app"},
                       {"key": "web", "label": "Versión web"},
                       {"key": "Integración API", "label": "Integración API"}]
    assert offered(client, labelled, "pl")[1][0]["label"] == "Aplikacja na Androida"


def test_a_request_stores_the_key_and_reads_back_in_its_language(client, labelled, ana):
    assert post_ticket(client, labelled, ana, platform="Android app").status_code == 422
    english = client.post("/api/v1/tickets", headers={**auth(ana), "Accept-Language": "en"},
                          json={"site": labelled.key, "subject": "Crash", "category":
                                "technical_issue", "subcategory": "error_message",
                                "description": "The app closes.", "platform": "Web"})
    # The error names the choices as the reader reads them, not as keys.
    assert "Android app" in english.get_json()["fields"]["platform"][0]
    number = post_ticket(client, labelled, ana, platform="android").get_json()["ticket"]["number"]
    stored = db.session.execute(db.select(Ticket).filter_by(number=number)).scalar_one()
    assert stored.platform == "android"
    mine = client.get(f"/api/v1/tickets/{number}?site={labelled.key}",
                      headers={**auth(ana), "Accept-Language": "pl"}).get_json()["ticket"]
    assert (mine["platform"], mine["platform_label"]) == ("android", "Aplikacja na Androida")


def test_the_console_names_the_platform_in_the_advisors_language(client, labelled, ana,
                                                                 advisor):
    number = post_ticket(client, labelled, ana, platform="android").get_json()["ticket"]["number"]
    ticket = db.session.execute(db.select(Ticket).filter_by(number=number)).scalar_one()
    token = advisor_login(client, advisor.email)
    detail = client.get(f"/api/v1/advisor/tickets/{ticket.id}",
                        headers={**bearer(token), "Accept-Language": "en"}).get_json()
    assert (detail["platform"], detail["platform_label"]) == ("android", "Android app")


def test_the_help_center_form_and_request_page_show_labels(client, labelled, ana):
    sign_in(client, labelled)
    form = client.get("/help/acme/en/requests/new?category=technical_issue").get_data(True)
    assert '<option value="android">Android app</option>' in form
    number = post_ticket(client, labelled, ana, platform="web").get_json()["ticket"]["number"]
    page = client.get(f"/help/acme/en/requests/{number}").get_data(True)
    assert "<dd>Versión web</dd>" in page


def test_the_urgent_alert_names_the_platform_in_the_sites_language(client, labelled, ana):
    sites.save_site(labelled.key, alert_emails=["guardia@acme.test"])
    post_ticket(client, labelled, ana, category="platform_down", subcategory="other",
                platform="android")
    alert = db.session.execute(db.select(OutboxMessage).filter_by(kind="email")).scalars().all()
    texts = [m.payload.get("text", "") for m in alert]
    assert any("App Android" in text for text in texts)
    assert not any("android\n" in text for text in texts)


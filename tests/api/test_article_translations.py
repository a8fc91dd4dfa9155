"""Linking an article to its versions in other languages; readers see the published ones."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import AuditEntry
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer

BASE = "/api/v1/advisor/sites/acme/articles"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, admin of acme."""
    return bearer(advisor_login(client, admin_advisor.email))


@pytest.fixture
def trio(site):
    """The same guide in Spanish, English and Polish (the Polish one a draft)."""
    return (make_article(site, "Pagos", slug="pagos", locale="es"),
            make_article(site, "Payments", slug="payments", locale="en"),
            make_article(site, "Płatności", slug="platnosci", locale="pl", published=False))


def test_an_admin_links_translations_and_readers_get_the_published_ones(
        client, site, admin, trio):
    es, en, pl = trio
    linked = client.put(f"{BASE}/{es.id}/translations", json={"links": {"en": en.id, "pl": pl.id}},
                        headers=admin)
    assert linked.status_code == 200, linked.get_json()
    assert [(t["locale"], t["slug"], t["id"]) for t in linked.get_json()["translations"]] == [
        ("en", "payments", en.id), ("pl", "platnosci", pl.id)]
    # Each member sees the others, in the editor too.
    editor = client.get(f"{BASE}/{en.id}", headers=admin).get_json()
    assert [(t["locale"], t["state"]) for t in editor["translations"]] == [
        ("es", "published"), ("pl", "draft")]

    widget = client.get("/api/v1/articles/pagos", query_string={"site": "acme", "locale": "es"})
    assert widget.get_json()["translations"] == [
        {"locale": "en", "slug": "payments", "title": "Payments", "id": en.id}]
    page = client.get("/help/acme/es/articles/pagos").get_data(as_text=True)
    assert 'href="/help/acme/en/articles/payments"' in page and "platnosci" not in page
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="translations")
                               ).scalar_one()
    assert (entry.kind, entry.target_id) == ("content", es.id)


def test_unlinking_leaves_the_articles_alone(client, site, admin, trio):
    es, en, pl = trio
    client.put(f"{BASE}/{es.id}/translations", json={"links": {"en": en.id}}, headers=admin)
    cleared = client.put(f"{BASE}/{es.id}/translations", json={"links": {"en": None}},
                         headers=admin)
    assert cleared.get_json()["translations"] == []
    assert client.get(f"{BASE}/{en.id}", headers=admin).get_json()["translations"] == []
    assert client.get(f"{BASE}/{en.id}", headers=admin).get_json()["title"] == "Payments"
    page = client.get("/help/acme/en/articles/payments").get_data(as_text=True)
    assert "/help/acme/es/articles/pagos" not in page


def test_links_must_be_same_site_and_that_language(client, site, other_site, admin, trio):
    es, en, _pl = trio
    foreign = make_article(other_site, "Billing", slug="billing", locale="en")
    for links in ({"en": foreign.id}, {"pl": en.id}, {"es": es.id}, {"en": 99999}):
        refused = client.put(f"{BASE}/{es.id}/translations", json={"links": links},
                             headers=admin)
        assert refused.status_code == 422 and "links" in refused.get_json()["fields"], links
    for data in ({"links": {"en": "x"}}, {"links": {"en": True}}, {"links": []}, {}):
        malformed = client.put(f"{BASE}/{es.id}/translations", json=data, headers=admin)
        assert malformed.status_code == 400 and "links" in malformed.get_json()["fields"], data
    assert client.get(f"{BASE}/{es.id}", headers=admin).get_json()["translations"] == []

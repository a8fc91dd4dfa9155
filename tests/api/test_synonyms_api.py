"""Search synonyms kept by site admins: per language, checked, audited, and used by search."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import AuditEntry, SearchSynonym, Site
from helpwidget.services import synonyms
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer

BASE = "/api/v1/advisor/sites/acme/synonyms"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, admin of acme."""
    return bearer(advisor_login(client, admin_advisor.email))


def create(client, admin, terms, locale="es"):
    """Add a group through the API and return its JSON."""
    response = client.post(BASE, json={"locale": locale, "terms": terms}, headers=admin)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def listed(client, headers, locale=None):
    """Return (locale, terms) of the groups the list shows."""
    query = {"locale": locale} if locale else {}
    response = client.get(BASE, query_string=query, headers=headers)
    assert response.status_code == 200, response.get_json()
    return [(row["locale"], row["terms"]) for row in response.get_json()["synonyms"]]


def refused(client, headers, body, method="post", url=BASE):
    """Send a change that must be refused; return the fields of its 422 answer."""
    response = client.open(url, method=method.upper(), json=body,
                           headers={**headers, "X-HelpWidget-Locale": "es"})
    assert response.status_code == 422, response.get_json()
    return response.get_json()["fields"]


def titles(client, q, locale="es"):
    """Return the titles a reader's search finds."""
    response = client.get("/api/v1/search", query_string={"site": "acme", "q": q,
                                                          "locale": locale})
    assert response.status_code == 200, response.get_json()
    return [result["title"] for result in response.get_json()["results"]]


def audited(site):
    """Return (action, target, changes) of the site's audit entries, oldest first."""
    db.session.expire_all()
    return [(e.action, e.target, e.changes) for e in db.session.execute(
        db.select(AuditEntry).filter_by(site_id=site.id).order_by(AuditEntry.id)).scalars()]


def test_an_admin_adds_edits_lists_and_deletes_groups(client, site, admin):
    group = create(client, admin, ["  anular ", "cancelar", "dar de  baja"])
    assert (group["locale"], group["terms"]) == ("es", ["anular", "cancelar", "dar de baja"])
    assert group["updated_at"]
    create(client, admin, ["invoice", "bill"], locale="en")
    assert listed(client, admin) == [("en", ["invoice", "bill"]),
                                     ("es", ["anular", "cancelar", "dar de baja"])]
    assert listed(client, admin, "es") == [("es", ["anular", "cancelar", "dar de baja"])]

    changed = client.put(f"{BASE}/{group['id']}", json={"terms": ["anular", "cancelar", "void"]},
                         headers=admin)
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["terms"] == ["anular", "cancelar", "void"]
    assert changed.get_json()["locale"] == "es"
    # The engine reads the groups the service keeps.
    assert synonyms.groups(site, "es") == [["anular", "cancelar", "void"]]

    assert client.delete(f"{BASE}/{group['id']}", headers=admin).status_code == 204
    assert listed(client, admin, "es") == []
    assert client.delete(f"{BASE}/{group['id']}", headers=admin).status_code == 404
    assert client.put(f"{BASE}/{group['id']}", json={"terms": ["a", "b"]},
                      headers=admin).status_code == 404


def test_each_change_is_audited_with_what_changed(client, site, admin):
    group = create(client, admin, ["anular", "cancelar"])
    client.put(f"{BASE}/{group['id']}", json={"terms": ["anular", "cancelar", "void"]},
               headers=admin)
    # Sending the same words again changes nothing and records nothing.
    client.put(f"{BASE}/{group['id']}", json={"terms": ["anular", "cancelar", "void"]},
               headers=admin)
    client.delete(f"{BASE}/{group['id']}", headers=admin)
    assert audited(site) == [
        ("synonym.create", "anular ↔ cancelar",
         {"locale": [None, "es"], "terms": [None, ["anular", "cancelar"]]}),
        ("synonym.update", "anular ↔ cancelar ↔ void",
         {"terms": [["anular", "cancelar"], ["anular", "cancelar", "void"]]}),
        ("synonym.delete", "anular ↔ cancelar ↔ void",
         {"locale": ["es", None], "terms": [["anular", "cancelar", "void"], None]}),
    ]
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="synonym.create")
                               ).scalar_one()
    assert entry.actor_email == "piotr@support.example.com" and entry.kind == "content"


def test_refusals_say_what_is_wrong_per_field_in_spanish(client, site, admin):
    fields = refused(client, admin, {"locale": "fr", "terms": ["anular", "x" * 61]})
    assert fields["locale"] == ["El centro de ayuda de este sitio no está en este idioma."]
    assert fields["terms.1"] == ["Escribe entre 1 y 60 caracteres."]
    assert set(fields) == {"locale", "terms.1"}

    assert set(refused(client, admin, {"locale": "es", "terms": ["anular"]})) == {"terms"}
    assert set(refused(client, admin, {"locale": "es",
                                       "terms": [f"p{n}" for n in range(21)]})) == {"terms"}
    fields = refused(client, admin, {"locale": "es", "terms": [
        "Anulación", "anulacion", "uno dos tres cuatro cinco", "!!!", "  "]})
    # Folded, "anulacion" is the first entry again; five words and no words are refused.
    assert set(fields) == {"terms.1", "terms.2", "terms.3", "terms.4"}
    assert fields["terms.4"] == ["Escribe entre 1 y 60 caracteres."]
    assert fields["terms.2"] == fields["terms.3"] != fields["terms.1"]
    fields = refused(client, admin, {"locale": "es", "terms": ["ok", 7]})
    assert set(fields) == {"terms.1"}
    assert set(refused(client, admin, {"terms": ["a", "b"]})) == {"locale"}
    assert set(refused(client, admin, {"locale": "es", "terms": "anular, cancelar"})) == {"terms"}
    assert set(refused(client, admin, {"locale": "es", "terms": ["a", "b"],
                                       "site": "globex"})) == {"site"}
    group = create(client, admin, ["anular", "cancelar"])
    fields = refused(client, admin, {"terms": ["anular", "ANULAR"]}, "put",
                     f"{BASE}/{group['id']}")
    assert set(fields) == {"terms.1"}
    # The language is the group's own: it is not an input of a change.
    assert set(refused(client, admin, {"terms": ["a", "b"], "locale": "en"}, "put",
                       f"{BASE}/{group['id']}")) == {"locale"}
    assert listed(client, admin) == [("es", ["anular", "cancelar"])]
    assert [action for action, _, _ in audited(site)] == ["synonym.create"]


def test_a_plain_advisor_gets_403_and_an_outsider_404(client, site, other_site, admin,
                                                      advisor_token, outsider):
    group = create(client, admin, ["anular", "cancelar"])
    olga = bearer(advisor_login(client, outsider.email))
    for headers, status in ((bearer(advisor_token), 403), (olga, 404)):
        assert client.get(BASE, headers=headers).status_code == status
        assert client.post(BASE, json={"locale": "es", "terms": ["a", "b"]},
                           headers=headers).status_code == status
        assert client.put(f"{BASE}/{group['id']}", json={"terms": ["x", "y"]},
                          headers=headers).status_code == status
        assert client.delete(f"{BASE}/{group['id']}", headers=headers).status_code == status
    assert listed(client, admin) == [("es", ["anular", "cancelar"])]


def test_other_sites_groups_are_neither_shown_nor_touched(client, site, other_site, admin):
    theirs = SearchSynonym(site_id=other_site.id, locale="en", terms=["void", "cancel"])
    db.session.add(theirs)
    db.session.commit()
    theirs_id = theirs.id
    create(client, admin, ["invoice", "bill"], locale="en")
    assert listed(client, admin, "en") == [("en", ["invoice", "bill"])]
    # Another site's group is not found through this site, whatever the admin sends.
    assert client.put(f"{BASE}/{theirs_id}", json={"terms": ["a", "b"]},
                      headers=admin).status_code == 404
    assert client.delete(f"{BASE}/{theirs_id}", headers=admin).status_code == 404
    db.session.expire_all()
    assert db.session.get(SearchSynonym, theirs_id).terms == ["void", "cancel"]
    assert synonyms.groups(other_site, "en") == [["void", "cancel"]]


def test_a_group_changes_what_search_finds_at_once(client, site, admin):
    make_article(site, "Anular una factura emitida", slug="anular-factura",
                 body="Pasos para anular una factura que ya enviaste al cliente.")
    assert titles(client, "invalidar") == []
    group = create(client, admin, ["anular", "invalidar"])
    assert titles(client, "invalidar") == ["Anular una factura emitida"]
    # Another language of the same site keeps its own words.
    assert titles(client, "invalidar", "en") == []
    client.delete(f"{BASE}/{group['id']}", headers=admin)
    assert titles(client, "invalidar") == []


def test_help_center_insight_settings_change_alone(client, site, admin):
    url = "/api/v1/advisor/sites/acme/settings"
    site.comment_moderation, site.open_registration = "pre", True
    db.session.commit()
    before = client.get(url, headers=admin).get_json()
    assert (before["help_center"]["insights_enabled"],
            before["help_center"]["insights_retention_days"]) == (True, 90)

    response = client.patch(f"{url}/help_center", json={
        "insights_enabled": False, "insights_retention_days": 30}, headers=admin)
    assert response.status_code == 200, response.get_json()
    after = response.get_json()
    assert after["help_center"] == {**before["help_center"], "insights_enabled": False,
                                    "insights_retention_days": 30}
    assert {g: v for g, v in after.items() if g != "help_center"} == {
        g: v for g, v in before.items() if g != "help_center"}
    db.session.expire_all()
    stored = db.session.get(Site, site.id)
    assert (stored.insights_enabled, stored.insights_retention_days) == (False, 30)
    assert (stored.comment_moderation, stored.open_registration) == ("pre", True)
    assert audited(site)[-1][0::2] == ("update_help_center", {
        "insights_enabled": [True, False], "insights_retention_days": [90, 30]})

    for days in (0, 731, "many", 12.5):
        bad = client.patch(f"{url}/help_center", json={"insights_retention_days": days},
                           headers={**admin, "X-HelpWidget-Locale": "es"})
        assert bad.status_code == 422, (days, bad.get_json())
        assert list(bad.get_json()["fields"]) == ["insights_retention_days"]
    bad = client.patch(f"{url}/help_center", json={"insights_retention_days": 800},
                       headers={**admin, "X-HelpWidget-Locale": "es"})
    assert bad.get_json()["fields"]["insights_retention_days"] == [
        "Escribe un número del 1 al 730."]
    db.session.expire_all()
    assert db.session.get(Site, site.id).insights_retention_days == 30

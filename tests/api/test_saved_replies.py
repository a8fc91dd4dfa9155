"""Saved replies: the team reads them per language, admins keep them, other sites see nothing."""
import os

import pytest
import yaml

from helpwidget.extensions import db
from helpwidget.models.chat import SavedReply
from helpwidget.services import saved_replies, sites
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor

URL = "/api/v1/advisor/sites/acme/saved-replies"
GREETING = {"locale": "es", "shortcut": "saludo", "title": "Saludo",
            "body": "¡Hola! ¿En qué te puedo ayudar?"}


@pytest.fixture
def replies(site):
    """Seed three replies of `site`: two in Spanish, one in English."""
    return saved_replies.seed(site, [
        GREETING,
        {"locale": "es", "shortcut": "factura", "title": "Pedir el número de factura",
         "body": "¿Me compartes el número de la factura?"},
        {"locale": "en", "shortcut": "hello", "title": "Greeting", "body": "Hi! How can I help?"},
    ])


@pytest.fixture
def admin_token(client, admin_advisor):
    """Return a console token of the site's admin."""
    return advisor_login(client, admin_advisor.email)


def test_a_team_member_lists_the_replies_of_one_language(client, replies, advisor_token):
    response = client.get(URL + "?locale=es", headers=bearer(advisor_token))
    assert response.status_code == 200
    found = response.get_json()["saved_replies"]
    assert [(r["shortcut"], r["title"]) for r in found] == [
        ("factura", "Pedir el número de factura"), ("saludo", "Saludo")]
    assert found[1]["body"] == GREETING["body"] and found[1]["locale"] == "es"

    every = client.get(URL, headers=bearer(advisor_token)).get_json()["saved_replies"]
    assert [r["shortcut"] for r in every] == ["hello", "factura", "saludo"]


def test_an_admin_creates_edits_and_deletes_a_reply(client, site, admin_token):
    created = client.post(URL, json={"locale": "pl", "shortcut": "powitanie",
                                     "title": "Powitanie", "body": "Dzień dobry!\r\nW czym pomóc?"},
                          headers=bearer(admin_token))
    assert created.status_code == 201, created.get_json()
    reply = created.get_json()
    assert reply["body"] == "Dzień dobry!\nW czym pomóc?"

    changed = client.put(f"{URL}/{reply['id']}", json={
        "locale": "pl", "shortcut": "dzien-dobry", "title": "Powitanie", "body": "Dzień dobry!"},
        headers=bearer(admin_token))
    assert changed.status_code == 200, changed.get_json()
    listed = client.get(URL + "?locale=pl", headers=bearer(admin_token)).get_json()
    assert [(r["shortcut"], r["body"]) for r in listed["saved_replies"]] == [
        ("dzien-dobry", "Dzień dobry!")]

    assert client.delete(f"{URL}/{reply['id']}", headers=bearer(admin_token)).status_code == 204
    assert client.get(URL, headers=bearer(admin_token)).get_json()["saved_replies"] == []
    assert client.delete(f"{URL}/{reply['id']}",
                         headers=bearer(admin_token)).status_code == 404


def test_a_plain_advisor_cannot_change_replies(client, replies, advisor_token):
    reply = replies[0]
    assert client.post(URL, json=GREETING | {"shortcut": "otro"},
                       headers=bearer(advisor_token)).status_code == 403
    edit = client.put(f"{URL}/{reply.id}", json=GREETING | {"body": "Cambiado"},
                      headers=bearer(advisor_token))
    assert edit.status_code == 403
    assert edit.get_json()["error"] == "Only the site's admins can change saved replies."
    assert client.delete(f"{URL}/{reply.id}", headers=bearer(advisor_token)).status_code == 403
    db.session.expire_all()
    assert db.session.get(SavedReply, reply.id).body == GREETING["body"]


def test_other_sites_teams_see_nothing(client, replies, other_site, outsider):
    token = advisor_login(client, outsider.email)
    assert client.get(URL, headers=bearer(token)).status_code == 404
    assert client.put(f"{URL}/{replies[0].id}", json=GREETING,
                      headers=bearer(token)).status_code == 404
    # Even an admin of another site cannot reach this site's replies through their own site.
    admin = make_advisor("boss@globex.example.com", "Boss", (other_site, "admin"))
    boss = advisor_login(client, admin.email)
    foreign = f"/api/v1/advisor/sites/globex/saved-replies/{replies[0].id}"
    assert client.put(foreign, json=GREETING | {"locale": "en"},
                      headers=bearer(boss)).status_code == 404
    assert client.delete(foreign, headers=bearer(boss)).status_code == 404
    assert db.session.get(SavedReply, replies[0].id) is not None


def test_signing_in_is_required(client, replies):
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize("change, field", [
    ({"shortcut": "con espacio"}, "shortcut"),
    ({"shortcut": "x" * 41}, "shortcut"),
    ({"shortcut": ""}, "shortcut"),
    ({"title": ""}, "title"),
    ({"body": "a" * 5001}, "body"),
    ({"body": "   "}, "body"),
    ({"extra": "1"}, "extra"),
])
def test_bad_input_is_named_field_by_field(client, site, admin_token, change, field):
    response = client.post(URL, json=GREETING | change, headers=bearer(admin_token))
    assert response.status_code == 400
    assert field in response.get_json()["fields"]


def test_rules_that_depend_on_the_site(client, replies, admin_token):
    other_language = client.post(URL, json=GREETING | {"locale": "de"},
                                 headers=bearer(admin_token))
    assert other_language.status_code == 422
    assert other_language.get_json()["fields"] == {"locale": ["Choose one of: es, en, pl."]}
    duplicate = client.post(URL, json=GREETING, headers=bearer(admin_token))
    assert duplicate.status_code == 422
    assert duplicate.get_json()["fields"] == {
        "shortcut": ["Another saved reply in this language uses this shortcut."]}
    # The same shortcut in another language is another reply.
    assert client.post(URL, json=GREETING | {"locale": "pl"},
                       headers=bearer(admin_token)).status_code == 201
    taken = client.put(f"{URL}/{replies[1].id}", json=GREETING | {"title": "Otro"},
                       headers=bearer(admin_token))
    assert taken.status_code == 422


def test_the_longest_allowed_values_are_kept(client, site, admin_token):
    body = "a" * 5000
    response = client.post(URL, json=GREETING | {"shortcut": "A_b-9" + "x" * 35, "body": body},
                           headers=bearer(admin_token))
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["body"] == body


def test_errors_speak_the_advisors_language(client, site):
    make_advisor("jefa@support.example.com", "Jefa", (site, "admin"), locale="es")
    token = advisor_login(client, "jefa@support.example.com")
    response = client.post(URL, json=GREETING | {"shortcut": "a b"}, headers=bearer(token))
    assert response.status_code == 400
    assert response.get_json()["error"] == "Revisa los campos marcados."


def test_seeding_twice_refreshes_instead_of_duplicating(site):
    saved_replies.seed(site, [GREETING])
    saved_replies.seed(site, [GREETING | {"body": "Hola de nuevo"}])
    found = saved_replies.list_replies(site, "es")
    assert [(r.shortcut, r.body) for r in found] == [("saludo", "Hola de nuevo")]


def test_the_demo_replies_fit_the_demo_sites(app):
    here = os.path.join(os.path.dirname(saved_replies.__file__), "..", "demo")
    with open(os.path.join(here, "sites.yaml"), encoding="utf-8") as source:
        definitions = {d["key"]: d for d in yaml.safe_load(source)}
    with open(os.path.join(here, "saved_replies.yaml"), encoding="utf-8") as source:
        demo = yaml.safe_load(source)
    assert set(demo) == set(definitions)
    for key, items in demo.items():
        site = sites.save_site(key, name=definitions[key]["name"],
                               default_locale=definitions[key]["default_locale"],
                               locales=definitions[key]["locales"])
        saved_replies.seed(site, items)
        for locale in site.locales:
            assert len(saved_replies.list_replies(site, locale)) >= 4, (key, locale)

"""Diagnostics with a request: the schema's rules, storing them, and who may read them back."""
import json

import pytest
from flask_babel import force_locale
from marshmallow import ValidationError

from helpwidget.extensions import db
from helpwidget.models import Ticket
from helpwidget.schemas.diagnostics import DiagnosticsSchema, from_form
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.fixtures_tickets import anonymous, auth, identified, post_ticket

FULL = {
    "browser": "Chrome 126.0.6478.126", "os": "Windows 10.0", "screen": "1920x1080",
    "language": "es-CO", "timezone": "America/Bogota", "time": "2024-05-01T10:30:00-05:00",
    "routes": ["/invoices", "/invoices/new?customer=ana@example.com#draft",
               "https://app.acme.test/reports/sales?token=s3cret"],
    "errors": [{"message": "TypeError: total is undefined",
                "source": "https://user:pw@app.acme.test/static/app.js?v=3#x", "line": 42,
                "at": "2024-05-01T15:29:58.120Z"}],
}


def load(value):
    """Load diagnostics through the schema the ticket form uses."""
    return DiagnosticsSchema().load(value)


def messages(value):
    """Return the schema's refusal of `value` (it must refuse)."""
    with pytest.raises(ValidationError) as refused:
        load(value)
    return refused.value.messages


def stored(number):
    """Return ticket `number` as the database holds it now."""
    db.session.expire_all()
    return db.session.execute(db.select(Ticket).filter_by(number=number)).scalar_one()


# --- the schema --------------------------------------------------------------------------------

def test_every_part_is_kept_and_queries_fragments_and_user_names_are_dropped(app):
    loaded = load(FULL)
    assert loaded["routes"] == ["/invoices", "/invoices/new", "/reports/sales"]
    assert loaded["errors"] == [{"message": "TypeError: total is undefined",
                                 "source": "https://app.acme.test/static/app.js", "line": 42,
                                 "at": "2024-05-01T15:29:58.120Z"}]
    assert {k: loaded[k] for k in ("browser", "os", "screen", "language", "timezone", "time")} \
        == {k: FULL[k] for k in ("browser", "os", "screen", "language", "timezone", "time")}
    assert "ana@example.com" not in json.dumps(loaded) and "s3cret" not in json.dumps(loaded)


def test_every_part_is_optional_and_nothing_at_all_is_no_diagnostics(app):
    assert load({"screen": "390x844"}) == {"screen": "390x844"}
    assert load({}) is None
    assert load({"routes": ["?only=a-query", "#fragment"], "errors": []}) is None


@pytest.mark.parametrize("value", [
    {"cookies": "sid=1"},
    {"browser": "Firefox", "form_values": {"iban": "ES12"}},
    {"errors": [{"message": "x", "stack": "at f (app.js:1)"}]},
])
def test_unknown_keys_are_refused_in_the_reader_s_language(app, value):
    with force_locale("es"):
        refused = json.dumps(messages(value), default=str, ensure_ascii=False)
    assert "Campo desconocido." in refused


@pytest.mark.parametrize("value, field", [
    ({"browser": "x" * 201}, "browser"),
    ({"os": "x" * 101}, "os"),
    ({"screen": "1" * 21}, "screen"),
    ({"language": "es-" + "x" * 33}, "language"),
    ({"timezone": "Europe/" + "x" * 60}, "timezone"),
    ({"time": "2024-05-01T10:30:00.000000000000000000000000000000Z"}, "time"),
    ({"routes": ["/a"] * 21}, "routes"),
    ({"routes": ["/" + "a" * 500]}, "routes"),
    ({"errors": [{"message": "x"}] * 21}, "errors"),
    ({"errors": [{"message": "m" * 501}]}, "errors"),
    ({"errors": [{"message": "x", "source": "https://a.test/" + "s" * 500}]}, "errors"),
    ({"errors": [{"message": "x", "line": 10_000_001}]}, "errors"),
])
def test_everything_is_bounded(app, value, field):
    assert field in messages(value)


@pytest.mark.parametrize("value, field", [
    ({"browser": 12}, "browser"),
    ({"screen": "big"}, "screen"),
    ({"screen": "1920x1080; drop"}, "screen"),
    ({"language": "español"}, "language"),
    ({"timezone": "../../etc/passwd"}, "timezone"),
    ({"time": "yesterday"}, "time"),
    ({"routes": "/invoices"}, "routes"),
    ({"routes": [{"path": "/a"}]}, "routes"),
    ({"errors": {"message": "x"}}, "errors"),
    ({"errors": ["TypeError"]}, "errors"),
    ({"errors": [{"message": "x", "line": "42"}]}, "errors"),
    ({"errors": [{"message": "x", "line": 4.5}]}, "errors"),
    ({"errors": [{"line": 3}]}, "errors"),
])
def test_wrong_types_and_shapes_are_refused(app, value, field):
    assert field in messages(value)


def test_a_list_instead_of_an_object_is_refused(app):
    with pytest.raises(ValidationError):
        load(["Chrome"])


def test_control_characters_are_stripped(app):
    loaded = load({"browser": "Chrome\x00 126\u202e", "routes": ["/inv\x00oices\n"],
                   "errors": [{"message": "line one\nline two\r\n\x1b[31mred", "line": 1}]})
    assert loaded["browser"] == "Chrome 126"
    assert loaded["routes"] == ["/invoices"]
    assert loaded["errors"][0]["message"] == "line one line two [31mred"


def test_the_help_center_form_field_parses_json_text(app):
    assert from_form("") is None and from_form("null") is None
    assert from_form(json.dumps({"screen": "1280x800"})) == {"screen": "1280x800"}
    with pytest.raises(ValidationError) as unreadable:
        from_form("{not json")
    assert "diagnostics" in unreadable.value.messages
    with pytest.raises(ValidationError) as unknown:
        from_form(json.dumps({"html": "<b>"}))
    assert json.loads(json.dumps(unknown.value.messages, default=str)) == {
        "diagnostics": {"html": ["Unknown field."]}}


# --- the API -----------------------------------------------------------------------------------

def test_diagnostics_are_stored_and_shown_to_the_site_s_advisors(client, site):
    token = anonymous(client, site)
    response = post_ticket(client, site, token, name="Ana", email="ana@example.com",
                           diagnostics=FULL)
    assert response.status_code == 201, response.get_json()
    ticket = response.get_json()["ticket"]
    assert stored(ticket["number"]).diagnostics["routes"] == [
        "/invoices", "/invoices/new", "/reports/sales"]
    make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))
    headers = bearer(advisor_login(client, "marta@support.example.com"))
    found = client.get(f"/api/v1/advisor/tickets/{stored(ticket['number']).id}",
                       headers=headers).get_json()
    assert found["diagnostics"]["routes"] == ["/invoices", "/invoices/new", "/reports/sales"]
    assert found["diagnostics"]["errors"][0]["message"] == "TypeError: total is undefined"
    assert found["diagnostics"]["screen"] == "1920x1080"


def test_an_advisor_of_another_site_never_sees_them(client, site, other_site):
    token = anonymous(client, site)
    number = post_ticket(client, site, token, name="Ana", email="ana@example.com",
                         diagnostics=FULL).get_json()["ticket"]["number"]
    make_advisor("olga@globex.example.com", "Olga Berg", (other_site, "advisor"))
    headers = bearer(advisor_login(client, "olga@globex.example.com"))
    response = client.get(f"/api/v1/advisor/tickets/{stored(number).id}", headers=headers)
    assert response.status_code == 404
    assert "screen" not in response.get_data(as_text=True)


def test_the_requester_and_their_company_see_only_that_diagnostics_came(client, site):
    ana = identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                     account_id="acc-1")
    luis = identified(client, site, sub="luis", name="Luis", email="luis@example.com",
                      account_id="acc-1")
    created = post_ticket(client, site, ana, shared=True, diagnostics=FULL).get_json()["ticket"]
    assert created["diagnostics_attached"] is True
    for token in (ana, luis):
        response = client.get(f"/api/v1/tickets/{created['number']}?site={site.key}",
                              headers=auth(token))
        assert response.status_code == 200
        body = response.get_json()["ticket"]
        assert body["diagnostics_attached"] is True and "diagnostics" not in body
        assert "1920x1080" not in response.get_data(as_text=True)
        listed = client.get(f"/api/v1/tickets?site={site.key}", headers=auth(token))
        assert "1920x1080" not in listed.get_data(as_text=True)


def test_another_visitor_cannot_reach_them(client, site):
    number = post_ticket(client, site, anonymous(client, site), name="Ana",
                         email="ana@example.com", diagnostics=FULL).get_json()["ticket"]["number"]
    stranger = anonymous(client, site)
    response = client.get(f"/api/v1/tickets/{number}?site={site.key}", headers=auth(stranger))
    assert response.status_code == 404
    assert "1920x1080" not in response.get_data(as_text=True)


@pytest.mark.parametrize("sent", [{}, {"diagnostics": None}, {"diagnostics": {}}])
def test_without_the_box_ticked_nothing_is_stored(client, site, sent):
    token = anonymous(client, site)
    response = post_ticket(client, site, token, name="Ana", email="ana@example.com", **sent)
    assert response.status_code == 201, response.get_json()
    ticket = response.get_json()["ticket"]
    assert ticket["diagnostics_attached"] is False
    assert stored(ticket["number"]).diagnostics is None


def test_bad_diagnostics_refuse_the_request_with_a_field_message(client, site):
    token = anonymous(client, site)
    response = client.post("/api/v1/tickets?locale=pl", headers=auth(token), json={
        "site": site.key, "subject": "Faktury", "category": "technical_issue",
        "subcategory": "error_message", "description": "Błąd 500.", "name": "Ana",
        "email": "ana@example.com", "locale": "pl",
        "diagnostics": {"screen": "1920x1080", "clipboard": "secret"}})
    assert response.status_code == 400
    assert response.get_json()["fields"]["diagnostics"] == {"clipboard": ["Nieznane pole."]}
    assert db.session.execute(db.select(Ticket)).first() is None

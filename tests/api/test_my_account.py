"""An advisor's own account: name, language and password, with the other sessions ended."""
from helpwidget.extensions import db
from helpwidget.models import Advisor
from tests.support.fixtures_advisors import PASSWORD, advisor_login, bearer, signed_in

ME = "/api/v1/advisor/me"
NEW_PASSWORD = "another long passphrase"


def test_me_says_whether_the_advisor_owns_the_server(client, site, advisor):
    token = advisor_login(client, advisor.email)
    body = client.get(ME, headers=bearer(token)).get_json()
    assert body["is_owner"] is False and body["email"] == advisor.email
    advisor.is_owner = True
    db.session.commit()
    assert client.get(ME, headers=bearer(token)).get_json()["is_owner"] is True


def test_name_and_language_change_and_nothing_else(client, site, advisor):
    token = advisor_login(client, advisor.email)
    response = client.patch(ME, json={"locale": "pl"}, headers=bearer(token))
    assert response.status_code == 200
    body = response.get_json()
    assert body["locale"] == "pl" and body["name"] == "Marta Gómez"  # the name is kept
    assert body["sites"] == [{"key": "acme", "name": "Acme Facturas", "role": "advisor"}]
    response = client.patch(ME, json={"name": "  Marta G.  "}, headers=bearer(token))
    assert response.get_json()["name"] == "Marta G." and response.get_json()["locale"] == "pl"
    db.session.expire_all()
    stored = db.session.get(Advisor, advisor.id)
    assert (stored.name, stored.locale, stored.email) == ("Marta G.", "pl", advisor.email)


def test_bad_account_input_is_refused_per_field(client, site, advisor):
    token = advisor_login(client, advisor.email)
    response = client.patch(ME, json={"name": "", "locale": "xx"}, headers=bearer(token))
    assert response.status_code in (400, 422)
    assert set(response.get_json()["fields"]) == {"name", "locale"}
    # Email, role and owner flag are not the advisor's to change here.
    for field in ({"email": "x@y.z"}, {"is_owner": True}):
        refused = client.patch(ME, json=field, headers=bearer(token))
        assert refused.status_code in (400, 422)
    db.session.expire_all()
    assert db.session.get(Advisor, advisor.id).is_owner is False


def test_changing_the_password_ends_the_other_sessions_only(app, client, site, advisor):
    here = advisor_login(client, advisor.email)
    elsewhere = advisor_login(client, advisor.email)
    browser = app.test_client()
    signed_in(browser, advisor)
    response = client.post(ME + "/password", json={"current_password": PASSWORD,
                                                   "new_password": NEW_PASSWORD},
                           headers=bearer(here))
    assert response.status_code == 204
    assert client.get(ME, headers=bearer(here)).status_code == 200  # this session stays
    assert client.get(ME, headers=bearer(elsewhere)).status_code == 401
    assert browser.get("/console").status_code == 302  # the console cookie's session ended
    assert client.post("/api/v1/advisor/session", json={
        "email": advisor.email, "password": PASSWORD}).status_code == 401
    advisor_login(client, advisor.email, NEW_PASSWORD)


def test_the_console_session_that_changes_the_password_stays(app, site, advisor):
    browser = app.test_client()
    csrf = signed_in(browser, advisor)
    response = browser.post(ME + "/password", json={"current_password": PASSWORD,
                                                    "new_password": NEW_PASSWORD},
                            headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204
    assert browser.get("/console").status_code == 200


def test_the_current_password_is_checked_and_the_rules_apply(client, site, advisor):
    token = advisor_login(client, advisor.email)
    wrong = client.post(ME + "/password", json={"current_password": "not my password",
                                                "new_password": NEW_PASSWORD},
                        headers=bearer(token))
    assert wrong.status_code == 422 and list(wrong.get_json()["fields"]) == ["current_password"]
    short = client.post(ME + "/password", json={"current_password": PASSWORD,
                                                "new_password": "short"}, headers=bearer(token))
    assert short.status_code == 422 and list(short.get_json()["fields"]) == ["new_password"]
    # Nothing changed: the old password still signs in.
    advisor_login(client, advisor.email)


def test_my_account_needs_a_signed_in_advisor(client, site, advisor):
    assert client.patch(ME, json={"name": "X"}).status_code == 401
    assert client.post(ME + "/password", json={"current_password": PASSWORD,
                                               "new_password": NEW_PASSWORD}).status_code == 401

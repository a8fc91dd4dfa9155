"""Advisor accounts: hashed passwords, sign-in and sign-out, dead tokens, limits and commands."""
from datetime import timedelta

import pytest

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Advisor, AdvisorToken
from helpwidget.services import advisors, signals
from helpwidget.services.identity import hash_token
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import PASSWORD, advisor_login, bearer, make_advisor
from tests.support.identities import open_session

WRONG = {"error": "The email or password is not right."}


def test_the_stored_hash_is_scrypt_and_not_the_password(advisor):
    stored = db.session.get(Advisor, advisor.id).password_hash
    assert stored.startswith("scrypt:")
    assert PASSWORD not in stored
    assert advisors.authenticate("marta@support.example.com", PASSWORD).id == advisor.id


def test_email_is_stored_lower_case_and_must_be_valid_and_new(site):
    created = make_advisor("  Nina.Lopez@Support.EXAMPLE.COM ", "Nina", (site, "advisor"))
    assert created.email == "nina.lopez@support.example.com"
    with pytest.raises(Invalid) as taken:
        advisors.create_advisor("NINA.LOPEZ@support.example.com", "Other", PASSWORD)
    assert "email" in taken.value.fields
    with pytest.raises(Invalid) as bad:
        advisors.create_advisor("not-an-address", "Other", PASSWORD)
    assert "email" in bad.value.fields
    assert [a.email for a in advisors.all_advisors()] == ["nina.lopez@support.example.com"]


def test_update_changes_details_but_not_to_a_taken_email(advisor, admin_advisor):
    advisors.update_advisor(advisor, email="Marta.G@Support.example.com", name="Marta G.",
                            locale="pl")
    assert (advisor.email, advisor.name, advisor.locale) == (
        "marta.g@support.example.com", "Marta G.", "pl")
    with pytest.raises(Invalid) as taken:
        advisors.update_advisor(advisor, email=admin_advisor.email)
    assert "email" in taken.value.fields
    with pytest.raises(Invalid) as language:
        advisors.update_advisor(advisor, locale="de")
    assert "locale" in language.value.fields
    db.session.expire_all()
    assert db.session.get(Advisor, advisor.id).email == "marta.g@support.example.com"


def test_passwords_shorter_than_ten_characters_are_refused(site):
    with pytest.raises(Invalid) as short:
        advisors.create_advisor("new@support.example.com", "New", "nine char")
    assert [str(m) for m in short.value.fields["password"]] == ["Use at least 10 characters."]
    assert advisors.get_by_email("new@support.example.com") is None


def test_sign_in_returns_a_token_the_advisor_and_their_teams(client, advisor, site, other_site):
    advisors.add_membership(advisor, other_site, "admin")
    response = client.post("/api/v1/advisor/session",
                           json={"email": "Marta@Support.example.com", "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert body["advisor"] == {
        "id": advisor.id, "name": "Marta Gómez", "email": "marta@support.example.com",
        "locale": "en", "is_owner": False, "email_on_reply": True,
        "sites": [{"key": "acme", "name": "Acme Facturas", "role": "advisor"},
                  {"key": "globex", "name": "Globex", "role": "admin"}]}
    assert PASSWORD not in response.get_data(as_text=True)
    assert advisor.password_hash not in response.get_data(as_text=True)
    # Only the token's SHA-256 is kept.
    stored = db.session.execute(db.select(AdvisorToken.token_hash)).scalars().all()
    assert stored == [hash_token(body["token"])]
    me = client.get("/api/v1/advisor/me", headers=bearer(body["token"]))
    assert me.status_code == 200 and me.get_json() == body["advisor"]


def test_sign_out_ends_that_session_only(client, advisor):
    first, second = advisor_login(client, advisor.email), advisor_login(client, advisor.email)
    assert client.delete("/api/v1/advisor/session", headers=bearer(first)).status_code == 204
    assert client.get("/api/v1/advisor/me", headers=bearer(first)).status_code == 401
    assert client.get("/api/v1/advisor/me", headers=bearer(second)).status_code == 200
    assert client.delete("/api/v1/advisor/session", headers=bearer(first)).status_code == 401


def test_wrong_password_and_unknown_email_get_one_answer(client, advisor):
    wrong = client.post("/api/v1/advisor/session",
                        json={"email": advisor.email, "password": "not the password"})
    unknown = client.post("/api/v1/advisor/session",
                          json={"email": "nobody@support.example.com", "password": PASSWORD})
    assert (wrong.status_code, wrong.get_json()) == (401, WRONG)
    assert (unknown.status_code, unknown.get_json()) == (401, WRONG)
    spanish = client.post("/api/v1/advisor/session", headers={"Accept-Language": "es"},
                          json={"email": "nobody@support.example.com", "password": PASSWORD})
    assert spanish.get_json() == {"error": "El correo o la contraseña no son correctos."}
    assert db.session.execute(db.select(db.func.count(AdvisorToken.id))).scalar() == 0


def test_sign_in_needs_both_fields(client, advisor):
    response = client.post("/api/v1/advisor/session", json={"email": advisor.email})
    assert response.status_code == 400
    assert response.get_json()["fields"] == {"password": ["This field is required."]}


def test_a_disabled_account_is_refused_and_its_tokens_die(client, advisor):
    token = advisor_login(client, advisor.email)
    advisors.deactivate(advisor)
    assert client.get("/api/v1/advisor/me", headers=bearer(token)).status_code == 401
    again = client.post("/api/v1/advisor/session",
                        json={"email": advisor.email, "password": PASSWORD})
    assert (again.status_code, again.get_json()) == (401, WRONG)


def test_a_password_change_ends_every_session(client, advisor):
    tokens = [advisor_login(client, advisor.email) for _ in range(2)]
    advisors.set_password(advisor, "a brand new passphrase")
    assert [client.get("/api/v1/advisor/me", headers=bearer(t)).status_code
            for t in tokens] == [401, 401]
    old = client.post("/api/v1/advisor/session",
                      json={"email": advisor.email, "password": PASSWORD})
    assert old.status_code == 401
    advisor_login(client, advisor.email, "a brand new passphrase")


def test_ended_sessions_are_announced_for_live_sockets(app, client, advisor):
    token = advisor_login(client, advisor.email)
    heard = []

    def receiver(sender, advisor_id, token_ids):
        heard.append((advisor_id, len(token_ids)))

    with signals.advisor_sessions_ended.connected_to(receiver):
        client.delete("/api/v1/advisor/session", headers=bearer(token))
        advisor_login(client, advisor.email)
        advisor_login(client, advisor.email)
        advisors.deactivate(advisor)
    assert heard == [(advisor.id, 1), (advisor.id, 2)]


def test_an_expired_token_is_refused(client, advisor):
    token = advisor_login(client, advisor.email)
    row = db.session.execute(db.select(AdvisorToken)).scalar_one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get("/api/v1/advisor/me", headers=bearer(token))
    assert response.status_code == 401
    assert response.get_json() == {"error": "Your console session has ended. Sign in again."}


def test_tokens_live_as_long_as_the_setting_says(app, advisor):
    app.config["ADVISOR_TOKEN_TTL"] = 600
    advisors.issue_token(advisor)
    row = db.session.execute(db.select(AdvisorToken)).scalar_one()
    lifetime = row.expires_at - row.created_at
    assert timedelta(seconds=599) < lifetime <= timedelta(seconds=601)


SIGN_IN_PL = "Zaloguj się do konsoli wsparcia."
ENDED_PL = "Twoja sesja w konsoli została zakończona. Zaloguj się ponownie."


@pytest.mark.parametrize("headers, message", [
    ({}, SIGN_IN_PL), ({"Authorization": "Bearer "}, SIGN_IN_PL),
    ({"Authorization": "Basic bWFydGE6c2VjcmV0"}, SIGN_IN_PL),
    ({"Authorization": "Bearer forged-token"}, ENDED_PL)])
def test_requests_without_a_valid_token_are_refused(client, advisor, headers, message):
    response = client.get("/api/v1/advisor/me", headers={**headers, "Accept-Language": "pl"})
    assert (response.status_code, response.get_json()) == (401, {"error": message})


def test_a_visitor_token_is_not_an_advisor_token(client, site, advisor):
    visitor_token = open_session(client, site)["visitor_token"]
    assert client.get("/api/v1/advisor/me", headers=bearer(visitor_token)).status_code == 401


def test_membership_roles_and_team(site, other_site, advisor, admin_advisor):
    assert advisors.is_admin(admin_advisor, site) and not advisors.is_admin(advisor, site)
    assert [a.email for a in advisors.team(site)] == ["marta@support.example.com",
                                                     "piotr@support.example.com"]
    advisors.add_membership(advisor, site, "admin")
    assert advisors.is_admin(advisor, site)
    advisors.remove_membership(advisor, site)
    assert advisors.sites_of(advisor) == []
    advisors.deactivate(admin_advisor)
    assert advisors.team(site) == [] and not advisors.is_admin(admin_advisor, site)
    with pytest.raises(Invalid):
        advisors.add_membership(advisor, other_site, "owner")


@pytest.fixture
def limited(make_app):
    return make_app(RATELIMIT_ADVISOR_LOGIN="3 per minute")


def _sign_in(client, email, password, ip="10.0.0.1"):
    return client.post("/api/v1/advisor/session", json={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip}).status_code


def test_failed_sign_ins_from_one_address_are_limited(limited, advisor):
    client = limited.test_client()
    codes = [_sign_in(client, f"guess{i}@support.example.com", "wrong password") for i in range(4)]
    assert codes == [401, 401, 401, 429]
    # Even the right password waits now; another address does not.
    assert _sign_in(client, advisor.email, PASSWORD) == 429
    assert _sign_in(client, advisor.email, PASSWORD, ip="10.0.0.2") == 201


def test_failed_sign_ins_on_one_email_are_limited_across_addresses(limited, advisor):
    client = limited.test_client()
    codes = [_sign_in(client, advisor.email, "wrong password", ip=f"10.0.1.{i}")
             for i in range(3)]
    assert codes == [401, 401, 401]
    assert _sign_in(client, advisor.email.upper(), PASSWORD, ip="10.0.2.1") == 429
    refused = client.post("/api/v1/advisor/session", headers={"Accept-Language": "es"},
                          json={"email": advisor.email, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.2.2"})
    assert refused.get_json() == {
        "error": "Demasiadas solicitudes. Espera un momento e inténtalo de nuevo."}


def test_successful_sign_ins_do_not_use_up_the_limit(limited, advisor):
    client = limited.test_client()
    assert [_sign_in(client, advisor.email, PASSWORD) for _ in range(5)] == [201] * 5


def test_cli_creates_an_advisor_with_a_prompted_hidden_password(runner, site, other_site):
    result = runner.invoke(args=["create-advisor", "--email", "Jan@Support.example.com", "--name",
                                 "Jan Kowalski", "--site", "acme", "--site", "globex",
                                 "--admin"], input="a long enough secret\n" * 2)
    assert result.exit_code == 0, result.output
    assert "a long enough secret" not in result.output
    jan = advisors.get_by_email("jan@support.example.com")
    assert [(s.key, role) for s, role in advisors.sites_of(jan)] == [("acme", "admin"),
                                                                      ("globex", "admin")]
    assert advisors.authenticate("jan@support.example.com", "a long enough secret").id == jan.id
    listed = runner.invoke(args=["advisors", "list"])
    assert "jan@support.example.com\tJan Kowalski\tactive\tacme:admin,globex:admin" in listed.output


def test_cli_refuses_short_passwords_unknown_sites_and_taken_emails(runner, site, advisor):
    short = runner.invoke(args=["create-advisor", "--email", "a@support.example.com", "--name", "A",
                                "--site", "acme", "--password", "short"])
    assert short.exit_code != 0 and "Use at least 10 characters." in short.output
    unknown = runner.invoke(args=["create-advisor", "--email", "a@support.example.com",
                                  "--name", "A", "--site", "nope", "--password", PASSWORD])
    assert unknown.exit_code != 0 and "unknown site" in unknown.output
    taken = runner.invoke(args=["create-advisor", "--email", advisor.email, "--name", "A",
                                "--site", "acme", "--password", PASSWORD])
    assert taken.exit_code != 0 and "already exists" in taken.output
    assert advisors.get_by_email("a@support.example.com") is None


def test_cli_disable_ends_the_advisors_sessions(runner, client, advisor):
    token = advisor_login(client, advisor.email)
    result = runner.invoke(args=["advisors", "disable", "MARTA@support.example.com"])
    assert result.exit_code == 0, result.output
    assert client.get("/api/v1/advisor/me", headers=bearer(token)).status_code == 401
    assert "marta@support.example.com\tMarta Gómez\tdisabled" in runner.invoke(
        args=["advisors", "list"]).output
    assert runner.invoke(args=["advisors", "disable", "nobody@support.example.com"]).exit_code != 0


def test_cli_set_password_ends_the_advisors_sessions(runner, client, advisor):
    token = advisor_login(client, advisor.email)
    result = runner.invoke(args=["advisors", "set-password", advisor.email],
                           input="another passphrase\n" * 2)
    assert result.exit_code == 0, result.output
    assert "another passphrase" not in result.output
    assert client.get("/api/v1/advisor/me", headers=bearer(token)).status_code == 401
    advisor_login(client, advisor.email, "another passphrase")

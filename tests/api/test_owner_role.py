"""The server's owner: created or named from the command line, admin of every site."""
from helpwidget.services import advisors
from tests.support.fixtures_advisors import PASSWORD, advisor_login, bearer, make_advisor


def test_create_advisor_as_owner_needs_no_site_and_sees_every_site(runner, client, site,
                                                                   other_site):
    result = runner.invoke(args=["create-advisor", "--email", "boss@server.example", "--name",
                                 "Boss", "--owner", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert "the server's owner" in result.output
    me = client.get("/api/v1/advisor/me",
                    headers=bearer(advisor_login(client, "boss@server.example"))).get_json()
    assert me["is_owner"] is True
    assert {(s["key"], s["role"]) for s in me["sites"]} == {(site.key, "admin"),
                                                          (other_site.key, "admin")}


def test_create_advisor_without_site_or_owner_is_refused(runner, site):
    result = runner.invoke(args=["create-advisor", "--email", "x@server.example", "--name",
                                 "X", "--password", PASSWORD])
    assert result.exit_code == 2
    assert "give at least one --site, or --owner" in result.output
    assert advisors.get_by_email("x@server.example") is None


def test_owner_role_is_given_and_taken_away_keeping_teams(runner, client, site, other_site):
    marta = make_advisor("marta@support.example.com", "Marta", (site, "advisor"))
    assert runner.invoke(args=["advisors", "owner", marta.email]).exit_code == 0
    token = advisor_login(client, marta.email)
    settings = client.get(f"/api/v1/advisor/sites/{other_site.key}/settings",
                          headers=bearer(token))
    assert settings.status_code == 200
    result = runner.invoke(args=["advisors", "owner", marta.email, "--revoke"])
    assert "is no longer the server's owner" in result.output
    me = client.get("/api/v1/advisor/me", headers=bearer(token)).get_json()
    assert me["is_owner"] is False
    assert [(s["key"], s["role"]) for s in me["sites"]] == [(site.key, "advisor")]
    assert client.get(f"/api/v1/advisor/sites/{other_site.key}/settings",
                      headers=bearer(token)).status_code == 404

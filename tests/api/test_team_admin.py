"""A site's team run by its admins: invitations by real email, roles, disabling, forced resets."""
import re
from datetime import timedelta

import pytest

from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import AdvisorInvitation, AuditEntry
from helpwidget.services import advisors
from tests.support.fixtures_advisors import (
    PASSWORD,
    advisor_login,
    bearer,
    console_sign_in,
    form_token,
    make_advisor,
)

MEMBERS = "/api/v1/advisor/sites/acme/members"
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def admin_token(client, admin_advisor):
    """Return a console token of Piotr, the site's admin."""
    return advisor_login(client, admin_advisor.email)


def _invite(client, token, email="lucia@support.example.com", name="Lucía Ruiz", role="advisor",
            locale="es"):
    """Put someone on the team through the API; return the response."""
    return client.post(MEMBERS, json={"email": email, "name": name, "role": role,
                                      "locale": locale}, headers=bearer(token))


def _link(smtp_server, count=1):
    """Deliver the outbox and return the console link of the last email received."""
    outbox_sender.deliver_due()
    message = smtp_server.wait_for(count)[-1]
    body = message.get_body(preferencelist=("plain",)).get_content()
    return message, re.search(r"https?://\S+(/console/invitation/[\w-]+)", body).group(1)


def _set_password(client, path, password=NEW_PASSWORD, again=None):
    """Fill in the link's form; return the response."""
    page = client.get(path)
    assert page.status_code == 200
    return client.post(path, data={"password": password, "password_again": again or password,
                                   "csrf_token": form_token(page.get_data(as_text=True))})


def _sign_in(client, email, password):
    """Try the API sign-in; return the response."""
    return client.post("/api/v1/advisor/session", json={"email": email, "password": password})


def _members(client, token):
    """Return the team as the admin's console lists it, by email."""
    response = client.get(MEMBERS, headers=bearer(token))
    assert response.status_code == 200
    return {m["email"]: m for m in response.get_json()["members"]}


def test_an_invitation_by_email_lets_the_new_advisor_choose_a_password(
        app, client, site, admin_token, smtp_server):
    response = _invite(client, admin_token)
    assert response.status_code == 201, response.get_json()
    member = response.get_json()
    assert member["role"] == "advisor" and member["invitation_pending"] is True
    message, path = _link(smtp_server)
    assert message["To"] == "lucia@support.example.com"
    body = message.get_body(preferencelist=("plain",)).get_content()
    # In her language, naming who invited her and the team.
    assert "Piotr Nowak" in body and "Acme Facturas" in body and "Consola de soporte" in body
    # Until then no password works, not even an empty one.
    assert _sign_in(client, "lucia@support.example.com", "").status_code in (401, 422)

    other = app.test_client()
    response = _set_password(other, path)
    assert response.status_code == 302 and response.location.endswith("/console")
    assert other.get("/console").status_code == 200  # signed in by the link
    assert _sign_in(client, "lucia@support.example.com", NEW_PASSWORD).status_code == 201
    assert _members(client, admin_token)["lucia@support.example.com"][
        "invitation_pending"] is False

    # The link worked once.
    again = app.test_client().get(path)
    assert again.status_code == 404 and "ask an admin" in again.get_data(as_text=True).lower()


def test_an_expired_or_replaced_link_is_refused(app, client, site, admin_token, smtp_server):
    lucia_id = _invite(client, admin_token).get_json()["id"]
    _message, first = _link(smtp_server)
    response = client.post(f"{MEMBERS}/{lucia_id}/invitation", headers=bearer(admin_token))
    assert response.status_code == 202
    _message, second = _link(smtp_server, 2)
    assert first != second
    assert app.test_client().get(first).status_code == 404  # the new email voids the old link
    row = db.session.execute(db.select(AdvisorInvitation).where(
        AdvisorInvitation.advisor_id == lucia_id, AdvisorInvitation.used_at.is_(None),
        AdvisorInvitation.expires_at > advisors.utcnow())).scalar_one()
    row.expires_at = advisors.utcnow() - timedelta(seconds=1)
    db.session.commit()
    page = app.test_client().get(second)
    assert page.status_code == 404 and "expired" in page.get_data(as_text=True)


def test_the_password_is_typed_twice_and_follows_the_rules(app, client, site, admin_token,
                                                           smtp_server):
    _invite(client, admin_token)
    _message, path = _link(smtp_server)
    other = app.test_client()
    response = _set_password(other, path, again="something different")
    assert response.status_code == 422 and "not the same" in response.get_data(as_text=True)
    response = _set_password(other, path, password="short")
    assert response.status_code == 422 and "at least" in response.get_data(as_text=True)
    assert _set_password(other, path).status_code == 302  # the link still works


def test_roles_change_but_the_last_admin_stays(client, site, admin_advisor, advisor,
                                               admin_token):
    url = f"{MEMBERS}/{advisor.id}"
    response = client.patch(url, json={"role": "admin"}, headers=bearer(admin_token))
    assert response.status_code == 200 and response.get_json()["role"] == "admin"
    # Two admins: Piotr may step down; then Marta is the last one and may not.
    own = f"{MEMBERS}/{admin_advisor.id}"
    assert client.patch(own, json={"role": "advisor"},
                        headers=bearer(admin_token)).status_code == 200
    marta = advisor_login(client, advisor.email)
    response = client.patch(url, json={"role": "advisor"}, headers=bearer(marta))
    assert response.status_code == 409 and response.get_json()["code"] == "last_admin"
    assert client.patch(url, json={"active": False}, headers=bearer(marta)).status_code == 409
    assert client.delete(url, headers=bearer(marta)).status_code == 409
    assert _members(client, marta)[advisor.email]["role"] == "admin"
    response = client.patch(url, json={"role": "owner"}, headers=bearer(marta))
    # Schema errors answer 400 across the API today; the contract says 422.
    assert response.status_code in (400, 422) and "role" in response.get_json()["fields"]


def test_disabling_ends_sessions_and_refuses_sign_in(client, site, advisor, admin_token):
    marta = advisor_login(client, advisor.email)
    response = client.patch(f"{MEMBERS}/{advisor.id}", json={"active": False},
                            headers=bearer(admin_token))
    assert response.status_code == 200 and response.get_json()["active"] is False
    assert client.get("/api/v1/advisor/me", headers=bearer(marta)).status_code == 401
    assert _sign_in(client, advisor.email, PASSWORD).status_code == 401
    assert client.patch(f"{MEMBERS}/{advisor.id}", json={"active": True},
                        headers=bearer(admin_token)).status_code == 200
    assert _sign_in(client, advisor.email, PASSWORD).status_code == 201


def test_a_forced_reset_refuses_sign_in_until_the_link_is_used(app, client, site, advisor,
                                                               admin_token, smtp_server):
    marta = advisor_login(client, advisor.email)
    response = client.post(f"{MEMBERS}/{advisor.id}/password-reset", headers=bearer(admin_token))
    assert response.status_code == 202
    assert client.get("/api/v1/advisor/me", headers=bearer(marta)).status_code == 401
    refused = _sign_in(client, advisor.email, PASSWORD)
    assert refused.status_code == 403 and "link we emailed" in refused.get_json()["error"]
    # The wrong password says nothing about the reset.
    assert "link" not in _sign_in(client, advisor.email, "wrong password!").get_json()["error"]
    form = console_sign_in(app.test_client(), advisor.email)
    assert form.status_code == 403 and "link we emailed" in form.get_data(as_text=True)
    assert _members(client, admin_token)[advisor.email]["password_reset_required"] is True

    message, path = _link(smtp_server)
    assert message["To"] == advisor.email
    assert _set_password(app.test_client(), path).status_code == 302
    assert _sign_in(client, advisor.email, PASSWORD).status_code == 401
    assert _sign_in(client, advisor.email, NEW_PASSWORD).status_code == 201


def test_plain_advisors_get_403_and_outsiders_404(client, site, advisor, outsider):
    marta, olga = advisor_login(client, advisor.email), advisor_login(client, outsider.email)
    for method, path in [("get", ""), ("post", ""), ("patch", f"/{advisor.id}"),
                         ("delete", f"/{advisor.id}"), ("post", f"/{advisor.id}/password-reset"),
                         ("post", f"/{advisor.id}/invitation")]:
        call = getattr(client, method)
        mine = call(MEMBERS + path, json={"role": "admin"}, headers=bearer(marta))
        assert mine.status_code == 403 and mine.get_json()["code"] == "admin_required"
        assert call(MEMBERS + path, json={}, headers=bearer(olga)).status_code == 404
    assert advisors.is_admin(advisor, site) is False


def test_every_team_action_writes_an_audit_entry(client, site, admin_advisor, advisor,
                                                 admin_token, smtp_server):
    new_id = _invite(client, admin_token).get_json()["id"]
    client.patch(f"{MEMBERS}/{advisor.id}", json={"role": "admin"}, headers=bearer(admin_token))
    client.post(f"{MEMBERS}/{advisor.id}/password-reset", headers=bearer(admin_token))
    client.delete(f"{MEMBERS}/{new_id}", headers=bearer(admin_token))
    entries = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id)).scalars().all()
    assert [(e.kind, e.action, e.target) for e in entries] == [
        ("team", "team.invite", "lucia@support.example.com"),
        ("team", "team.update", advisor.email),
        ("team", "team.password_reset", advisor.email),
        ("team", "team.remove", "lucia@support.example.com")]
    assert entries[1].changes == {"role": ["advisor", "admin"]}
    assert all(e.actor_email == admin_advisor.email and e.site_key == "acme" for e in entries)
    assert entries[0].target_id == new_id


def test_an_existing_advisor_added_to_a_second_site_keeps_their_password(
        client, site, other_site, admin_token, smtp_server):
    make_advisor("olga@globex.example.com", "Olga Berg", (other_site, "admin"))
    response = _invite(client, admin_token, email="Olga@Globex.example.com", name="Someone else")
    assert response.status_code == 201
    assert response.get_json()["name"] == "Olga Berg"  # the account is not rewritten
    assert response.get_json()["invitation_pending"] is False
    olga = advisor_login(client, "olga@globex.example.com")
    sites = client.get("/api/v1/advisor/me", headers=bearer(olga)).get_json()["sites"]
    assert {(s["key"], s["role"]) for s in sites} == {("acme", "advisor"), ("globex", "admin")}
    outbox_sender.deliver_due()
    assert smtp_server.messages == []  # no invitation, no new password
    # Twice is refused, with the field named.
    again = _invite(client, admin_token, email="olga@globex.example.com")
    assert again.status_code == 422 and "email" in again.get_json()["fields"]


def test_an_admin_of_one_site_cannot_disable_someone_on_other_teams(
        client, site, other_site, admin_token):
    olga = make_advisor("olga@globex.example.com", "Olga Berg", (other_site, "admin"),
                        (site, "advisor"))
    response = client.patch(f"{MEMBERS}/{olga.id}", json={"active": False},
                            headers=bearer(admin_token))
    assert response.status_code == 403
    assert client.post(f"{MEMBERS}/{olga.id}/password-reset",
                       headers=bearer(admin_token)).status_code == 403
    assert advisor_login(client, olga.email)  # still signs in
    # Taking her off this team only is the admin's to do.
    assert client.delete(f"{MEMBERS}/{olga.id}", headers=bearer(admin_token)).status_code == 204


def test_invalid_input_names_the_fields(client, site, admin_token):
    response = client.post(MEMBERS, json={"email": "not an email", "name": "", "role": "boss",
                                          "locale": "xx"}, headers=bearer(admin_token))
    assert response.status_code in (400, 422)
    assert set(response.get_json()["fields"]) == {"email", "name", "role", "locale"}
    assert client.patch(f"{MEMBERS}/999999", json={"role": "admin"},
                        headers=bearer(admin_token)).status_code == 404


def test_the_link_form_needs_its_csrf_token(app, client, site, admin_token, smtp_server):
    _invite(client, admin_token)
    _message, path = _link(smtp_server)
    other = app.test_client()
    other.get(path)
    forged = other.post(path, data={"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert forged.status_code == 302 and forged.location.endswith(path)  # a fresh form
    assert _sign_in(client, "lucia@support.example.com", NEW_PASSWORD).status_code == 401
    assert other.get(path).status_code == 200  # the link still works

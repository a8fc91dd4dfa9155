"""Rotating a site's identity secret: the old one keeps signing users in only during the overlap."""
import json
from datetime import UTC, datetime, timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import AuditEntry
from tests.support.fixtures_advisors import advisor_login, bearer
from tests.support.identities import sign_identity

URL = "/api/v1/advisor/sites/acme/identity-secret"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of an admin of the test site."""
    return bearer(advisor_login(client, admin_advisor.email))


def _sign_in(client, token):
    return client.post("/api/v1/session", json={"site": "acme", "identity": token})


def test_old_secret_works_during_the_overlap_and_not_after(client, site, admin):
    old = site.identity_secret
    response = client.post(URL, json={"overlap_hours": 24}, headers=admin)
    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    new = answer["secret"]
    assert new != old and answer["secret_hint"] == "…" + new[-4:]
    expires = datetime.fromisoformat(answer["previous_secret_expires_at"])
    assert timedelta(hours=23) < expires - datetime.now(UTC) <= timedelta(hours=24)
    assert _sign_in(client, sign_identity(site, secret=old)).status_code == 201
    assert _sign_in(client, sign_identity(site, secret=new, sub="u-2")).status_code == 201
    forged = sign_identity(site, secret="a-forged-secret-long-enough-for-hs256-keys")
    assert _sign_in(client, forged).status_code == 401
    # The overlap ends: the old secret signs nobody in any more; the new one still does.
    db.session.refresh(site)
    site.previous_secret_expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.session.commit()
    assert _sign_in(client, sign_identity(site, secret=old)).status_code == 401
    assert _sign_in(client, sign_identity(site, secret=new)).status_code == 201
    shown = client.get("/api/v1/advisor/sites/acme/settings", headers=admin).get_json()
    assert shown["identity"]["previous_secret_expires_at"] is None


def test_no_overlap_refuses_the_old_secret_at_once_and_is_audited(client, site, admin):
    old = site.identity_secret
    answer = client.post(URL, json={"overlap_hours": 0}, headers=admin).get_json()
    assert answer["previous_secret_expires_at"] is None
    assert _sign_in(client, sign_identity(site, secret=old)).status_code == 401
    assert _sign_in(client, sign_identity(site, secret=answer["secret"])).status_code == 201
    entry = db.session.execute(db.select(AuditEntry).filter_by(kind="secret")).scalar_one()
    assert entry.action == "rotate_identity_secret"
    assert entry.changes["identity_secret"] == ["…" + old[-4:], "…" + answer["secret"][-4:]]
    assert old not in json.dumps(entry.changes) and answer["secret"] not in json.dumps(
        entry.changes)


@pytest.mark.parametrize("hours", [-1, 169, "a day"])
def test_overlap_out_of_range_is_refused(client, site, admin, hours):
    old = site.identity_secret
    response = client.post(URL, json={"overlap_hours": hours}, headers=admin)
    assert response.status_code == 422 and "overlap_hours" in response.get_json()["fields"]
    db.session.refresh(site)
    assert site.identity_secret == old


def test_plain_advisor_cannot_rotate(client, site, advisor):
    old = site.identity_secret
    response = client.post(URL, json={}, headers=bearer(advisor_login(client, advisor.email)))
    assert response.status_code == 403
    db.session.refresh(site)
    assert site.identity_secret == old

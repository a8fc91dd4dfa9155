"""Site settings for admins: each group stored and shown, partial changes, checks, audit, access."""
import json

import pytest

from helpwidget.extensions import db
from helpwidget.models import AuditEntry, Site
from tests.support.fixtures_advisors import advisor_login, bearer

URL = "/api/v1/advisor/sites/acme/settings"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, an admin of the test site."""
    return bearer(advisor_login(client, admin_advisor.email))


def _get(client, headers):
    response = client.get(URL, headers=headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def _patch(client, headers, group, body, status=200):
    response = client.patch(f"{URL}/{group}", json=body, headers=headers)
    assert response.status_code == status, response.get_json()
    return response.get_json()


CHANGES = {
    "general": {"name": "Acme Cloud", "brand_color": "#0b6e4f",
                "allowed_origins": ["https://app.acme.test", "https://beta.acme.test:8443"]},
    "menu": {"items": [{"item": "chat", "enabled": True},
                       {"item": "trainings", "enabled": True, "url": "https://learn.acme.test/"},
                       {"item": "remote_support", "enabled": False, "tool": "AnyDesk",
                        "downloads": {"windows": "https://anydesk.com/w"},
                        "guides": {"windows": {"es": "anydesk-es"}, "mac": "anydesk-mac"}}]},
    "contact": {"timezone": "Europe/Warsaw",
                "hours": [{"days": ["mon", "tue"], "open": "08:00", "close": "16:00"}],
                "holidays": ["2026-12-24", "12-25"],
                "phones": [{"region": "Polska", "number": "+48 12 000 00 00", "locale": "pl"}],
                "emails": [{"region": "Polska", "email": "PL@acme.example.com", "locale": ""}],
                "email": "help@acme.example.com", "whatsapp": "+48 500 000 000"},
    "chat": {"topics": [{"key": "ledger", "label": {"pl": "Księgowanie", "en": "Ledger"}}],
             "wait_minutes": 12, "out_of_hours": True},
    "requests": {"platforms": [{"key": "web", "label": {"en": "Web"}}],
                 "sla_hours": {"urgent": 2, "low": 48}, "auto_close_days": 30,
                 "support_users_only": True, "account_types": ["accountant"],
                 "categories": [{"key": "billing", "priority": "high", "title": {"en": "Billing"},
                                 "subcategories": [{"key": "refunds",
                                                    "title": {"en": "Refunds"}}]}]},
    "alerts": {"emails": ["oncall@acme.example.com"], "webhook_url": "https://93.184.216.34/hook",
               "webhook_secret": "whsec-very-secret-9876"},
    "help_center": {"comment_moderation": "pre", "open_registration": True,
                    "community_enabled": True},
}


@pytest.mark.parametrize("group", sorted(CHANGES))
def test_each_group_is_stored_and_shown_and_leaves_other_groups_alone(client, site, admin,
                                                                       group):
    before = _get(client, admin)
    answer = _patch(client, admin, group, CHANGES[group])
    again = _get(client, admin)
    assert answer == again
    for other in ("general", "menu", "contact", "chat", "requests", "alerts", "help_center"):
        if other != group:
            assert json.dumps(again[other], sort_keys=True) == json.dumps(before[other],
                                                                          sort_keys=True)
    for field, value in CHANGES[group].items():
        if field == "webhook_secret":
            assert again["alerts"]["webhook_secret_set"] is True
            assert "whsec" not in json.dumps(again)
        elif field == "sla_hours":
            assert again[group]["sla_hours"] == {"urgent": 2, "high": 4, "normal": 8, "low": 48}
        elif field == "emails" and group == "contact":
            assert again[group]["emails"][0]["email"] == "pl@acme.example.com"
        elif field == "items":
            assert again[group]["items"][2]["guides"] == value[2]["guides"]
            assert [i["item"] for i in again[group]["items"]] == [i["item"] for i in value]
        elif field == "categories":
            assert again[group]["categories"][0]["key"] == "billing"
        else:
            assert again[group][field] == value


def test_partial_patch_keeps_the_fields_not_sent(client, site, admin):
    _patch(client, admin, "contact", CHANGES["contact"])
    _patch(client, admin, "chat", CHANGES["chat"])
    before = _get(client, admin)
    _patch(client, admin, "contact", {"phones": []})
    _patch(client, admin, "chat", {"wait_minutes": 3})
    after = _get(client, admin)
    assert after["contact"]["phones"] == []
    assert {k: v for k, v in after["contact"].items() if k != "phones"} == {
        k: v for k, v in before["contact"].items() if k != "phones"}
    assert after["chat"] == {**before["chat"], "wait_minutes": 3}
    # The time zone alone moves every schedule, which keep their days and times.
    _patch(client, admin, "contact", {"timezone": "America/Bogota"})
    assert _get(client, admin)["contact"]["hours"] == before["contact"]["hours"]
    db.session.refresh(site)
    assert site.contact["hours"][0]["timezone"] == "America/Bogota"


def test_turning_mail_intake_on_changes_no_other_setting(client, site, admin):
    """Email to the support address opening requests is one switch of Requests, off at first."""
    before = _get(client, admin)
    assert before["requests"]["mail_opens_tickets"] is False
    answer = _patch(client, admin, "requests", {"mail_opens_tickets": True})
    assert answer["requests"]["mail_opens_tickets"] is True
    after = _get(client, admin)
    assert {**after, "requests": {**after["requests"], "mail_opens_tickets": False}} == before
    db.session.expire_all()
    assert db.session.get(Site, site.id).mail_opens_tickets is True
    entry = db.session.execute(
        db.select(AuditEntry).order_by(AuditEntry.id.desc())).scalars().first()
    assert entry.action == "update_requests" and entry.changes == {
        "mail_opens_tickets": [False, True]}
    wrong = client.patch(f"{URL}/requests", json={"mail_opens_tickets": "maybe"}, headers=admin)
    assert wrong.status_code == 422 and "mail_opens_tickets" in wrong.get_json()["fields"]


def test_document_shows_embed_snippet_contrast_and_identity_hint(client, site, admin):
    document = _get(client, admin)
    assert document["site"] == {"key": "acme", "name": "Acme Facturas"}
    assert 'data-site="acme"' in document["general"]["embed_snippet"]
    assert document["general"]["brand_contrast"] == pytest.approx(4.64, abs=0.01)  # #1f6feb
    assert document["identity"]["secret_hint"] == "…" + site.identity_secret[-4:]
    assert document["identity"]["previous_secret_expires_at"] is None
    assert document["requests"]["categories"][0]["key"] == "requests"  # the default cards


INVALID = [
    ("general", {"locales": ["es", "xx"]}, "locales.1"),
    ("general", {"default_locale": "fr"}, "default_locale"),
    ("general", {"locales": ["en"]}, "locales"),  # the default (es) would not be among them
    ("general", {"brand_color": "#ffd700"}, "brand_color"),
    ("general", {"brand_color": "teal"}, "brand_color"),
    ("general", {"allowed_origins": ["https://app.acme.test/path"]}, "allowed_origins.0"),
    ("general", {"name": ""}, "name"),
    ("general", {"secret": "x"}, "secret"),
    ("menu", {"items": [{"item": "games"}]}, "items.0.item"),
    ("menu", {"items": [{"item": "chat"}, {"item": "chat"}]}, "items"),
    ("menu", {"items": [{"item": "trainings", "url": "javascript:alert(1)"}]}, "items.0.url"),
    ("menu", {"items": [{"item": "remote_support", "downloads": {"windows": "ftp://x.test/a"}}]},
     "items.0.downloads.windows.value"),
    ("contact", {"hours": [{"days": ["mon"], "open": "16:00", "close": "08:00"}]},
     "hours.0.close"),
    ("contact", {"hours": [{"days": ["monday"], "open": "08:00", "close": "16:00"}]},
     "hours.0.days.0"),
    ("contact", {"hours": [{"days": ["mon"], "open": "8am", "close": "16:00"}]}, "hours.0.open"),
    ("contact", {"timezone": "Mars/Olympus"}, "timezone"),
    ("contact", {"holidays": ["2026-02-30"]}, "holidays.0"),
    ("contact", {"holidays": ["25/12"]}, "holidays.0"),
    ("contact", {"phones": [{"region": "PL", "number": "call me"}]}, "phones.0.number"),
    ("contact", {"emails": [{"region": "PL", "email": "not-an-address"}]}, "emails.0.email"),
    ("contact", {"email": "nobody"}, "email"),
    ("chat", {"wait_minutes": 0}, "wait_minutes"),
    ("chat", {"wait_minutes": 241}, "wait_minutes"),
    ("chat", {"topics": [{"key": "a", "label": {"xx": "?"}}]}, "topics.0.label"),
    ("requests", {"sla_hours": {"urgent": 0}}, "sla_hours.urgent"),
    ("requests", {"sla_hours": {"someday": 3}}, "sla_hours.someday"),
    ("requests", {"auto_close_days": 366}, "auto_close_days"),
    ("requests", {"categories": [{"key": "x", "title": {"en": "X"}, "priority": "now"}]},
     "categories.0.priority"),
    ("requests", {"categories": [{"key": "x"}]}, "categories.0.title"),
    ("alerts", {"webhook_url": "ftp://hooks.acme.test/"}, "webhook_url"),
    ("alerts", {"webhook_url": "http://127.0.0.1:8080/hook"}, "webhook_url"),
    ("alerts", {"webhook_url": "http://169.254.169.254/latest/meta-data"}, "webhook_url"),
    ("alerts", {"emails": ["x@"]}, "emails.0"),
    ("help_center", {"comment_moderation": "never"}, "comment_moderation"),
]


@pytest.mark.parametrize(("group", "body", "field"), INVALID)
def test_each_rule_refuses_with_a_message_on_its_field_and_changes_nothing(
        client, site, admin, group, body, field):
    before = _get(client, admin)
    error = _patch(client, admin, group, body, status=422)
    assert field in error["fields"], error
    assert all(isinstance(m, str) and m for m in error["fields"][field])
    assert _get(client, admin) == before


def test_contrast_error_says_the_measured_ratio(client, site, admin):
    error = _patch(client, admin, "general", {"brand_color": "#ffd700"}, status=422)
    assert "1.4" in error["fields"]["brand_color"][0] and "4.5" in error["fields"]["brand_color"][0]


def test_unknown_group_is_not_found(client, site, admin):
    assert client.patch(f"{URL}/secrets", json={}, headers=admin).status_code == 404


def test_plain_advisor_is_refused_and_outsider_sees_nothing(client, site, advisor, outsider):
    plain = bearer(advisor_login(client, advisor.email))
    stranger = bearer(advisor_login(client, outsider.email))
    assert client.get(URL, headers=plain).status_code == 403
    refused = client.patch(f"{URL}/general", json={"name": "Mine"}, headers=plain)
    assert refused.status_code == 403 and refused.get_json()["code"] == "admin_required"
    assert client.get(URL, headers=stranger).status_code == 404
    assert client.patch(f"{URL}/general", json={"name": "Mine"},
                        headers=stranger).status_code == 404
    assert client.post("/api/v1/advisor/sites/acme/identity-secret", json={},
                       headers=stranger).status_code == 404
    db.session.refresh(site)
    assert site.name == "Acme Facturas"


def test_audit_entry_records_before_after_with_secrets_masked(client, site, admin,
                                                              admin_advisor):
    _patch(client, admin, "alerts", {"webhook_secret": "first-secret-1111"})
    _patch(client, admin, "alerts", {"webhook_secret": "second-secret-2222",
                                     "emails": ["oncall@acme.example.com"]})
    entry = db.session.execute(db.select(AuditEntry).order_by(AuditEntry.id.desc())).scalars(
    ).first()
    assert (entry.kind, entry.action, entry.site_key) == ("settings", "update_alerts", "acme")
    assert entry.actor_id == admin_advisor.id and entry.address
    assert entry.changes == {"webhook_secret": ["…1111", "…2222"],
                             "emails": [[], ["oncall@acme.example.com"]]}
    assert "secret-2222" not in json.dumps(entry.changes)
    # Asking for what is already stored records nothing.
    count = db.session.execute(db.select(db.func.count(AuditEntry.id))).scalar_one()
    _patch(client, admin, "alerts", {"emails": ["oncall@acme.example.com"]})
    assert db.session.execute(db.select(db.func.count(AuditEntry.id))).scalar_one() == count


def test_owner_creates_a_site_and_others_may_not(client, site, admin_advisor, admin):
    body = {"key": "initech", "name": "Initech", "default_locale": "en", "locales": ["en", "es"],
            "allowed_origins": ["https://app.initech.test"]}
    refused = client.post("/api/v1/advisor/sites", json=body, headers=admin)
    assert refused.status_code == 403
    admin_advisor.is_owner = True
    db.session.commit()
    created = client.post("/api/v1/advisor/sites", json=body, headers=admin)
    assert created.status_code == 201, created.get_json()
    answer = created.get_json()
    assert answer["site"] == {"key": "initech", "name": "Initech"} and len(answer["secret"]) > 20
    assert 'data-site="initech"' in answer["embed_snippet"]
    shown = client.get("/api/v1/advisor/sites/initech/settings", headers=admin).get_json()
    assert shown["general"]["locales"] == ["en", "es"]
    entry = db.session.execute(db.select(AuditEntry).filter_by(kind="site")).scalar_one()
    assert entry.site_key == "initech" and entry.action == "create_site"
    again = client.post("/api/v1/advisor/sites", json=body, headers=admin)
    assert again.status_code == 409
    assert db.session.execute(db.select(db.func.count(AuditEntry.id)).filter_by(
        kind="site")).scalar_one() == 1

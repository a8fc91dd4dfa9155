"""GET /api/v1/widget: the settings the help panel draws itself from."""
from datetime import UTC, datetime

import pytest

from helpwidget.services import sites
from helpwidget.services.widget_config import widget_config

BOGOTA = {"timezone": "America/Bogota", "days": ["mon", "tue", "wed", "thu", "fri"],
          "open": "07:00", "close": "19:00"}
MENU = [
    {"item": "search", "enabled": True},
    {"item": "chat", "enabled": False},
    {"item": "trainings", "enabled": True, "url": "https://academy.acme.test/"},
    {"item": "remote_support", "enabled": True, "tool": "AnyDesk",
     "downloads": {"windows": "https://anydesk.com/en/downloads/windows",
                   "mac": "https://anydesk.com/en/downloads/mac-os"},
     "guides": {"windows": "install-anydesk-windows", "mac": "install-anydesk-mac"}},
    {"item": "contact", "enabled": True},
    {"item": "no_such_item", "enabled": True},
]


@pytest.fixture
def configured(site):
    """The acme site with a menu, support hours, phones and chat topics."""
    return sites.save_site(
        "acme", menu=MENU, chat_wait_minutes=7,
        contact={"email": "help@acme.test", "whatsapp": "+57 300 000 0000", "hours": BOGOTA,
                 "phones": [{"region": "Colombia", "number": "+57 601 000 0000"}]},
        chat_topics=[{"key": "billing", "label": {"es": "Facturación", "en": "Billing"}},
                     {"key": "other", "label": {"es": "Otro tema"}}],
        identity_secret="very-secret-value", alert_emails=["oncall@acme.test"],
        alert_webhook_secret="hook-secret")


def _get(client, **query):
    return client.get("/api/v1/widget", query_string=query)


def test_menu_lists_enabled_items_in_order_with_their_settings(client, configured):
    body = _get(client, site="acme", locale="en").get_json()
    assert [m["item"] for m in body["menu"]] == ["search", "trainings", "remote_support",
                                                 "contact"]
    assert body["menu"][1] == {"item": "trainings", "url": "https://academy.acme.test/"}
    assert body["trainings"] == {"url": "https://academy.acme.test/"}


def test_remote_support_comes_from_its_menu_item(client, configured):
    support = _get(client, site="acme").get_json()["remote_support"]
    assert support == {"tool": "AnyDesk",
                       "downloads": {"windows": "https://anydesk.com/en/downloads/windows",
                                     "mac": "https://anydesk.com/en/downloads/mac-os"},
                       "guides": {"windows": "install-anydesk-windows",
                                  "mac": "install-anydesk-mac"}}


def test_switched_off_items_have_no_settings(client, configured):
    menu = [dict(m, enabled=m["item"] == "search") for m in MENU]
    sites.save_site("acme", menu=menu)
    body = _get(client, site="acme").get_json()
    assert body["menu"] == [{"item": "search"}]
    assert body["trainings"] is None
    assert body["remote_support"] is None


def test_site_part_and_nothing_secret(client, configured):
    response = _get(client, site="acme", locale="en")
    assert response.status_code == 200
    body = response.get_json()
    assert body["site"] == {"key": "acme", "name": "Acme Facturas", "default_locale": "es",
                            "locales": ["es", "en", "pl"], "brand_color": "#1f6feb"}
    text = response.get_data(as_text=True)
    for secret in ("very-secret-value", "oncall@acme.test", "hook-secret"):
        assert secret not in text


def test_contact_with_hours_in_english(client, configured):
    contact = _get(client, site="acme", locale="en").get_json()["contact"]
    assert contact["email"] == "help@acme.test"
    assert contact["whatsapp"] == "+57 300 000 0000"
    assert contact["phones"] == [{"region": "Colombia", "number": "+57 601 000 0000"}]
    assert contact["hours"] == BOGOTA
    assert contact["hours_text"] == ["Monday to Friday, 07:00–19:00 (America/Bogota)"]
    assert isinstance(contact["within_hours"], bool)


def test_hours_text_in_spanish(client, configured):
    contact = _get(client, site="acme", locale="es").get_json()["contact"]
    assert contact["hours_text"] == ["Lunes a viernes, 07:00–19:00 (America/Bogota)"]


def test_hours_text_lists_separate_days_and_several_schedules(app, configured):
    saturday = {"timezone": "America/Bogota", "days": ["sat"], "open": "08:00", "close": "12:00"}
    split = {"timezone": "UTC", "days": ["mon", "tue", "thu"], "open": "09:00", "close": "17:00"}
    site = sites.save_site("acme", contact={"hours": [BOGOTA, saturday, split]})
    lines = widget_config(site, "en", None)["contact"]["hours_text"]
    assert lines == ["Monday to Friday, 07:00–19:00 (America/Bogota)",
                     "Saturday, 08:00–12:00 (America/Bogota)",
                     "Monday, Tuesday, Thursday, 09:00–17:00 (UTC)"]


def test_within_hours_and_next_open(app, configured):
    monday_noon_bogota = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    contact = widget_config(configured, "en", None, now=monday_noon_bogota)["contact"]
    assert contact["within_hours"] is True
    assert contact["next_open"] is None
    saturday = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)
    contact = widget_config(configured, "en", None, now=saturday)["contact"]
    assert contact["within_hours"] is False
    assert contact["next_open"] == "2026-11-30T12:00:00+00:00"  # Monday 07:00 in Bogota


def test_no_hours_means_always_within_hours(client, site):
    contact = _get(client, site="acme").get_json()["contact"]
    assert contact["within_hours"] is True
    assert contact["next_open"] is None
    assert contact["hours_text"] == []
    assert "whatsapp" not in contact


def test_chat_topics_in_the_locale_else_the_sites_language(client, configured):
    chat = _get(client, site="acme", locale="en").get_json()["chat"]
    assert chat == {"topics": [{"key": "billing", "label": "Billing"},
                               {"key": "other", "label": "Otro tema"}],
                    "wait_minutes": 7}


def test_status_is_included(client, configured):
    body = _get(client, site="acme", locale="en").get_json()
    assert body["status"]["status"] == "operational"
    assert body["status"]["banner"] is None
    assert body["status"]["feed_url"] == "http://127.0.0.1:5000/status/acme/feed.atom?locale=en"


def test_locale_the_site_does_not_speak_gives_its_default(client, configured):
    sites.save_site("acme", locales=["es", "en"])
    body = _get(client, site="acme", locale="pl").get_json()
    assert body["contact"]["hours_text"][0].endswith("07:00–19:00 (America/Bogota)")
    assert body["status"]["feed_url"].endswith("locale=es")


def test_bad_requests(client, site):
    missing = _get(client)
    assert missing.status_code == 400
    assert "site" in missing.get_json()["fields"]
    unknown = _get(client, site="nope", locale="es")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"] == "No hay un centro de ayuda configurado para este sitio."
    bad_locale = _get(client, site="acme", locale="xx")
    assert bad_locale.status_code == 400
    assert "locale" in bad_locale.get_json()["fields"]
    assert _get(client, site="acme", extra="1").status_code == 400


def test_links_other_than_web_addresses_are_dropped(client, site):
    sites.save_site("acme", menu=[
        {"item": "trainings", "enabled": True, "url": "javascript:alert(1)"},
        {"item": "remote_support", "enabled": True, "tool": "AnyDesk",
         "downloads": {"windows": "javascript:alert(1)", "mac": "https://anydesk.com/mac"},
         "guides": {"windows": "../../etc", "mac": "install-anydesk-mac"}}])
    body = _get(client, site="acme").get_json()
    assert body["trainings"] is None
    assert body["menu"][0] == {"item": "trainings"}
    assert body["menu"][1]["downloads"] == {"mac": "https://anydesk.com/mac"}
    assert body["remote_support"]["downloads"] == {"mac": "https://anydesk.com/mac"}
    assert body["remote_support"]["guides"] == {"mac": "install-anydesk-mac"}
    panel = client.get("/widget/panel", query_string={"site": "acme",
                                                      "origin": "https://app.acme.test"})
    assert panel.status_code == 200
    assert "javascript:" not in panel.get_data(as_text=True)


def test_guides_may_name_a_slug_per_locale(client, site):
    sites.save_site("acme", menu=[
        {"item": "remote_support", "enabled": True, "tool": "AnyDesk",
         "guides": {"windows": {"es": "instalar-anydesk-windows",
                                "en": "install-anydesk-windows"},
                    "mac": {"es": "instalar-anydesk-mac"}}}])
    english = _get(client, site="acme", locale="en").get_json()
    assert english["remote_support"]["guides"] == {"windows": "install-anydesk-windows",
                                                   "mac": "instalar-anydesk-mac"}
    assert english["menu"][0]["guides"] == english["remote_support"]["guides"]
    spanish = _get(client, site="acme", locale="es").get_json()
    assert spanish["remote_support"]["guides"] == {"windows": "instalar-anydesk-windows",
                                                   "mac": "instalar-anydesk-mac"}


def test_phones_and_emails_of_one_language_show_only_to_its_readers(client, site):
    sites.save_site("acme", contact={
        "phones": [{"region": "Colombia", "number": "+57 601 000 0000", "locale": ""},
                   {"region": "España", "number": "+34 910 000 000", "locale": "es"}],
        "emails": [{"region": "Facturación", "email": "facturas@acme.test", "locale": "es"},
                   {"region": "Billing", "email": "billing@acme.test", "locale": "en"}]})
    spanish = _get(client, site="acme", locale="es").get_json()["contact"]
    english = _get(client, site="acme", locale="en").get_json()["contact"]
    assert [p["number"] for p in spanish["phones"]] == ["+57 601 000 0000", "+34 910 000 000"]
    assert [p["number"] for p in english["phones"]] == ["+57 601 000 0000"]
    assert spanish["emails"] == [{"region": "Facturación", "email": "facturas@acme.test"}]
    assert english["emails"] == [{"region": "Billing", "email": "billing@acme.test"}]

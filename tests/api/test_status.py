"""System status: weekly maintenance across DST, the banner, the Atom feed, admins and the CLI."""
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest

from helpwidget.schemas.status import summary
from helpwidget.services import status
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import advisor_login, bearer

ATOM = "{http://www.w3.org/2005/Atom}"
ADMIN_URL = "/api/v1/advisor/sites/acme"


def _summary(site, now, locale="es"):
    return summary(status.current_state(site, locale, now=now),
                   "https://help.example/status/acme/feed.atom")


def _weekly(site, **values):
    return status.add_window(site, {"title": {"es": "Mantenimiento semanal",
                                              "en": "Weekly maintenance"},
                                    "weekday": "fri", "at": "19:30", "minutes": 240,
                                    "timezone": "America/Los_Angeles", **values})


def _once(site, starts, ends, now=None, **values):
    return status.add_window(site, {"title": "Migración de base de datos", "starts_at": starts,
                                    "ends_at": ends, **values}, now=now)


def test_weekly_window_keeps_its_local_time_across_the_dst_change(site):
    _weekly(site)
    # US clocks go back on Sunday 1 November 2026: Friday 19:30 is 02:30 UTC, then 03:30 UTC.
    found = _summary(site, datetime(2026, 10, 26, 12, 0, tzinfo=UTC))["maintenance"]
    assert [(m["starts_at"], m["ends_at"]) for m in found] == [
        ("2026-10-31T02:30:00+00:00", "2026-10-31T06:30:00+00:00"),
        ("2026-11-07T03:30:00+00:00", "2026-11-07T07:30:00+00:00")]
    assert all(m["recurring"] == "weekly" and m["title"] == "Mantenimiento semanal"
               for m in found)
    assert found[0]["when"].endswith("19:30–23:30 (America/Los_Angeles)")
    assert found[1]["when"].endswith("19:30–23:30 (America/Los_Angeles)")
    assert len({m["key"] for m in found}) == 2


def test_weekly_window_in_europe_and_a_one_off_window_sorted_soonest_first(site):
    status.add_window(site, {"title": "Okno serwisowe", "locale": "pl", "weekday": "sat",
                             "at": "22:00", "minutes": 60, "timezone": "Europe/Warsaw"})
    now = datetime(2026, 10, 20, tzinfo=UTC)
    _once(site, datetime(2026, 10, 27, 20, tzinfo=UTC), datetime(2026, 10, 27, 21, tzinfo=UTC),
          now=now)
    # Poland leaves summer time on 25 October 2026: 22:00 is 20:00 UTC, then 21:00 UTC.
    found = _summary(site, now, locale="pl")["maintenance"]
    assert [(m["starts_at"], m["recurring"]) for m in found] == [
        ("2026-10-24T20:00:00+00:00", "weekly"), ("2026-10-27T20:00:00+00:00", None),
        ("2026-10-31T21:00:00+00:00", "weekly")]
    assert found[0]["title"] == "Okno serwisowe"
    # No Polish title: the site's language stands in.
    assert found[1]["title"] == "Migración de base de datos"


def test_banner_before_during_and_after_a_window(site):
    starts = datetime(2026, 12, 4, 22, 0, tzinfo=UTC)
    _once(site, starts, starts + timedelta(hours=2), now=starts - timedelta(days=3))

    far = _summary(site, starts - timedelta(hours=25))
    assert far["banner"] is None and far["status"] == "operational"
    assert far["maintenance"][0]["in_progress"] is False

    soon = _summary(site, starts - timedelta(hours=23))
    assert soon["banner"]["kind"] == "maintenance_soon"
    assert soon["banner"]["starts_at"] == "2026-12-04T22:00:00+00:00"
    assert "Migración de base de datos" in soon["banner"]["text"]

    during = _summary(site, starts + timedelta(minutes=30))
    assert during["banner"]["kind"] == "maintenance_now"
    assert during["banner"]["ends_at"] == "2026-12-05T00:00:00+00:00"
    assert during["status"] == "maintenance" and during["maintenance"][0]["in_progress"] is True

    after = _summary(site, starts + timedelta(hours=2))
    assert after["banner"] is None and after["maintenance"] == []


def test_incident_banner_from_a_status_and_maintenance_wins_while_it_runs(site):
    status.set_status(site, "partial_outage", {"es": "La emisión de facturas falla.",
                                               "en": "Issuing invoices fails."})
    now = utcnow()
    spanish, english = _summary(site, now), _summary(site, now, locale="en")
    assert spanish["status"] == "partial_outage"
    assert spanish["banner"] == {"kind": "incident", "text": "La emisión de facturas falla.",
                                 "starts_at": spanish["updated_at"], "ends_at": None}
    assert english["message"] == "Issuing invoices fails."

    _once(site, now - timedelta(minutes=5), now + timedelta(hours=1))
    assert _summary(site, now)["banner"]["kind"] == "maintenance_now"

    status.set_status(site, "operational")
    assert _summary(site, now + timedelta(hours=2))["banner"] is None


def test_public_status_api(client, site):
    status.set_status(site, "degraded", "Lentitud al generar reportes", locale="es")
    soon = utcnow() + timedelta(hours=3)
    _once(site, soon, soon + timedelta(hours=1), description="Sin acceso a la plataforma.")

    response = client.get("/api/v1/status?site=acme&locale=es")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "degraded" and body["message"] == "Lentitud al generar reportes"
    assert body["label"]
    assert body["banner"]["kind"] == "maintenance_soon"
    assert body["maintenance"][0]["description"] == "Sin acceso a la plataforma."
    # From PUBLIC_URL, never the request's Host header.
    assert body["feed_url"] == "http://127.0.0.1:5000/status/acme/feed.atom?locale=es"

    assert client.get("/api/v1/status?site=nope").status_code == 404
    assert client.get("/api/v1/status").status_code == 400


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    return ET.fromstring(response.data)


def test_atom_feed_has_status_changes_and_upcoming_maintenance_with_stable_ids(client, site):
    status.set_status(site, "major_outage", "No se puede ingresar a la plataforma")
    status.set_status(site, "operational", "Servicio restablecido")
    _weekly(site)

    feed = _feed(client, "/status/acme/feed.atom?locale=es")
    assert feed.tag == f"{ATOM}feed"
    assert "Acme Facturas" in feed.find(f"{ATOM}title").text
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    contents = [e.find(f"{ATOM}content").text for e in entries]
    # Two weekly occurrences in the next 14 days, then the status changes, newest first.
    assert sum("Mantenimiento semanal" in t for t in titles) == 2
    assert contents[-2:] == ["Servicio restablecido", "No se puede ingresar a la plataforma"]
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:") for i in ids)
    for entry in entries:
        assert entry.find(f"{ATOM}updated").text

    again = _feed(client, "/status/acme/feed.atom?locale=es")
    assert [e.find(f"{ATOM}id").text for e in again.findall(f"{ATOM}entry")] == ids

    english = _feed(client, "/status/acme/feed.atom?locale=en")
    assert any("Weekly maintenance" in e.find(f"{ATOM}title").text
               for e in english.findall(f"{ATOM}entry"))
    assert client.get("/status/nope/feed.atom").status_code == 404


@pytest.fixture
def admin_token(client, admin_advisor):
    return advisor_login(client, admin_advisor.email)


def test_an_admin_sets_the_status_and_plans_maintenance(client, site, admin_token):
    changed = client.put(f"{ADMIN_URL}/status", headers=bearer(admin_token), json={
        "status": "degraded", "message": {"es": "Lentitud", "en": "Slowness"}})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["current"]["author"] == "piotr@support.example.com"
    public = client.get("/api/v1/status?site=acme&locale=en").get_json()
    assert (public["status"], public["message"]) == ("degraded", "Slowness")

    created = client.post(f"{ADMIN_URL}/maintenance", headers=bearer(admin_token), json={
        "title": "Mantenimiento semanal", "weekday": "fri", "at": "19:30", "minutes": 240,
        "timezone": "America/Bogota"})
    assert created.status_code == 201, created.get_json()
    window = created.get_json()
    assert (window["kind"], window["weekday"], window["at"]) == ("weekly", "fri", "19:30")
    listed = client.get(f"{ADMIN_URL}/maintenance", headers=bearer(admin_token)).get_json()
    assert [w["id"] for w in listed["maintenance"]] == [window["id"]]
    assert len(client.get("/api/v1/status?site=acme").get_json()["maintenance"]) == 2

    one_off = client.post(f"{ADMIN_URL}/maintenance", headers=bearer(admin_token), json={
        "title": {"es": "Migración", "en": "Migration"},
        "starts_at": "2031-01-10T22:00:00-05:00", "ends_at": "2031-01-11T02:00:00-05:00"})
    assert one_off.status_code == 201, one_off.get_json()
    assert one_off.get_json()["starts_at"] == "2031-01-11T03:00:00+00:00"

    url = f"{ADMIN_URL}/maintenance/{window['id']}"
    assert client.delete(url, headers=bearer(admin_token)).status_code == 204
    assert client.delete(url, headers=bearer(admin_token)).status_code == 404
    assert client.get("/api/v1/status?site=acme").get_json()["maintenance"] == []


def test_bad_status_and_windows_are_refused_with_reasons(client, site, admin_token):
    headers = bearer(admin_token)
    bad = client.put(f"{ADMIN_URL}/status", headers=headers, json={"status": "on_fire"})
    assert bad.status_code == 400 and "status" in bad.get_json()["fields"]
    wrong_language = client.put(f"{ADMIN_URL}/status", headers=headers, json={
        "status": "degraded", "message": {"de": "Langsam"}})
    assert wrong_language.status_code == 422 and "message" in wrong_language.get_json()["fields"]

    zone = client.post(f"{ADMIN_URL}/maintenance", headers=headers, json={
        "title": "X", "weekday": "fri", "at": "25:00", "minutes": 0, "timezone": "Mars/Olympus"})
    assert zone.status_code == 422
    assert set(zone.get_json()["fields"]) == {"at", "minutes", "timezone"}
    backwards = client.post(f"{ADMIN_URL}/maintenance", headers=headers, json={
        "title": "X", "starts_at": "2031-01-10T22:00:00Z", "ends_at": "2031-01-10T21:00:00Z"})
    assert backwards.status_code == 422 and "ends_at" in backwards.get_json()["fields"]
    naive = client.post(f"{ADMIN_URL}/maintenance", headers=headers, json={
        "title": "X", "starts_at": "2031-01-10T22:00:00", "ends_at": "2031-01-10T23:00:00"})
    assert naive.status_code == 400 and "starts_at" in naive.get_json()["fields"]
    untitled = client.post(f"{ADMIN_URL}/maintenance", headers=headers, json={
        "title": "  ", "starts_at": "2031-01-10T22:00:00Z", "ends_at": "2031-01-10T23:00:00Z"})
    assert untitled.status_code == 422 and "title" in untitled.get_json()["fields"]
    assert client.get(f"{ADMIN_URL}/maintenance", headers=headers).get_json()["maintenance"] == []


def test_plain_advisors_read_and_outsiders_see_nothing(client, site, advisor_token, outsider):
    window = _weekly(site)
    headers = bearer(advisor_token)
    assert client.get(f"{ADMIN_URL}/status", headers=headers).status_code == 200
    refused = client.put(f"{ADMIN_URL}/status", headers=headers, json={"status": "degraded"})
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "Only the site's admins can change the system status."
    assert client.post(f"{ADMIN_URL}/maintenance", headers=headers,
                       json={"title": "X"}).status_code == 403
    assert client.delete(f"{ADMIN_URL}/maintenance/{window.id}",
                         headers=headers).status_code == 403
    assert client.get("/api/v1/status?site=acme").get_json()["status"] == "operational"

    olga = bearer(advisor_login(client, outsider.email))
    assert client.get(f"{ADMIN_URL}/status", headers=olga).status_code == 404
    assert client.delete(f"{ADMIN_URL}/maintenance/{window.id}", headers=olga).status_code == 404
    assert client.get(f"{ADMIN_URL}/status").status_code == 401
    assert len(status.windows(site)) == 1


def test_cli_sets_status_and_manages_maintenance(runner, site):
    result = runner.invoke(args=["status", "set", "--site", "acme", "--status", "degraded",
                                 "--message", "Slow invoices", "--locale", "en"])
    assert result.exit_code == 0, result.output
    added = runner.invoke(args=["status", "maintenance", "add", "--site", "acme",
                                "--title", "Mantenimiento semanal", "--weekly", "fri",
                                "--at", "19:30", "--minutes", "240",
                                "--timezone", "America/Los_Angeles"])
    assert added.exit_code == 0, added.output
    once = runner.invoke(args=["status", "maintenance", "add", "--site", "acme",
                               "--title", "Migración", "--starts", "2031-01-10 22:00",
                               "--ends", "2031-01-11 02:00", "--timezone", "America/Bogota"])
    assert once.exit_code == 0, once.output

    listed = runner.invoke(args=["status", "maintenance", "list", "--site", "acme"]).output
    assert "every fri 19:30 for 240 min (America/Los_Angeles)" in listed
    assert "2031-01-11 03:00 to 2031-01-11 07:00 UTC" in listed
    shown = runner.invoke(args=["status", "show", "--site", "acme"]).output
    assert "status: degraded" in shown and "message: Slow invoices" in shown

    window_id = listed.splitlines()[0].split("\t")[0]
    removed = runner.invoke(args=["status", "maintenance", "remove", window_id])
    assert removed.exit_code == 0, removed.output
    assert len(status.windows(site)) == 1
    missing = runner.invoke(args=["status", "maintenance", "remove", window_id])
    assert missing.exit_code != 0 and "no maintenance window" in missing.output

    bad = runner.invoke(args=["status", "maintenance", "add", "--site", "acme", "--title", "X",
                              "--weekly", "fri", "--at", "7pm", "--minutes", "60"])
    assert bad.exit_code != 0 and "at:" in bad.output

"""The audit trail for admins: their sites' entries only, filters, a formula-safe CSV export."""
import csv
import io

import pytest

from helpwidget.extensions import db
from helpwidget.models import Advisor
from helpwidget.services import audit
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor, signed_in


@pytest.fixture
def trail(site, other_site, admin_advisor):
    """Record entries on both sites: two by Piotr on `site`, one by Olga's admin on the other."""
    globex_admin = make_advisor("gus@globex.example.com", "Gus Grant", (other_site, "admin"))
    audit.record(admin_advisor, "settings", "settings.general", site=site, address="203.0.113.7",
                 changes={"brand_color": ["#0b6e4f", "#123456"]})
    audit.record(admin_advisor, "secret", "secret.rotate", site=site, target="identity",
                 changes={"secret": ["…abcd", "…wxyz"]})
    audit.record(globex_admin, "team", "team.invite", site=other_site, target="new@globex.test")
    db.session.commit()
    return globex_admin


def listed(client, token, query=""):
    """Return the response of GET /advisor/audit with `query`."""
    return client.get(f"/api/v1/advisor/audit{query}", headers=bearer(token))


def test_an_admin_reads_their_sites_entries_and_not_another_sites(client, trail,
                                                                  admin_advisor):
    body = listed(client, advisor_login(client, admin_advisor.email)).get_json()
    assert body["total"] == 2 and body["page"] == 1
    assert [e["action"] for e in body["entries"]] == ["secret.rotate", "settings.general"]
    first = body["entries"][1]
    assert first["site"] == "acme" and first["address"] == "203.0.113.7"
    assert first["actor"] == {"id": admin_advisor.id, "email": admin_advisor.email}
    assert first["changes"] == {"brand_color": ["#0b6e4f", "#123456"]}
    assert first["at"]
    # Another site's trail is not theirs to probe: the same 404 as a site that does not exist.
    token = advisor_login(client, admin_advisor.email)
    assert listed(client, token, "?site=globex").status_code == 404
    assert listed(client, token, "?site=nowhere").status_code == 404
    assert client.get("/api/v1/advisor/audit.csv?site=globex",
                      headers=bearer(token)).status_code == 404


def test_filters_narrow_the_list_and_bad_ones_are_refused(client, trail, admin_advisor,
                                                          site):
    token = advisor_login(client, admin_advisor.email)
    assert [e["kind"] for e in listed(client, token, "?kind=secret").get_json()["entries"]] \
        == ["secret"]
    assert listed(client, token, f"?site={site.key}&kind=team").get_json()["total"] == 0
    assert listed(client, token, f"?actor={admin_advisor.id}").get_json()["total"] == 2
    assert listed(client, token, f"?actor={trail.id}").get_json()["total"] == 0
    paged = listed(client, token, "?per_page=1&page=2").get_json()
    assert (paged["total"], paged["page"], len(paged["entries"])) == (2, 2, 1)
    assert paged["entries"][0]["action"] == "settings.general"
    refused = listed(client, token, "?kind=everything&page=0")
    assert refused.status_code == 400  # the app answers bad query strings with 400
    assert set(refused.get_json()["fields"]) == {"kind", "page"}


def test_the_owner_reads_every_sites_entries(client, trail, site):
    owner = make_advisor("root@support.example.com", "Owner")
    db.session.get(Advisor, owner.id).is_owner = True
    db.session.commit()
    body = listed(client, advisor_login(client, owner.email)).get_json()
    assert sorted({e["site"] for e in body["entries"]}) == ["acme", "globex"]


def test_a_plain_advisor_is_refused(client, trail, advisor, site):
    token = advisor_login(client, advisor.email)
    for query in ("", f"?site={site.key}"):
        response = listed(client, token, query)
        assert response.status_code == 403
        assert response.get_json()["code"] == "admin_required"
    assert client.get("/api/v1/advisor/audit.csv", headers=bearer(token)).status_code == 403


def test_the_csv_export_carries_the_filters_and_never_runs_formulas(client, site,
                                                                    admin_advisor):
    audit.record(admin_advisor, "content", "article.publish", site=site,
                 target='=HYPERLINK("http://evil.test","x")', address="@evil")
    audit.record(admin_advisor, "settings", "settings.contact", site=site,
                 target="+48 12 000", changes={"email": ["-1+1", "\tx"]})
    audit.record(admin_advisor, "settings", "settings.chat", site=site, target="\rcmd")
    db.session.commit()
    token = advisor_login(client, admin_advisor.email)
    response = client.get(f"/api/v1/advisor/audit.csv?site={site.key}&kind=content",
                          headers=bearer(token))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="audit-acme.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:6] == ["at", "actor", "address", "site", "kind", "action"]
    assert len(rows) == 2  # the kind filter holds in the export too
    assert rows[1][2] == "'@evil"
    assert rows[1][6] == '\'=HYPERLINK("http://evil.test","x")'
    every = list(csv.reader(io.StringIO(client.get(
        "/api/v1/advisor/audit.csv", headers=bearer(token)).get_data(as_text=True))))[1:]
    targets = {row[5]: row[6] for row in every}
    assert targets["settings.contact"] == "'+48 12 000"
    assert targets["settings.chat"] == "'\rcmd"
    for row in every:
        assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in row)


def test_the_consoles_export_link_works_with_the_session_cookie(client, trail, admin_advisor):
    signed_in(client, admin_advisor)
    # A plain link: the browser sends the cookie and no CSRF header, as a download does.
    response = client.get("/api/v1/advisor/audit.csv?kind=settings")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert [row[5] for row in rows[1:]] == ["settings.general"]

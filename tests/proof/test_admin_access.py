"""Admin actions, route by route: a plain advisor of the site gets 403, an advisor of another
site 404, the server's owner alone creates sites; none of their tries changes anything."""
import re

import pytest

from helpwidget.extensions import db
from helpwidget.models import Advisor, Article, AuditEntry, SearchSynonym, Site, SiteMembership
from helpwidget.services import site_settings
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.proof import record

pytestmark = pytest.mark.proof

# Every advisor route about a site is one of these; a new route fails until it is placed.
# Methods of admin routes need the site's admin; team routes need only a place on its team.
ADMIN = [
    (r"/settings(/<group>)?$", {"GET", "PATCH"}),
    (r"/identity-secret$", {"POST"}),
    (r"/members(/|$)", {"GET", "POST", "PATCH", "DELETE"}),
    (r"/articles(/|$)", {"GET", "POST", "PUT", "DELETE"}),
    (r"/categories(/|$)", {"GET", "POST", "PUT", "PATCH", "DELETE"}),
    (r"/revisions(/|$)", {"GET", "POST"}),
    (r"/status$", {"PUT"}),
    (r"/maintenance(/|$)", {"POST", "DELETE"}),
    (r"/saved-replies(/|$)", {"POST", "PUT", "DELETE"}),
    (r"/synonyms(/|$)", {"GET", "POST", "PUT", "DELETE"}),
]
TEAM = [
    (r"/team$", {"GET"}),
    (r"/status$", {"GET"}),
    (r"/maintenance$", {"GET"}),
    (r"/saved-replies$", {"GET"}),
    (r"/insights(/|$)", {"GET"}),
    (r"/reports(/|$)", {"GET"}),
    (r"/labels$", {"GET"}),
]
SITE_ROUTE = re.compile(r"^/api/v1/advisor/sites/<site_key>")


def _site_routes(app):
    """Yield (method, rule) of every advisor route about one site."""
    for rule in app.url_map.iter_rules():
        if SITE_ROUTE.match(rule.rule):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield method, rule


def _place(method, rule):
    """Return "admin" or "team" for a route, or None when the lists above miss it."""
    tail = SITE_ROUTE.sub("", rule.rule)
    for kind, table in (("admin", ADMIN), ("team", TEAM)):
        if any(re.search(pattern, tail) and method in methods for pattern, methods in table):
            return kind
    return None


def _fill(rule, site, ids):
    """Return the route's URL for `site`, its other parts taken from real rows in `ids`."""
    url = rule.rule.replace("<site_key>", site.key)
    for part in re.findall(r"<(?:\w+:)?(\w+)>", url):
        assert part in ids, f"give the admin access test a real {part} for {rule.rule}"
        url = re.sub(rf"<(?:\w+:)?{part}>", str(ids[part]), url)
    return url


def _state(app, site):
    """Return what an admin action could change: settings, team, content and audit count."""
    db.session.expire_all()
    fresh = db.session.get(Site, site.id)
    with app.test_request_context():  # the settings hold the embed snippet's absolute URL
        settings = site_settings.settings(fresh)
    team = sorted((m.advisor_id, m.role) for m in db.session.query(SiteMembership).filter_by(
        site_id=site.id))
    accounts = sorted((a.id, a.active, a.password_reset_required, a.password_hash)
                      for a in db.session.query(Advisor))
    articles = sorted((a.id, a.title, a.published, a.category_id, a.body_md)
                      for a in db.session.query(Article).filter_by(site_id=site.id))
    words = sorted((s.id, s.locale, s.terms) for s in db.session.query(SearchSynonym).filter_by(
        site_id=site.id))
    return (settings, team, accounts, articles, words,
            db.session.query(AuditEntry).count())


def _rows(client, site, admin_token):
    """Create one of each thing an admin route names, through the admin's API; return ids."""
    headers = bearer(admin_token)
    article = make_article(site, "Closing the month", body="Close it.", locale="en")
    base = f"/api/v1/advisor/sites/{site.key}"
    reply = client.post(f"{base}/saved-replies", headers=headers, json={
        "title": "Greeting", "body": "Hello!", "locale": "en", "shortcut": "hello"})
    window = client.post(f"{base}/maintenance", headers=headers, json={
        "title": {"en": "Upgrade"}, "starts_at": "2030-01-01T10:00:00Z",
        "ends_at": "2030-01-01T11:00:00Z"})
    category = client.post(f"{base}/categories", headers=headers,
                           json={"title": "Invoices", "locale": "en"})
    synonym = client.post(f"{base}/synonyms", headers=headers,
                          json={"locale": "en", "terms": ["invoice", "bill"]})
    client.put(f"{base}/articles/{article.id}", headers=headers,
               json={"title": "Closing the month, again"})
    revisions = client.get(f"{base}/articles/{article.id}/revisions", headers=headers)
    ids = {"article_id": article.id, "group": "general", "table": "gaps"}
    for name, response, key in (("reply_id", reply, "id"), ("window_id", window, "id"),
                                ("category_id", category, "id"),
                                ("synonym_id", synonym, "id")):
        if response.status_code in (200, 201):
            ids[name] = response.get_json()[key]
    if revisions.status_code == 200 and revisions.get_json().get("revisions"):
        ids["number"] = revisions.get_json()["revisions"][0]["number"]
    return ids


def test_admin_routes_refuse_plain_advisors_and_outsiders(app, client, site, other_site):
    """Each admin action: 403 for the site's plain advisor, 404 for another site's advisor."""
    admin = make_advisor("admin@acme.example", "Ada Admin", (site, "admin"))
    make_advisor("plain@acme.example", "Paul Plain", (site, "advisor"))
    make_advisor("olga@globex.example", "Olga Outsider", (other_site, "admin"))
    tokens = {who: advisor_login(client, f"{who}@{domain}")
              for who, domain in (("admin", "acme.example"), ("plain", "acme.example"),
                                  ("olga", "globex.example"))}
    # The plain advisor tries to change the admin (demote, disable, reset): escalation.
    ids = {**_rows(client, site, tokens["admin"]), "advisor_id": admin.id}
    before = _state(app, site)
    attempts = missed = 0
    unplaced = []
    for method, rule in _site_routes(app):
        place = _place(method, rule)
        if place is None:
            unplaced.append(f"{method} {rule.rule}")
            continue
        url = _fill(rule, site, ids)
        callers = [("olga", 404)] + ([("plain", 403)] if place == "admin" else [])
        for who, wanted in callers:
            attempts += 1
            response = client.open(url, method=method, headers=bearer(tokens[who]), json={})
            if response.status_code != wanted:
                missed += 1
                print(f"{who} {method} {url}: {response.status_code}, wanted {wanted}")
    assert not unplaced, f"place these routes in ADMIN or TEAM: {unplaced}"
    after = _state(app, site)
    record("access", "admin actions", attempts=attempts, leaks=int(before != after),
           refusals_missed=missed)
    assert missed == 0
    assert before == after, "a refused admin action changed the site"


def test_only_the_owner_creates_sites_and_reads_every_audit_entry(client, site, other_site):
    """A site admin cannot create sites nor read another site's trail; the owner can both."""
    make_advisor("admin@acme.example", "Ada Admin", (site, "admin"))
    make_advisor("plain@acme.example", "Paul Plain", (site, "advisor"))
    owner = make_advisor("owner@server.example", "Owen Owner")
    owner.is_owner = True
    db.session.commit()
    admin, plain, owner_token = (advisor_login(client, email) for email in (
        "admin@acme.example", "plain@acme.example", "owner@server.example"))
    new_site = {"key": "initech", "name": "Initech", "default_locale": "en", "locales": ["en"],
                "allowed_origins": ["https://app.initech.example"]}
    assert client.post("/api/v1/advisor/sites", headers=bearer(admin),
                       json=new_site).status_code == 403
    assert client.get("/api/v1/advisor/audit", headers=bearer(plain)).status_code == 403
    assert client.get(f"/api/v1/advisor/audit?site={other_site.key}",
                      headers=bearer(admin)).status_code == 404
    created = client.post("/api/v1/advisor/sites", headers=bearer(owner_token), json=new_site)
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["secret"]
    entries = client.get("/api/v1/advisor/audit", headers=bearer(owner_token)).get_json()
    assert any(e["site"] == "initech" and e["kind"] == "site" for e in entries["entries"])
    admin_view = client.get("/api/v1/advisor/audit", headers=bearer(admin)).get_json()
    assert all(e["site"] == site.key for e in admin_view["entries"])
    record("access", "site creation and audit reading", attempts=3, leaks=0, refusals_missed=0)

"""Article states, revision history and restore, through the advisor API, as readers see them."""
from datetime import UTC, datetime, timedelta

import pytest

from helpwidget.background import worker
from helpwidget.extensions import db
from helpwidget.models import AuditEntry
from helpwidget.services import article_admin
from tests.support.fixtures_advisors import advisor_login, bearer

BASE = "/api/v1/advisor/sites/acme/articles"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, admin of acme."""
    return bearer(advisor_login(client, admin_advisor.email))


def body(**overrides):
    """Return a valid editor body for a Spanish article."""
    data = {"title": "Conciliar el banco", "locale": "es", "category": "Bancos",
            "summary": "Cada mes.", "body": "Abre Bancos.\nPulsa Conciliar.", "tags": ["banco"]}
    data.update(overrides)
    return data


def reader_sees(client, slug="conciliar-el-banco", locale="es"):
    """Return the article as the widget API gives it to an anonymous reader, or None."""
    found = client.get(f"/api/v1/articles/{slug}", query_string={"site": "acme",
                                                                  "locale": locale})
    return found.get_json() if found.status_code == 200 else None


def search_titles(client, q):
    """Return the titles public search finds."""
    found = client.get("/api/v1/search", query_string={"site": "acme", "q": q, "locale": "es"})
    return [r["title"] for r in found.get_json()["results"]]


def audit_actions(article_id):
    """Return the content actions recorded about an article, oldest first."""
    return [(e.action, e.actor_email) for e in db.session.execute(
        db.select(AuditEntry).filter_by(kind="content", target_id=article_id)
        .order_by(AuditEntry.id)).scalars()]


def test_every_save_makes_a_revision_with_a_diff_and_restore_adds_one(client, site, admin):
    created = client.post(BASE, json=body(), headers=admin).get_json()
    url = f"{BASE}/{created['id']}"
    client.put(url, json=body(body="Abre Bancos.\nPulsa Cuadrar."), headers=admin)
    third = body(title="Cuadrar el banco", body="Abre Bancos.\nPulsa Cuadrar.\nListo.")
    client.put(url, json=third, headers=admin)
    # Saving the same text again adds nothing: history lists changes, not clicks.
    client.put(url, json=third, headers=admin)
    history = client.get(f"{url}/revisions", headers=admin).get_json()
    assert [r["number"] for r in history["revisions"]] == [3, 2, 1]
    assert history["revisions"][0]["title"] == "Cuadrar el banco"
    assert {r["author_email"] for r in history["revisions"]} == {"piotr@support.example.com"}

    first = client.get(f"{url}/revisions/1", headers=admin).get_json()
    assert first["revision"]["body"] == "Abre Bancos.\nPulsa Conciliar."
    assert first["diff"]["body"] == [
        {"op": "same", "text": "Abre Bancos."}, {"op": "removed", "text": "Pulsa Conciliar."},
        {"op": "added", "text": "Pulsa Cuadrar."}, {"op": "added", "text": "Listo."}]
    assert first["diff"]["title"] == [{"op": "removed", "text": "Conciliar el banco"},
                                      {"op": "added", "text": "Cuadrar el banco"}]
    assert "-Pulsa Conciliar." in first["diff"]["unified"] and not first["diff"]["identical"]

    restored = client.post(f"{url}/revisions/1/restore", headers=admin)
    assert restored.status_code == 200, restored.get_json()
    assert (restored.get_json()["title"], restored.get_json()["body"]) == (
        "Conciliar el banco", "Abre Bancos.\nPulsa Conciliar.")
    numbers = [r["number"] for r in client.get(f"{url}/revisions", headers=admin)
               .get_json()["revisions"]]
    assert numbers == [4, 3, 2, 1]  # the restore is a new revision; nothing is rewritten
    assert client.get(f"{url}/revisions/4", headers=admin).get_json()["diff"]["identical"]
    assert client.get(f"{url}/revisions/99", headers=admin).status_code == 404
    assert ("restore", "piotr@support.example.com") in audit_actions(created["id"])


def test_an_article_saved_before_history_keeps_its_text_as_the_first_revision(
        client, site, admin):
    from tests.support.articles import make_article
    old = make_article(site, "Pagos", body="Texto antiguo.", slug="pagos", category="Bancos")
    client.put(f"{BASE}/{old.id}", json=body(title="Pagos", slug="pagos", body="Texto nuevo."),
               headers=admin)
    history = client.get(f"{BASE}/{old.id}/revisions", headers=admin).get_json()["revisions"]
    assert [(r["number"], r["author_email"]) for r in history] == [
        (2, "piotr@support.example.com"), (1, "")]
    first = client.get(f"{BASE}/{old.id}/revisions/1", headers=admin).get_json()
    assert first["revision"]["body"] == "Texto antiguo."


def test_drafts_and_scheduled_articles_stay_hidden_until_due(client, app, site, admin):
    draft = client.post(BASE, json=body(), headers=admin).get_json()
    assert draft["state"] == "draft" and draft["publish_at"] is None
    assert reader_sees(client) is None and "Conciliar el banco" not in search_titles(
        client, "conciliar")
    url = f"{BASE}/{draft['id']}"

    past = client.post(f"{url}/publish", json={"at": "2020-01-01T10:00:00Z"}, headers=admin)
    assert past.status_code == 422 and "at" in past.get_json()["fields"]
    when = datetime.now(UTC) + timedelta(hours=2)
    scheduled = client.post(f"{url}/publish", json={"at": when.isoformat()}, headers=admin)
    assert scheduled.status_code == 200, scheduled.get_json()
    assert scheduled.get_json()["state"] == "scheduled"
    assert scheduled.get_json()["published"] is False
    listed = client.get(BASE, query_string={"status": "scheduled"}, headers=admin).get_json()
    assert [a["id"] for a in listed["articles"]] == [draft["id"]]
    assert reader_sees(client) is None and "Conciliar el banco" not in search_titles(
        client, "conciliar")

    # The worker's periodic pass before the time leaves it hidden...
    assert "publish_scheduled_articles" in worker.jobs()
    worker.run_pass(app)
    assert reader_sees(client) is None
    assert article_admin.publish_due(now=when - timedelta(minutes=1)) == 0
    # ...and the job run at a time past publish_at publishes it, search included.
    assert article_admin.publish_due(now=when + timedelta(minutes=1)) == 1
    assert reader_sees(client)["title"] == "Conciliar el banco"
    assert search_titles(client, "conciliar") == ["Conciliar el banco"]
    after = client.get(url, headers=admin).get_json()
    assert (after["state"], after["publish_at"]) == ("published", None)
    assert audit_actions(draft["id"]) == [("schedule", "piotr@support.example.com"),
                                          ("publish", "")]


def test_publish_unpublish_and_delete_are_audited(client, site, admin):
    article = client.post(BASE, json=body(), headers=admin).get_json()
    url = f"{BASE}/{article['id']}"
    published = client.post(f"{url}/publish", headers=admin).get_json()
    assert published["state"] == "published" and reader_sees(client) is not None
    assert client.post(f"{url}/unpublish", headers=admin).get_json()["state"] == "draft"
    assert reader_sees(client) is None and search_titles(client, "conciliar") == []
    client.post(f"{url}/publish", headers=admin)
    assert client.delete(url, headers=admin).get_json()["state"] == "draft"
    me = "piotr@support.example.com"
    assert audit_actions(article["id"]) == [("publish", me), ("unpublish", me), ("publish", me),
                                            ("delete", me)]
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="delete")).scalar_one()
    assert (entry.site_key, entry.target, entry.changes) == (
        "acme", "Conciliar el banco", {"state": ["published", "draft"]})


def test_publishing_keeps_every_other_field(client, site, admin):
    article = client.post(BASE, json=body(routes=["/banks/*"], audience=["accountant"]),
                          headers=admin).get_json()
    done = client.post(f"{BASE}/{article['id']}/publish", headers=admin).get_json()
    for field in ("title", "summary", "body", "tags", "routes", "audience", "category", "slug"):
        assert done[field] == article[field], field


def test_only_admins_see_history_and_publish(client, site, admin, advisor, outsider):
    article = client.post(BASE, json=body(), headers=admin).get_json()
    url = f"{BASE}/{article['id']}"
    plain = bearer(advisor_login(client, advisor.email))
    stranger = bearer(advisor_login(client, outsider.email))
    calls = [("get", f"{url}/revisions", None), ("get", f"{url}/revisions/1", None),
             ("post", f"{url}/revisions/1/restore", None), ("post", f"{url}/publish", {}),
             ("put", f"{url}/translations", {"links": {}})]
    for method, address, data in calls:
        assert getattr(client, method)(address, json=data, headers=plain).status_code == 403
        assert getattr(client, method)(address, json=data, headers=stranger).status_code == 404
    assert client.get(url, headers=admin).get_json()["state"] == "draft"
    assert [e.action for e in db.session.execute(db.select(AuditEntry)).scalars()] == []


def test_an_edit_keeps_the_schedule_and_unpublish_cancels_it(client, site, admin):
    created = client.post(BASE, json=body(published=True), headers=admin).get_json()
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="publish")).scalar_one()
    assert entry.target_id == created["id"]
    url = f"{BASE}/{created['id']}"
    client.post(f"{url}/unpublish", headers=admin)
    when = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    client.post(f"{url}/publish", json={"at": when.isoformat()}, headers=admin)
    edited = client.put(url, json=body(body="Nuevo texto."), headers=admin).get_json()
    assert edited["state"] == "scheduled"
    assert datetime.fromisoformat(edited["publish_at"]) == when
    assert client.post(f"{url}/unpublish", headers=admin).get_json()["state"] == "draft"
    assert article_admin.publish_due(now=when + timedelta(hours=1)) == 0
    assert reader_sees(client) is None

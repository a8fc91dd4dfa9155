"""Categories managed by site admins through the advisor API: create, rename, reorder, delete."""
import re

import pytest

from helpwidget.extensions import db
from helpwidget.models import Article, AuditEntry
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer

BASE = "/api/v1/advisor/sites/acme/categories"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, admin of acme."""
    return bearer(advisor_login(client, admin_advisor.email))


def create(client, admin, title, locale="es", **extra):
    """Create a category through the API and return its JSON."""
    response = client.post(BASE, json={"title": title, "locale": locale, **extra}, headers=admin)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def listed(client, admin, locale="es"):
    """Return (title, article count) of the categories as the admin's list shows them."""
    response = client.get(BASE, query_string={"locale": locale}, headers=admin)
    assert response.status_code == 200, response.get_json()
    return [(c["title"], c["article_count"]) for c in response.get_json()["categories"]]


def home_titles(client):
    """Return the category titles of the public help center's home, in the order shown."""
    html = client.get("/help/acme/es/").get_data(as_text=True)
    return re.findall(r"<strong>([^<]+)</strong>", html)


def search_category(client, q):
    """Return the category of the first public search result for `q`."""
    found = client.get("/api/v1/search", query_string={"site": "acme", "q": q, "locale": "es"})
    return found.get_json()["results"][0]["category"]


def audit_actions(site):
    """Return (action, target) of the site's audit entries, oldest first."""
    db.session.expire_all()
    return [(e.action, e.target) for e in db.session.execute(
        db.select(AuditEntry).filter_by(site_id=site.id).order_by(AuditEntry.id)).scalars()]


def test_an_admin_creates_renames_and_lists_categories(client, site, admin):
    billing = create(client, admin, "Facturación", description="Facturas y notas.")
    assert (billing["slug"], billing["position"], billing["article_count"]) == (
        "facturacion", 1, 0)
    banks = create(client, admin, "Bancos")
    assert banks["position"] == 2
    make_article(site, "Conciliar el banco", slug="conciliar", category="bancos",
                 body="Conciliación bancaria mensual.")
    assert listed(client, admin) == [("Facturación", 0), ("Bancos", 1)]
    assert listed(client, admin, "en") == []

    renamed = client.patch(f"{BASE}/{banks['id']}", json={"title": "Bancos y cajas"},
                           headers=admin)
    assert renamed.status_code == 200, renamed.get_json()
    # The address stays: links readers bookmarked keep working.
    assert (renamed.get_json()["slug"], renamed.get_json()["title"]) == ("bancos",
                                                                         "Bancos y cajas")
    assert search_category(client, "conciliación") == {"slug": "bancos",
                                                       "title": "Bancos y cajas"}
    moved = client.patch(f"{BASE}/{banks['id']}", json={"slug": "cajas"}, headers=admin)
    assert moved.get_json()["slug"] == "cajas"
    assert client.get("/help/acme/es/categories/cajas").status_code == 200
    assert client.get("/help/acme/es/categories/bancos").status_code == 404
    # The description it was not asked to change is kept.
    again = client.patch(f"{BASE}/{billing['id']}", json={"title": "Facturas"}, headers=admin)
    assert again.get_json()["description"] == "Facturas y notas."
    assert audit_actions(site) == [
        ("category.create", "Facturación"), ("category.create", "Bancos"),
        ("category.update", "Bancos y cajas"), ("category.update", "Bancos y cajas"),
        ("category.update", "Facturas")]


def test_two_categories_never_share_a_title_or_an_address(client, site, admin):
    first = create(client, admin, "Facturación")
    twin = client.post(BASE, json={"title": " facturación ", "locale": "es"}, headers=admin)
    assert twin.status_code == 422
    assert "title" in twin.get_json()["fields"]
    second = create(client, admin, "Bancos")
    clash = client.patch(f"{BASE}/{second['id']}", json={"title": "FACTURACIÓN"},
                         headers=admin)
    assert clash.status_code == 422 and "title" in clash.get_json()["fields"]
    taken = client.patch(f"{BASE}/{second['id']}", json={"slug": first["slug"]}, headers=admin)
    assert taken.status_code == 422 and "slug" in taken.get_json()["fields"]
    bad = client.patch(f"{BASE}/{second['id']}", json={"slug": "../Bancos"}, headers=admin)
    assert bad.status_code == 400 and "slug" in bad.get_json()["fields"]
    symbols = client.post(BASE, json={"title": "¿¡!?", "locale": "es"}, headers=admin)
    assert symbols.status_code == 422
    # The same title in another language is another category.
    assert create(client, admin, "Facturación", locale="en")["slug"] == "facturacion"
    assert listed(client, admin) == [("Facturación", 0), ("Bancos", 0)]
    # A language the site does not speak is refused, not added to the site's languages.
    site.locales = ["es", "en"]
    db.session.commit()
    polish = client.post(BASE, json={"title": "Faktury", "locale": "pl"}, headers=admin)
    assert polish.status_code == 422 and "locale" in polish.get_json()["fields"]
    db.session.expire_all()
    assert site.locales == ["es", "en"]


def test_reordering_changes_the_help_center(client, site, admin):
    ids = [create(client, admin, title)["id"] for title in ("Empezar", "Bancos", "Facturas")]
    for slug, category in (("a", "empezar"), ("b", "bancos"), ("c", "facturas")):
        make_article(site, f"Artículo {slug}", slug=slug, category=category)
    assert home_titles(client) == ["Empezar", "Bancos", "Facturas"]
    response = client.put(f"{BASE}/order", json={"ids": [ids[2], ids[0]]}, headers=admin)
    assert response.status_code == 200, response.get_json()
    assert [c["title"] for c in response.get_json()["categories"]] == [
        "Facturas", "Empezar", "Bancos"]
    assert home_titles(client) == ["Facturas", "Empezar", "Bancos"]
    assert audit_actions(site)[-1] == ("category.reorder", "es")

    english = create(client, admin, "Banks", locale="en")
    client.put(f"{BASE}/order", json={"ids": [ids[1]]}, headers=admin)
    # Another language's list is left as it was.
    assert [c["position"] for c in client.get(BASE, query_string={"locale": "en"},
                                              headers=admin).get_json()["categories"]] == [1]
    assert home_titles(client) == ["Bancos", "Facturas", "Empezar"]
    mixed = client.put(f"{BASE}/order", json={"ids": [english["id"], ids[0]]}, headers=admin)
    assert mixed.status_code == 422
    assert client.put(f"{BASE}/order", json={"ids": ["x"]}, headers=admin).status_code == 400
    assert client.put(f"{BASE}/order", json={"ids": [999999]}, headers=admin).status_code == 404
    assert home_titles(client) == ["Bancos", "Facturas", "Empezar"]


def test_deleting_a_category_moves_its_articles_and_never_loses_one(client, site, admin):
    old = create(client, admin, "Antiguo")
    new = create(client, admin, "Nuevo")
    for slug in ("uno", "dos"):
        make_article(site, f"Conciliar {slug}", slug=slug, category="antiguo",
                     body="Conciliación bancaria.")
    draft = make_article(site, "Borrador", slug="borrador", category="antiguo", published=False)
    english = create(client, admin, "Old", locale="en")
    wrong = client.delete(f"{BASE}/{old['id']}", query_string={"move_to": english["id"]},
                          headers=admin)
    assert wrong.status_code == 422
    assert client.delete(f"{BASE}/{old['id']}", query_string={"move_to": old["id"]},
                         headers=admin).status_code == 422

    deleted = client.delete(f"{BASE}/{old['id']}", query_string={"move_to": new["id"]},
                            headers=admin)
    assert deleted.status_code == 200, deleted.get_json()
    assert deleted.get_json()["moved"] == 3
    assert listed(client, admin) == [("Nuevo", 3)]
    db.session.expire_all()
    assert db.session.get(Article, draft.id).category.slug == "nuevo"
    assert search_category(client, "conciliación") == {"slug": "nuevo", "title": "Nuevo"}
    assert client.get("/help/acme/es/categories/antiguo").status_code == 404

    to_none = client.delete(f"{BASE}/{new['id']}", headers=admin)
    assert to_none.status_code == 200 and to_none.get_json()["moved"] == 3
    db.session.expire_all()
    kept = db.session.execute(db.select(Article).filter_by(site_id=site.id)).scalars().all()
    assert sorted(a.slug for a in kept) == ["borrador", "dos", "uno"]
    assert all(a.category_id is None for a in kept)
    assert search_category(client, "conciliación") is None
    entry = db.session.execute(db.select(AuditEntry).filter_by(
        action="category.delete", target="Antiguo")).scalar_one()
    assert entry.changes["articles_moved"] == [None, 3]
    assert entry.changes["articles_moved_to"] == [None, "nuevo"]


def test_only_the_sites_admins_manage_its_categories(client, site, admin, advisor, outsider):
    category = create(client, admin, "Facturación")
    plain = bearer(advisor_login(client, advisor.email))
    other = bearer(advisor_login(client, outsider.email))
    calls = [("get", BASE, None), ("post", BASE, {"title": "X", "locale": "es"}),
             ("patch", f"{BASE}/{category['id']}", {"title": "Y"}),
             ("put", f"{BASE}/order", {"ids": [category["id"]]}),
             ("delete", f"{BASE}/{category['id']}", None)]
    for method, url, body in calls:
        assert getattr(client, method)(url, json=body, headers=plain).status_code == 403, url
        assert getattr(client, method)(url, json=body, headers=other).status_code == 404, url
    # Another site's category is not found through this one.
    globex = client.patch(f"/api/v1/advisor/sites/globex/categories/{category['id']}",
                          json={"title": "Z"}, headers=admin)
    assert globex.status_code == 404
    assert listed(client, admin) == [("Facturación", 0)]

"""Articles imported and exported as a zip of Markdown files through the advisor API."""
import io
import zipfile

import pytest

from helpwidget.extensions import db
from helpwidget.models import Article, AuditEntry, Category
from helpwidget.services import article_archive, articles, sites
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor

IMPORT = "/api/v1/advisor/sites/{key}/articles/import"
EXPORT = "/api/v1/advisor/sites/{key}/articles/export.zip"


@pytest.fixture
def admin(client, admin_advisor):
    """Return the headers of Piotr, admin of acme."""
    return bearer(advisor_login(client, admin_advisor.email))


def zipped(files, **options):
    """Return the bytes of a zip holding {name: text or bytes}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content, **options)
    return buffer.getvalue()


def upload(client, headers, data, key="acme", **form):
    """Post a zip to the import and return the response."""
    return client.post(IMPORT.format(key=key), headers=headers, content_type="multipart/form-data",
                       data={**form, "file": (io.BytesIO(data), "articulos.zip")})


def content(site):
    """Return the site's articles and categories as comparable tuples."""
    db.session.expire_all()
    found = db.session.execute(db.select(Article).filter_by(site_id=site.id)).scalars()
    cats = db.session.execute(db.select(Category).filter_by(site_id=site.id)).scalars()
    return (sorted((a.locale, a.slug, a.title, a.body_md, a.kind, a.published, tuple(a.tags),
                    tuple(a.route_patterns), a.category.slug if a.category else None)
                   for a in found),
            sorted((c.locale, c.position, c.slug, c.title, c.description) for c in cats))


def test_export_then_import_into_another_site_gives_the_same_content(client, site, admin):
    articles.save_category(site, "es", "empezar", "Empezar", "Lo primero.", 1)
    articles.save_category(site, "es", "bancos", "Bancos y cajas", "", 2)
    articles.save_category(site, "en", "banks", "Banks", "", 1)
    db.session.commit()
    make_article(site, "Conciliar", slug="conciliar", body="Abre **Bancos**.", category="bancos",
                 tags=["banco"], routes=["/banks/:id"])
    make_article(site, "Primeros pasos", slug="primeros", category="empezar", kind="faq")
    make_article(site, "Borrador", slug="borrador", published=False)
    make_article(site, "Reconcile", slug="reconcile", locale="en", category="banks")

    response = client.get(EXPORT.format(key="acme"), headers=admin)
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "articles-acme-all.zip" in response.headers["Content-Disposition"]
    names = sorted(zipfile.ZipFile(io.BytesIO(response.data)).namelist())
    assert names == ["en/_categories.yaml", "en/reconcile.md", "es/_categories.yaml",
                     "es/borrador.md", "es/conciliar.md", "es/primeros.md"]

    copy = sites.save_site("copia", name="Copia", default_locale="es", locales=["es", "en"])
    copy_admin = make_advisor("ana@support.example.com", "Ana", (copy, "admin"))
    headers = bearer(advisor_login(client, copy_admin.email))
    imported = upload(client, headers, response.data, key="copia")
    assert imported.status_code == 200, imported.get_json()
    report = imported.get_json()
    assert report["errors"] == [] and report["ignored"] == []
    assert sorted(f["path"] for f in report["imported"]) == [
        "en/reconcile.md", "es/borrador.md", "es/conciliar.md", "es/primeros.md"]
    assert content(copy) == content(site)

    spanish = client.get(EXPORT.format(key="acme"), query_string={"locale": "es"},
                         headers=admin)
    assert all(n.startswith("es/") for n in zipfile.ZipFile(io.BytesIO(spanish.data)).namelist())
    actions = [e.action for e in db.session.execute(db.select(AuditEntry)).scalars()]
    assert actions == ["articles.export", "articles.import", "articles.export"]


def test_the_report_names_each_refused_file_and_imports_the_rest(client, site, admin):
    data = zipped({"ayuda/bien.md": "---\ntitle: Bien\ncategory: General\n---\nHola.",
                   "ayuda/sin-titulo.md": "---\nkind: faq\n---\nFalta el título.",
                   "ayuda/roto.md": "---\ntitle: [sin cerrar\n---\n",
                   "ayuda/foto.png": b"\x89PNG", "ayuda/dentro.zip": zipped({"x.md": "x"}),
                   "__MACOSX/ayuda/._bien.md": "basura"})
    response = upload(client, admin, data, locale="en")
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["imported"] == [{"path": "ayuda/bien.md", "locale": "en", "slug": "bien"}]
    assert sorted(e["path"] for e in report["errors"]) == ["ayuda/roto.md",
                                                          "ayuda/sin-titulo.md"]
    assert any("title" in e["reason"] for e in report["errors"])
    assert sorted(report["ignored"]) == ["__MACOSX/ayuda/._bien.md", "ayuda/dentro.zip",
                                         "ayuda/foto.png"]
    assert [a.slug for a in db.session.execute(db.select(Article)).scalars()] == ["bien"]


@pytest.mark.parametrize("name", ["../fuera.md", "/etc/fuera.md", "es/../../fuera.md",
                                  "C:/fuera.md", "es\\..\\..\\fuera.md"])
def test_an_archive_naming_files_outside_itself_is_refused(client, site, admin, name, tmp_path):
    data = zipped({"es/bien.md": "---\ntitle: Bien\n---\n", name: "---\ntitle: Fuera\n---\n"})
    response = upload(client, admin, data)
    assert response.status_code == 422
    assert "outside" in response.get_json()["fields"]["file"][0]
    assert db.session.execute(db.select(Article)).first() is None


def test_hostile_or_broken_archives_get_clear_errors(client, site, admin, monkeypatch):
    not_zip = upload(client, admin, b"%PDF-1.4 no es un zip")
    assert not_zip.status_code == 422
    assert not_zip.get_json()["fields"]["file"] == ["This file is not a zip archive."]

    many = zipped({f"es/a{n}.md": "" for n in range(article_archive.MAX_ENTRIES + 1)})
    too_many = upload(client, admin, many)
    assert too_many.status_code == 422
    assert "more than 2000 files" in too_many.get_json()["error"]

    # A bomb: 60 MB of one letter compresses to a few dozen KB.
    bomb = zipped({f"es/b{n}.md": b"a" * (2 * 1024 * 1024 - 10) for n in range(30)})
    assert len(bomb) < 1024 * 1024
    too_big = upload(client, admin, bomb)
    assert too_big.status_code == 422
    assert "unpacks to more than 50 MB" in too_big.get_json()["error"]
    one_big = upload(client, admin, zipped({"es/grande.md": b"a" * (3 * 1024 * 1024)}))
    assert one_big.status_code == 422

    # Sizes in a zip header can lie: the bytes really unpacked are counted.
    monkeypatch.setattr(article_archive, "MAX_FILE_BYTES", 1000)
    liar = upload(client, admin, zipped({"es/mentira.md": "---\ntitle: x\n---\n" + "a" * 5000}))
    assert liar.status_code == 422
    missing = client.post(IMPORT.format(key="acme"), headers=admin,
                          content_type="multipart/form-data", data={})
    assert missing.status_code == 400 and "file" in missing.get_json()["fields"]
    assert db.session.execute(db.select(Article)).first() is None


def test_only_the_sites_admins_import_and_export(client, site, advisor, outsider):
    make_article(site, "Secreto", slug="secreto")
    data = zipped({"es/nuevo.md": "---\ntitle: Nuevo\n---\n"})
    for who, status in ((advisor, 403), (outsider, 404)):
        headers = bearer(advisor_login(client, who.email))
        assert upload(client, headers, data).status_code == status
        assert client.get(EXPORT.format(key="acme"), headers=headers).status_code == status
    assert [a.slug for a in db.session.execute(db.select(Article)).scalars()] == ["secreto"]

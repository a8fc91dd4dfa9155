"""`flask articles import/export`: Markdown files with YAML front matter."""
import os

from helpwidget.extensions import db
from helpwidget.models import Article, Category


def write(folder, name, text):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


INVOICE = """---
title: Cómo emitir una factura electrónica
category: Facturación
tags: [factura, DIAN]
routes: ["/invoices/new", "/invoices/:id/edit/"]
summary: Pasos para emitir y enviar una factura.
---
1. Abre **Facturas**.
2. Pulsa *Nueva factura*.
"""


def test_import_with_only_a_title_uses_file_name_and_site_defaults(runner, site, tmp_path):
    write(tmp_path, "primeros-pasos.md", "---\ntitle: Primeros pasos\n---\nHola.")
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    assert result.exit_code == 0, result.output
    article = db.session.execute(db.select(Article)).scalar_one()
    assert (article.slug, article.locale, article.kind) == ("primeros-pasos", "es", "article")
    assert article.audience == [] and article.published


def test_import_reads_every_front_matter_key(runner, site, tmp_path):
    write(tmp_path, "emitir.md", INVOICE)
    write(tmp_path, "video.md", "---\ntitle: Video tour\nslug: tour\nlocale: en\nkind: video\n"
          "video_url: https://videos.example.com/tour.mp4\naudience: [partner]\n---\nWatch.")
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    assert result.exit_code == 0, result.output
    invoice = db.session.execute(db.select(Article).filter_by(slug="emitir")).scalar_one()
    assert invoice.category.title == "Facturación" and invoice.tags == ["factura", "DIAN"]
    assert invoice.route_patterns == ["/invoices/new", "/invoices/:id/edit"]
    assert "<strong>Facturas</strong>" in invoice.body_html
    tour = db.session.execute(db.select(Article).filter_by(slug="tour")).scalar_one()
    assert (tour.locale, tour.kind, tour.audience) == ("en", "video", ["partner"])
    assert tour.video_url == "https://videos.example.com/tour.mp4"


def test_locale_option_applies_to_files_without_one(runner, site, tmp_path):
    write(tmp_path, "a.md", "---\ntitle: Getting started\n---\nHi.")
    runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme", "--locale", "en"])
    assert db.session.execute(db.select(Article.locale)).scalar_one() == "en"


def test_reimport_updates_in_place(runner, site, tmp_path):
    path = write(tmp_path, "emitir.md", INVOICE)
    runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    first = db.session.execute(db.select(Article)).scalar_one()
    first_id, first_updated = first.id, first.updated_at
    path.write_text(INVOICE.replace("Pulsa", "Haz clic en"), encoding="utf-8")
    runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    db.session.expire_all()
    again = db.session.execute(db.select(Article)).scalar_one()
    assert again.id == first_id and "Haz clic en" in again.body_md
    assert again.updated_at >= first_updated


def test_bad_files_are_reported_and_the_rest_imported(runner, site, tmp_path):
    write(tmp_path, "good.md", "---\ntitle: Good\n---\nFine.")
    write(tmp_path, "no-title.md", "---\nsummary: nothing else\n---\nBody.")
    write(tmp_path, "broken.md", "---\ntitle: [unclosed\n---\nBody.")
    write(tmp_path, "bad-kind.md", "---\ntitle: X\nkind: podcast\n---\nBody.")
    write(tmp_path, "bad-audience.md", "---\ntitle: Y\naudience: [admins]\n---\nBody.")
    write(tmp_path, "bad-route.md", "---\ntitle: Z\nroutes: [invoices]\n---\nBody.")
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    assert result.exit_code == 1
    output = result.output
    for name in ("no-title.md", "broken.md", "bad-kind.md", "bad-audience.md", "bad-route.md"):
        assert os.path.join(str(tmp_path), name) in output
    assert "title: This field is required." in output
    assert "admins" in output
    assert "imported 1 articles, 5 files skipped" in output
    assert db.session.execute(db.select(Article.slug)).scalars().all() == ["good"]


def test_two_files_with_one_slug_are_not_silently_merged(runner, site, tmp_path):
    write(tmp_path, "a/guide.md", "---\ntitle: First\n---\n")
    write(tmp_path, "b/guide.md", "---\ntitle: Second\n---\n")
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    assert result.exit_code == 1 and "also used by" in result.output


def test_categories_file_sets_titles_and_order(runner, site, tmp_path):
    write(tmp_path, "_categories.yaml", "- {slug: pagos, title: Pagos}\n"
          "- {slug: facturacion, title: Facturación, description: Emitir y anular}\n")
    write(tmp_path, "x.md", "---\ntitle: X\ncategory: facturacion\n---\n")
    runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    cats = db.session.execute(db.select(Category).order_by(Category.position)).scalars().all()
    assert [(c.slug, c.title) for c in cats] == [("pagos", "Pagos"),
                                                 ("facturacion", "Facturación")]
    article = db.session.execute(db.select(Article)).scalar_one()
    assert article.category.slug == "facturacion"


def test_export_writes_what_import_reads(runner, site, tmp_path):
    source, exported = tmp_path / "in", tmp_path / "out"
    write(source, "_categories.yaml", "- {slug: facturacion, title: Facturación}\n")
    write(source, "emitir.md", INVOICE.replace("category: Facturación", "category: facturacion"))
    write(source, "partners.md", "---\ntitle: Solo socios\naudience: [partner]\n"
          "published: false\n---\nPrivado.")
    runner.invoke(args=["articles", "import", str(source), "--site", "acme"])
    before = _snapshot()
    result = runner.invoke(args=["articles", "export", str(exported), "--site", "acme"])
    assert "exported 2 articles" in result.output
    assert (exported / "es" / "emitir.md").exists()
    db.session.execute(db.delete(Article))
    db.session.execute(db.delete(Category))
    db.session.commit()
    result = runner.invoke(args=["articles", "import", str(exported), "--site", "acme"])
    assert result.exit_code == 0, result.output
    assert _snapshot() == before


def _snapshot():
    db.session.expire_all()
    return sorted((a.locale, a.slug, a.title, a.summary, a.body_md.strip(), a.kind, tuple(a.tags),
                   tuple(a.route_patterns), tuple(a.audience), a.published,
                   a.category.title if a.category else None)
                  for a in db.session.execute(db.select(Article)).scalars())


def test_import_into_unknown_site_fails_clearly(runner, app, tmp_path):
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "nope"])
    assert result.exit_code != 0 and "no site with key 'nope'" in result.output


def test_kinds_are_read_as_authors_write_them(runner, site, tmp_path):
    for name, kind in (("a", "video guide"), ("b", "Download_Guide"), ("c", "FAQ"),
                       ("d", "question"), ("e", "guide")):
        write(tmp_path, f"{name}.md", f"---\ntitle: {name}\nkind: {kind}\n---\n")
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    assert result.exit_code == 0, result.output
    kinds = dict(db.session.execute(db.select(Article.slug, Article.kind)).all())
    assert kinds == {"a": "video", "b": "download", "c": "faq", "d": "faq", "e": "article"}


def test_windows_files_with_bom_and_crlf_import(runner, site, tmp_path):
    (tmp_path / "win.md").write_bytes(
        "\ufeff---\r\ntitle: Factura en Windows\r\ntags: [a, b]\r\n---\r\nCuerpo.\r\n"
        .encode("utf-8"))
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "acme"])
    assert result.exit_code == 0, result.output
    article = db.session.execute(db.select(Article)).scalar_one()
    assert (article.title, article.tags, article.body_md.strip()) == (
        "Factura en Windows", ["a", "b"], "Cuerpo.")


def test_a_new_language_joins_the_sites_help_center(runner, other_site, client, tmp_path):
    write(tmp_path, "faktura.md", "---\ntitle: Faktura zaliczkowa\nlocale: pl\n---\nTreść.")
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "globex"])
    assert result.exit_code == 0, result.output
    found = client.get("/api/v1/search?site=globex&locale=pl&q=faktury").get_json()
    assert found["locale"] == "pl" and found["total"] == 1


def test_sites_without_account_types_take_any_audience(runner, other_site, tmp_path):
    write(tmp_path, "p.md", "---\ntitle: Partners only\naudience: [partner]\n---\n")
    result = runner.invoke(args=["articles", "import", str(tmp_path), "--site", "globex"])
    assert result.exit_code == 0, result.output
    assert db.session.execute(db.select(Article)).scalar_one().audience == ["partner"]

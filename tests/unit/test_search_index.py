"""Search index behaviour, against a real Whoosh index in a temporary directory."""
import threading
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from flask import Flask
from whoosh.filedb.filestore import FileStorage

from helpwidget.search import (
    ArticleDoc,
    IndexBusyError,
    SearchIndex,
    document_for,
    get_index,
    init_app,
)
from helpwidget.services.markdown import render

_ids = iter(range(1, 1_000_000))


def doc(title, body="", summary="", locale="es", site="acme", **fields):
    """Return an ArticleDoc with sensible defaults and a fresh id."""
    fields.setdefault("id", next(_ids))
    fields.setdefault("slug", f"article-{fields['id']}")
    return ArticleDoc(site=site, locale=locale, title=title, summary=summary, body=body,
                      **fields)


@pytest.fixture
def index(tmp_path):
    return SearchIndex(str(tmp_path / "index"), write_timeout=2.0)


def ids(result):
    return [r["id"] for r in result["results"]]


def search(index, q, locale="es", site="acme", **kwargs):
    return index.search(site, locale, q, **kwargs)


# Language analysis


def test_english_stemming_matches_plural_and_inflected_forms(index):
    invoices = doc("Sending invoices to customers", "Each invoice is emailed as a PDF.",
                   locale="en")
    other = doc("Change your password", "Open the profile page.", locale="en")
    index.upsert([invoices, other])
    assert ids(search(index, "invoice", "en")) == [invoices.id]
    assert ids(search(index, "sent invoicing ", "en")) == [invoices.id]
    assert ids(search(index, "passwords ", "en")) == [other.id]


def test_spanish_stemming_matches_plural_and_inflected_forms(index):
    billing = doc("Configuración de facturas", "Configura la numeración de cada factura.")
    index.upsert([billing, doc("Cambiar la contraseña", "Abre tu perfil.")])
    assert ids(search(index, "factura ")) == [billing.id]
    assert ids(search(index, "configurar ")) == [billing.id]


def test_polish_stemming_and_diacritics_typed_without_them(index):
    advance = doc("Korekta faktury zaliczkowej",
                  "Aby wystawić korektę faktury zaliczkowej, otwórz fakturę.", locale="pl")
    other = doc("Zmiana hasła", "Otwórz profil użytkownika.", locale="pl")
    index.upsert([advance, other])
    # Each query must match directly, not through a "did you mean" retry.
    for q, expected in [("faktura ", advance), ("korekte faktury zaliczkowej", advance),
                        ("zaliczkowa ", advance), ("wystawic ", advance),
                        ("uzytkownika ", other), ("hasla ", other)]:
        result = search(index, q, "pl")
        assert (ids(result), result["suggestion"]) == ([expected.id], None), q


def test_accents_fold_both_ways(index):
    accented = doc("Contraseña y página de inicio", "Cambia la contraseña desde el menú.")
    plain = doc("Guia rapida", "La guia explica la conciliacion bancaria.")
    index.upsert([accented, plain])
    for q, expected in [("contrasena pagina ", accented), ("CONTRASEÑA ", accented),
                        ("menu ", accented), ("guía rápida ", plain),
                        ("conciliación ", plain)]:
        result = search(index, q)
        assert (ids(result), result["suggestion"]) == ([expected.id], None), q


def test_stop_words_alone_find_nothing(index):
    index.upsert([doc("Cómo emitir una factura", "Pasos para emitir la factura de venta."),
                  doc("How to send it", "Open the menu and send the invoice.", locale="en"),
                  doc("Jak to zrobić", "Zobacz, jak to zrobić w systemie.", locale="pl")])
    assert search(index, "de la para ")["total"] == 0
    assert search(index, "how to the and ", "en")["total"] == 0
    assert search(index, "jak to w ", "pl")["total"] == 0
    assert search(index, "jak zrobić ", "pl")["total"] == 1


# Ranking


def test_title_match_ranks_above_body_match(index):
    filler = "Revisa los datos del cliente antes de continuar con el proceso. " * 3
    in_body = doc("Ajustes generales", filler + "Puedes anular una factura o anular la "
                  "factura duplicada desde aquí.")
    in_title = doc("Anular factura", filler + "Selecciona el documento y confirma.")
    index.upsert([in_body, in_title])
    assert ids(search(index, "anular factura ")) == [in_title.id, in_body.id]


def test_documents_matching_more_query_words_rank_first(index):
    # "arqueo" repeated in one article's title and body, against one article that has
    # both query words once: matching the whole query must win.
    one_word = doc("Arqueo de caja", "Arqueo diario. El arqueo cuadra el arqueo.")
    both_words = doc("Cierre del día", "Haz el arqueo siguiendo el manual del cajero.")
    fillers = [doc(f"Guía {i}", "Consulta el manual de usuario.") for i in range(4)]
    index.upsert([one_word, both_words, *fillers])
    assert ids(search(index, "arqueo manual "))[:2] == [both_words.id, one_word.id]


def test_adjacent_query_words_rank_above_scattered_ones(index):
    scattered = doc("Ayuda", "El centro se crea en el menú. Los costos se revisan aparte.")
    phrase = doc("Ayuda", "El centro de costos se crea en el menú. Se revisan aparte.")
    index.upsert([scattered, phrase])
    assert ids(search(index, "centro costos "))[0] == phrase.id


def test_views_only_break_ties(index):
    best = doc("Descargar soporte remoto", "Cómo descargar el soporte remoto AnyDesk.",
               views=0)
    quiet = doc("Soporte remoto", "Instala AnyDesk para descargar.", views=3)
    popular = doc("Soporte remoto", "Instala AnyDesk para descargar.", views=50_000)
    index.upsert([quiet, popular, best])
    assert ids(search(index, "descargar soporte remoto ")) == [best.id, popular.id, quiet.id]


# Visibility


def test_audience_restricted_article_is_invisible_to_others(index):
    public = doc("Comisiones y tarifas", "Consulta las tarifas vigentes.")
    partner = doc("Comisiones de socios", "Liquidación mensual. Clave interna: zanahoriaazul.",
                  audience=["partner"])
    index.upsert([public, partner])
    for account_type in ("", "customer", "admin"):
        result = search(index, "comisiones ", account_type=account_type)
        assert ids(result) == [public.id]
        assert result["total"] == 1
        assert "Liquidación" not in result["results"][0]["snippet"]
        assert search(index, "zanahoriaazul ", account_type=account_type)["total"] == 0
    assert set(ids(search(index, "comisiones ", account_type="partner"))) == {public.id,
                                                                            partner.id}


def test_suggestions_never_come_from_articles_the_reader_cannot_see(index):
    index.upsert([doc("Comisiones de socios", "Clave: zanahoriaazul.", audience=["partner"]),
                  doc("Comisiones", "Tarifas públicas.")])
    # One letter off a word that only a partner article contains.
    public = search(index, "zanahoriasul ")
    assert public["suggestion"] is None and public["total"] == 0
    partner = search(index, "zanahoriasul ", account_type="partner")
    assert partner["suggestion"] == "zanahoriaazul"
    assert partner["total"] == 1


def test_prefixes_complete_only_to_words_the_reader_can_see(index):
    # "comisionista" (partner only) and "comisión" share the stem "comision".
    public = doc("Comisión por transferencia", "Tarifas vigentes.")
    partner = doc("Acuerdo", "El comisionista cobra mensualmente.", audience=["partner"])
    index.upsert([public, partner])
    # "comisionist" completes only to the partner's word; its stem would reach the
    # public article, and must not.
    assert search(index, "comisionist")["total"] == 0
    assert set(ids(search(index, "comisionist", account_type="partner"))) == {partner.id,
                                                                             public.id}
    assert ids(search(index, "comisi")) == [public.id]


def test_sites_and_locales_are_isolated(index):
    acme_es = doc("Factura electrónica", "Emitir facturas.", site="acme")
    other_es = doc("Factura electrónica", "Emitir facturas.", site="other")
    acme_pl = doc("Faktura", "Factura electrónica po polsku.", site="acme", locale="pl")
    index.upsert([acme_es, other_es, acme_pl])
    assert ids(search(index, "factura ")) == [acme_es.id]
    assert ids(search(index, "factura ", site="other")) == [other_es.id]
    assert ids(search(index, "faktura ", "pl")) == [acme_pl.id]
    assert search(index, "factura ", "en")["total"] == 0
    # A word only another site uses is no suggestion here.
    index.upsert([doc("Remesas", "Giro bancario.", site="other")])
    assert search(index, "remesaz ")["suggestion"] is None
    assert search(index, "remesaz ", site="other")["suggestion"] == "remesas"


def test_kind_filter(index):
    faq = doc("Preguntas sobre facturas", "Respuestas.", kind="faq")
    video = doc("Video: facturas", "Mira el video.", kind="video")
    index.upsert([faq, video])
    assert ids(search(index, "facturas ", kind="faq")) == [faq.id]
    assert ids(search(index, "facturas ", kind="video")) == [video.id]
    assert search(index, "facturas ")["total"] == 2


# Writing


def test_unpublished_upsert_removes_the_article(index):
    article = doc("Cierre contable", "Pasos del cierre.")
    index.upsert([article])
    assert search(index, "cierre ")["total"] == 1
    article.published = False
    index.upsert([article])
    assert search(index, "cierre ")["total"] == 0
    assert index.doc_count() == 0


def test_upsert_replaces_by_id(index):
    article = doc("Nómina electrónica", "Envía la nómina.")
    index.upsert([article])
    article.title, article.body = "Planilla de empleados", "Registra empleados."
    index.upsert([article])
    assert index.doc_count() == 1
    assert search(index, "nomina ")["total"] == 0
    assert ids(search(index, "planilla ")) == [article.id]


def test_delete_removes_only_the_given_ids(index):
    keep, drop = doc("Inventario inicial", "Carga."), doc("Inventario final", "Cierre.")
    index.upsert([keep, drop])
    index.delete([drop.id])
    assert ids(search(index, "inventario ")) == [keep.id]
    index.delete([])
    assert index.doc_count() == 1


def test_rebuild_replaces_everything(index):
    old = doc("Versión antigua", "Texto viejo.")
    index.upsert([old])
    assert search(index, "antigua ")["total"] == 1
    new = [doc(f"Artículo nuevo {i}", "Contenido renovado.") for i in range(3)]
    hidden = doc("Borrador nuevo", "Contenido renovado.", published=False)
    index.rebuild(iter([*new, hidden]))
    assert search(index, "antigua ")["total"] == 0
    assert sorted(ids(search(index, "renovado "))) == sorted(d.id for d in new)
    assert index.doc_count() == 3


def test_rebuild_with_nothing_empties_the_index(index):
    assert search(index, "obsoleto ")["total"] == 0
    index.upsert([doc("Obsoleto", "Texto.")])
    index.rebuild([])
    assert index.doc_count() == 0
    assert search(index, "obsoleto ")["total"] == 0


def test_another_process_sees_writes_without_restart(tmp_path):
    path = str(tmp_path / "shared")
    writer, reader = SearchIndex(path), SearchIndex(path)
    first = doc("Exportar informes", "Descarga en Excel.")
    writer.upsert([first])
    assert ids(search(reader, "exportar ")) == [first.id]
    second = doc("Exportar nómina", "Archivo plano.")
    writer.upsert([second])
    assert sorted(ids(search(reader, "exportar "))) == sorted([first.id, second.id])
    writer.delete([first.id])
    assert ids(search(reader, "exportar ")) == [second.id]
    # After a rebuild (segments cleared) the reader must not keep the old ones.
    replacement = doc("Importar terceros", "Plantilla.")
    writer.rebuild([replacement])
    assert search(reader, "exportar ")["total"] == 0
    assert ids(search(reader, "importar ")) == [replacement.id]


def test_writer_waits_for_the_lock_then_raises_a_clear_error(tmp_path):
    path = str(tmp_path / "locked")
    index = SearchIndex(path, write_timeout=0.3)
    lock = FileStorage(path).lock("MAIN_WRITELOCK")
    assert lock.acquire()
    try:
        with pytest.raises(IndexBusyError, match="locked by another writer"):
            index.upsert([doc("Bloqueo", "Texto.")])
    finally:
        lock.release()
    index.upsert([doc("Bloqueo", "Texto.")])
    assert search(index, "bloqueo ")["total"] == 1


def test_writer_gets_the_lock_once_released_within_the_timeout(tmp_path):
    path = str(tmp_path / "waits")
    index = SearchIndex(path, write_timeout=5.0)
    lock = FileStorage(path).lock("MAIN_WRITELOCK")
    assert lock.acquire()
    threading.Timer(0.3, lock.release).start()
    index.upsert([doc("Espera", "Texto.")])
    assert search(index, "espera ")["total"] == 1


def test_searches_from_threads_during_writes(index):
    index.upsert([doc(f"Conciliación {i}", "Bancos y extractos.") for i in range(20)])
    errors = []

    def reader():
        try:
            for _ in range(30):
                assert search(index, "conciliacion bancos ")["total"] >= 20
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    for i in range(5):
        index.upsert([doc(f"Conciliación extra {i}", "Bancos.")])
    for thread in threads:
        thread.join()
    assert errors == []
    assert search(index, "conciliacion ")["total"] == 25


# Search as you type


def test_prefix_of_the_word_being_typed_matches(index):
    es = doc("Factura de venta", "Emite la factura.")
    pl = doc("Faktura VAT", "Wystaw fakturę.", locale="pl")
    index.upsert([es, pl, doc("Contraseña", "Cámbiala.")])
    assert ids(search(index, "fact")) == [es.id]
    assert ids(search(index, "fak", "pl")) == [pl.id]
    assert ids(search(index, "emitir fa")) == [es.id]
    # A finished word (trailing space) and single letters are not prefixes.
    assert search(index, "fact ")["total"] == 0
    assert search(index, "f")["total"] == 0


def test_prefix_snippet_marks_the_completed_word(index):
    index.upsert([doc("Ayuda", "Consulta la facturación mensual.")])
    snippet = search(index, "factu")["results"][0]["snippet"]
    assert "<mark>facturación</mark>" in snippet


# Did you mean


@pytest.mark.parametrize("locale, title, typo, expected", [
    ("es", "Factura electrónica", "factrua electronica", "factura electronica"),
    ("pl", "Korekta faktury zaliczkowej", "korekta faktyry", "korekta faktury"),
    ("en", "Recurring invoices", "recurring invoces", "recurring invoices"),
])
def test_typo_suggestion(index, locale, title, typo, expected):
    index.upsert([doc(title, "", locale=locale)])
    result = search(index, typo + " ", locale)
    assert result["suggestion"] == expected
    assert result["total"] == 1


def test_zero_results_fall_back_to_the_suggestion(index):
    article = doc("Conciliación bancaria", "Importa el extracto.")
    index.upsert([article])
    result = search(index, "conciliacon ")
    assert result["suggestion"] == "conciliación"
    assert ids(result) == [article.id]
    assert "<mark>" in result["results"][0]["snippet"] or result["results"][0]["snippet"]


def test_no_suggestion_for_a_correct_query(index):
    index.upsert([doc("Factura electrónica", "Emitir.")])
    assert search(index, "factura electronica ")["suggestion"] is None
    assert search(index, "facturas ")["suggestion"] is None


# Hostile input


@pytest.mark.parametrize("q", [
    '"', '"factura', "factura\"", "title:factura", "site:other factura", "audience:partner",
    "(factura", "factura)", "AND", "OR factura", "factura AND NOT", "*", "fact*", "?",
    "~2", "factura^10", "[a TO z]", "{}", "\\", "'", "-factura", "+factura", "::", "\x00",
    "😀 factura", "ﬁ", "İstanbul", "x" * 5000, "factura " * 400, "\u200b", "<script>",
])
def test_any_query_string_is_safe(index, q):
    index.upsert([doc("Factura", "Emitir la factura."),
                  doc("Socios", "Factura interna.", audience=["partner"], site="acme")])
    result = search(index, q)
    assert result["query"] == q
    assert all(r["title"] == "Factura" for r in result["results"])
    assert result["total"] <= 1


def test_field_syntax_is_plain_words(index):
    other_site = doc("Remesa", "Giro.", site="other")
    article = doc("Título del manual", "El manual de usuario.")
    index.upsert([other_site, article])
    assert search(index, "site:other remesa ")["total"] == 0
    assert ids(search(index, "title:manual ")) == [article.id]


@pytest.mark.parametrize("q", ["", "   ", "\n\t", None])
def test_empty_query_returns_nothing(index, q):
    index.upsert([doc("Factura", "Emitir.")])
    result = search(index, q)
    assert result["total"] == 0 and result["results"] == [] and result["suggestion"] is None


# Results and snippets


def test_result_shape(index):
    article = doc("Emitir factura", "Pasos para emitir.", summary="Guía rápida.",
                  kind="faq", category_slug="ventas", category_title="Ventas")
    bare = doc("Emitir recibo", "Pasos para emitir.")
    index.upsert([article, bare])
    result = search(index, "emitir ", per_page=1, page=2)
    assert result["page"] == 2 and result["per_page"] == 1 and result["total"] == 2
    assert len(result["results"]) == 1
    first = search(index, "emitir factura ")["results"][0]
    assert first == {"id": article.id, "slug": article.slug, "title": "Emitir factura",
                     "kind": "faq", "category": {"slug": "ventas", "title": "Ventas"},
                     "snippet": first["snippet"], "score": first["score"]}
    assert isinstance(first["score"], float)
    assert search(index, "recibo ")["results"][0]["category"] is None


def test_pages_do_not_overlap(index):
    index.upsert([doc(f"Reporte {i}", "Reporte de ventas " * (i + 1)) for i in range(25)])
    seen = []
    for page in (1, 2, 3):
        result = search(index, "reporte ventas ", page=page, per_page=10)
        assert result["total"] == 25
        seen += ids(result)
    assert len(seen) == len(set(seen)) == 25


def test_snippet_escapes_html_and_marks_matches(index):
    index.upsert([doc("Widget", 'Pega <script>alert("x")</script> en la plantilla & listo.')])
    snippet = search(index, "plantilla ")["results"][0]["snippet"]
    assert "<script>" not in snippet
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in snippet
    assert "<mark>plantilla</mark>" in snippet and "&amp; listo" in snippet
    assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_snippet_falls_back_to_the_summary_start(index):
    article = doc("Velocidad de internet", "Ejecuta la prueba desde el menú.",
                  summary="Mide tu conexión <b>antes</b> de llamar.")
    index.upsert([article])
    snippet = search(index, "velocidad ")["results"][0]["snippet"]
    assert snippet.startswith("Mide tu conexión &lt;b&gt;antes&lt;/b&gt;")
    assert "<mark>" not in snippet


def test_snippet_is_a_window_around_the_match(index):
    body = "Introducción. " + "Texto de relleno sin interés. " * 40 + "Aquí se explica el " \
           "arqueo de caja diario. " + "Más relleno. " * 40
    index.upsert([doc("Caja", body)])
    snippet = search(index, "arqueo ")["results"][0]["snippet"]
    assert "<mark>arqueo</mark>" in snippet
    assert snippet.startswith("\u2026") and snippet.endswith("\u2026")
    assert len(snippet) < 400


# App wiring


def test_init_app_opens_the_configured_index(tmp_path):
    app = Flask(__name__)
    app.config.update(SEARCH_INDEX_DIR=str(tmp_path / "app-index"), SEARCH_WRITE_TIMEOUT=1.5)
    init_app(app)
    with app.app_context():
        index = get_index()
        assert index is app.extensions["search"] and index.write_timeout == 1.5
        index.upsert([doc("Arranque", "Texto.")])
    # A second app (another process) on the same folder finds the same articles.
    other = Flask(__name__)
    other.config.update(SEARCH_INDEX_DIR=str(tmp_path / "app-index"))
    init_app(other)
    with other.app_context():
        assert get_index().doc_count() == 1


# Building documents


def test_document_for_indexes_the_readable_text_of_the_article():
    article = SimpleNamespace(
        id=7, site=SimpleNamespace(key="acme"), locale="es", slug="guia", title="Guía",
        summary=None, kind="video", tags=["caja"], audience=["partner"], published=True,
        updated_at=datetime(2024, 5, 1, tzinfo=UTC), views=12, category=None,
        body_html=render("# Paso **uno**\n\nAbre [el menú](https://x.test) y pulsa `F2`.\n\n"
                         "- primero\n- segundo\n\n<div>html <b>fuera</b></div>\n\n"
                         "![captura de pantalla](a.png)\n\n```\ncódigo\n```\n\n"
                         "<script>secreto()</script>"))
    built = document_for(article)
    assert built.site == "acme" and built.category_slug is None and built.summary == ""
    assert built.tags == ["caja"] and built.audience == ["partner"] and built.views == 12
    for text in ("Paso uno", "Abre el menú y pulsa F2.", "primero", "segundo",
                 "html fuera", "captura de pantalla", "código"):
        assert text in built.body
    for markup in ("#", "**", "](", "`", "<div>", "https://x.test", "secreto"):
        assert markup not in built.body


def test_document_for_reads_the_category():
    article = SimpleNamespace(
        id=8, site=SimpleNamespace(key="acme"), locale="pl", slug="s", title="T",
        summary="S", body_html="<p>B</p>", kind="article", tags=None, audience=None,
        published=False,
        updated_at=None, views=None,
        category=SimpleNamespace(slug="ksiegowosc", title="Księgowość"))
    built = document_for(article)
    assert (built.category_slug, built.category_title) == ("ksiegowosc", "Księgowość")
    assert built.published is False and built.tags == [] and built.audience == []


def test_real_words_missing_from_the_help_center_are_not_corrected(tmp_path):
    index = SearchIndex(str(tmp_path / "index"))
    index.upsert([doc("Pagar el IVA de un producto", body="Configura el IVA del producto.")])
    found = index.search("acme", "es", "como pongo el IVA en un producto")
    assert found["total"] == 1 and found["suggestion"] is None
    assert index.search("acme", "es", "prodcuto")["suggestion"] == "producto"

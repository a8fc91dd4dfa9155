"""Synonym groups applied at query time, against a real Whoosh index."""
import pytest

from helpwidget.search import ArticleDoc, SearchIndex

GROUPS = [["anular", "cancelar", "void"], ["nota de crédito", "abono"]]


@pytest.fixture
def index(tmp_path):
    index = SearchIndex(str(tmp_path / "index"), write_timeout=2.0)
    index.upsert([
        ArticleDoc(id=1, site="acme", locale="es", slug="cancelar-factura",
                   title="Cómo cancelar una factura", body="Pasos para cancelar la factura."),
        ArticleDoc(id=2, site="acme", locale="es", slug="abono",
                   title="Emitir un abono", body="Devuelve el importe al cliente."),
        ArticleDoc(id=3, site="acme", locale="es", slug="factura",
                   title="Crear una factura", body="Rellena los datos de la factura."),
    ])
    return index


def slugs(found):
    return [hit["slug"] for hit in found["results"]]


def test_a_synonym_finds_what_only_its_equivalent_names(index):
    assert slugs(index.search("acme", "es", "anular")) == []
    assert slugs(index.search("acme", "es", "anular", synonyms=GROUPS)) == ["cancelar-factura"]
    found = index.search("acme", "es", "anular factura", synonyms=GROUPS)
    assert slugs(found)[0] == "cancelar-factura"


def test_inflected_forms_match_the_group(index):
    found = index.search("acme", "es", "anulé la factura", synonyms=GROUPS)
    assert slugs(found)[0] == "cancelar-factura"


def test_a_phrase_entry_matches_its_words_in_order(index):
    assert slugs(index.search("acme", "es", "nota de crédito")) == []
    assert slugs(index.search("acme", "es", "nota de crédito", synonyms=GROUPS)) == ["abono"]
    # The same words out of order are not the phrase.
    assert slugs(index.search("acme", "es", "crédito nota", synonyms=GROUPS)) == []


def test_a_word_finds_a_phrase_entry(index):
    index.upsert([ArticleDoc(id=4, site="acme", locale="es", slug="nota",
                             title="La nota de crédito", body="Qué es una nota de crédito.")])
    assert "nota" in slugs(index.search("acme", "es", "abono", synonyms=GROUPS))


def test_groups_change_results_without_reindexing(index):
    before = slugs(index.search("acme", "es", "void"))
    after = slugs(index.search("acme", "es", "void", synonyms=GROUPS))
    assert before == [] and after == ["cancelar-factura"]
    assert slugs(index.search("acme", "es", "void")) == []

"""Bulk writes indexed by several processes, as `articles import` does on the command line."""
import pytest

from helpwidget.search import ArticleDoc, SearchIndex
from helpwidget.search.index import BULK


def docs(count, word, start=1):
    return [ArticleDoc(id=i, site="acme", locale="en", slug=f"a{i}", title=f"{word} guide {i}",
                       body=f"How to {word} things, step {i}.")
            for i in range(start, start + count)]


@pytest.fixture
def index(tmp_path):
    index = SearchIndex(str(tmp_path / "index"), write_timeout=5.0)
    index.processes = 2
    return index


def test_a_bulk_write_by_two_processes_indexes_every_document(index):
    index.upsert(docs(BULK + 37, "export"))
    assert index.doc_count() == BULK + 37
    assert index.search("acme", "en", "export", per_page=1)["total"] == BULK + 37


def test_a_parallel_re_import_replaces_documents_instead_of_adding(index):
    index.upsert(docs(BULK, "export"))
    index.upsert(docs(BULK, "archive"))
    assert index.doc_count() == BULK
    assert index.search("acme", "en", "export")["total"] == 0
    assert index.search("acme", "en", "archive", per_page=1)["total"] == BULK


def test_documents_a_writer_process_lost_are_added_again(index):
    written = docs(BULK, "export")
    index.upsert(written)
    index.delete([d.id for d in written[:10]])  # as if a sub-writer's segment never arrived
    index._add_missing(written)
    assert index.doc_count() == BULK

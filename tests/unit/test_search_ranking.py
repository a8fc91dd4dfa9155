"""Ranking of long, described problems and of words found in several fields, on a real index."""
import pytest

from helpwidget.search import ArticleDoc, SearchIndex

FILLERS = [
    ("Cell styles", "Formulas and values in each cell keep their style."),
    ("Cell protection", "Protect the cell so formulas and values cannot change."),
    ("Number formats", "A cell shows values as numbers, dates or text."),
    ("Recalculation", "Formulas recalculate when the values they use change."),
    ("Sorting", "Sort the rows by the values of the active column."),
    ("Detective", "Choose Tools - Detective to see how cells relate."),
]


def doc(number, title, body):
    """Return an English article of the test site."""
    return ArticleDoc(id=number, site="acme", locale="en", slug=f"a{number}", title=title,
                      body=body)


@pytest.fixture
def index(tmp_path):
    index = SearchIndex(str(tmp_path / "index"), write_timeout=2.0)
    index.upsert([doc(100 + i, title, body) for i, (title, body) in enumerate(FILLERS)])
    return index


def slugs(index, q):
    return [r["slug"] for r in index.search("acme", "en", q)["results"]]


def test_a_described_problem_finds_the_page_its_rare_words_name(index):
    # The reader describes what they want in a sentence; the page that names its rare
    # words wins over one that merely shares more of its everyday words.
    index.upsert([
        doc(1, "Tracer arrows", "Shows which cells use this one, with arrows on the sheet."),
        doc(2, "Active cell", "Formulas depend on values. The active cell draws formulas."),
    ])
    q = "Draws tracer arrows to the active cell from formulas that depend on values in it."
    assert slugs(index, q)[0] == "a1"


def test_a_short_query_still_prefers_pages_matching_all_its_words(index):
    index.upsert([
        doc(1, "Tracer arrows", "Tracer arrows, tracer colours and more tracer arrows."),
        doc(2, "Auditing", "Draw a tracer from the active cell to its precedents."),
        doc(3, "Precedents", "Precedents of a formula are the cells it reads."),
        doc(4, "Precedent cells", "Select precedents of a cell."),
    ])
    assert slugs(index, "tracer precedents")[0] == "a2"


def test_a_word_in_the_title_outranks_one_repeated_in_the_body(index):
    index.upsert([
        doc(1, "Hyphenation", "Splits long words at the end of a line. Turn it on per paragraph."),
        doc(2, "Text flow", "Hyphenation, hyphenation zones, hyphenation of words, hyphenation "
                            "rules: hyphenation, hyphenation, hyphenation and hyphenation."),
    ])
    assert slugs(index, "hyphenation")[0] == "a1"

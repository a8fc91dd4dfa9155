"""Host route patterns: normalizing and ranking matches."""
from helpwidget.services.routes import normalize, route_words, specificity


def test_query_fragment_and_trailing_slash_do_not_matter():
    assert normalize("/invoices/new/?tab=2#top") == "/invoices/new"
    assert normalize("https://app.example.com//Invoices//new") == "/invoices/new"
    assert normalize("") == "/"


def test_exact_beats_parameter_beats_wildcard():
    route = "/invoices/4711/edit"
    exact = specificity("/invoices/4711/edit", route)
    param = specificity("/invoices/:id/edit", route)
    wildcard = specificity("/invoices/*", route)
    assert exact > param > wildcard


def test_parameters_match_one_segment_only():
    assert specificity("/invoices/:id", "/invoices/4711") is not None
    assert specificity("/invoices/:id", "/invoices/4711/edit") is None
    assert specificity("/invoices/:id", "/invoices") is None


def test_wildcard_matches_the_section_and_below_only():
    assert specificity("/reports/*", "/reports") is not None
    assert specificity("/reports/*", "/reports/sales/2024") is not None
    assert specificity("/reports/*", "/reportsx") is None


def test_route_words_drop_ids():
    assert route_words("/invoices/4711/edit") == ["invoices", "edit"]
    assert route_words("/customers/3f2a9c1e-77aa-4bcd/credit-notes") == ["customers", "credit",
                                                                           "notes"]

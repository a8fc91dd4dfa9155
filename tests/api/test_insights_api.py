"""A site's Insights for its team: totals, a zero-filled series, the lists and CSV exports."""
import csv
import io
from datetime import UTC, date, datetime

import pytest

from helpwidget.extensions import db
from helpwidget.models import ArticleFeedback, ArticleView, SearchEvent, Visitor
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor

# A visitor hash no answer may ever show.
HASH = "f00dfeed" * 4
RANGE = "from=2026-11-01&to=2026-11-07"
TABLES = ("series", "top_searches", "no_results", "no_clicks", "articles", "feedback", "gaps")


def at(day, hour=10, minute=0, second=0):
    """Return a UTC moment of November 2026 (or of `day` when it is a date)."""
    day = day if isinstance(day, date) else date(2026, 11, day)
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=UTC)


def event(site, query, when, *, source="search", results=3, clicked=None, rank=None,
          solved=False, contacted=False, locale="es"):
    """Store one recorded search as the recording service would."""
    db.session.add(SearchEvent(
        site_id=site.id, locale=locale, source=source, query=query, results=results,
        clicked_article_id=clicked.id if clicked else None, clicked_rank=rank, solved=solved,
        contacted=contacted, visitor_hash=HASH, created_at=when, updated_at=when))


@pytest.fixture
def seeded(site, other_site):
    """Store searches, views and ratings in and around 1-7 November; return the articles."""
    invoice = make_article(site, "Cómo emitir una factura", body="Pasos.")
    vat = make_article(site, "Issuing invoices", body="Steps.", locale="en")
    for n in range(3):
        event(site, "factura", at(1, 10 + n), results=5, clicked=invoice if n == 0 else None,
              rank=1 if n == 0 else None, contacted=n == 2)
    for n in range(5):
        event(site, "iva", at(2, 9 + n), clicked=vat if n == 0 else None, rank=3 if n == 0
              else None)
    for n in range(2):
        event(site, "exportar excel", at(3), results=4)
        event(site, "anular nota", at(3, 11), results=0)
    event(site, "no puedo emitir factura", at(3, 15), source="request", contacted=True)
    event(site, "el chat se corta", at(5), source="chat", results=2, clicked=invoice, rank=2,
          solved=True)
    event(site, "invoice", at(5, 12), results=2, clicked=vat, rank=1, locale="en")
    event(site, "factura", at(7, 23, 59, 59), results=5, clicked=invoice, rank=1)
    # Outside the range, and another site's: never counted.
    event(site, "factura", datetime(2026, 10, 31, 23, 59, 59, tzinfo=UTC), results=0)
    event(site, "factura", at(8, 0), results=0)
    event(other_site, "factura", at(4), results=0)
    readers = [Visitor(site_id=site.id, token_hash=f"{n:064d}") for n in range(3)]
    db.session.add_all(readers)
    db.session.flush()
    for article, reader, day in ((invoice, "r1", 1), (invoice, "r2", 1), (invoice, "r1", 2),
                                 (vat, "r1", 5)):
        db.session.add(ArticleView(article_id=article.id, reader=reader, day=date(2026, 11, day)))
    db.session.add(ArticleView(article_id=invoice.id, reader="r1", day=date(2026, 10, 31)))
    db.session.add_all([
        ArticleFeedback(article_id=invoice.id, visitor_id=readers[0].id, helpful=True,
                        comment="", created_at=at(2)),
        ArticleFeedback(article_id=invoice.id, visitor_id=readers[1].id, helpful=False,
                        comment='=HYPERLINK("http://evil.example")', created_at=at(4)),
        ArticleFeedback(article_id=vat.id, visitor_id=readers[0].id, helpful=False,
                        comment="Old", created_at=at(date(2026, 10, 30)))])
    db.session.commit()
    return invoice, vat


def report(client, token, query=RANGE):
    """Return the response of the site's Insights for `query`."""
    return client.get(f"/api/v1/advisor/sites/acme/insights?{query}", headers=bearer(token))


def test_totals_and_rates_count_the_range_only(client, seeded, advisor_token):
    body = report(client, advisor_token).get_json()
    assert body["range"] == {"from": "2026-11-01", "to": "2026-11-07", "locale": None}
    assert body["enabled"] is True and body["retention_days"] == 90
    assert body["totals"] == {
        "searches": 14, "suggestion_views": 2, "no_results": 2, "no_clicks": 8, "clicks": 4,
        "click_through_rate": round(4 / 12, 4), "deflection_rate": 0.875, "contact_rate": 0.125,
        "solved": 1, "article_views": 4, "helpful": 1, "not_helpful": 1}


def test_series_has_every_day_zero_filled(client, seeded, advisor_token):
    series = report(client, advisor_token).get_json()["series"]
    assert [d["day"] for d in series] == [f"2026-11-0{n}" for n in range(1, 8)]
    by_day = {d["day"][-1]: (d["searches"], d["no_results"], d["clicks"], d["contacted"])
              for d in series}
    assert by_day == {"1": (3, 0, 1, 1), "2": (5, 0, 1, 0), "3": (4, 2, 0, 1),
                      "4": (0, 0, 0, 0), "5": (1, 0, 1, 0), "6": (0, 0, 0, 0),
                      "7": (1, 0, 1, 0)}


def test_lists_name_the_queries_articles_and_comments(client, seeded, advisor_token):
    invoice, vat = seeded
    body = report(client, advisor_token).get_json()
    assert body["top_searches"][:2] == [
        {"query": "iva", "count": 5, "results": 3, "clicks": 1, "click_through_rate": 0.2},
        {"query": "factura", "count": 4, "results": 5, "clicks": 2, "click_through_rate": 0.5}]
    assert [q["query"] for q in body["top_searches"]] == [
        "iva", "factura", "anular nota", "exportar excel", "invoice"]
    assert body["no_results"] == [{"query": "anular nota", "count": 2,
                                   "last_seen": "2026-11-03T11:00:00+00:00"}]
    assert body["no_clicks"] == [{"query": "iva", "count": 4, "results": 3},
                                 {"query": "exportar excel", "count": 2, "results": 4},
                                 {"query": "factura", "count": 2, "results": 5}]
    assert body["gaps"] == [
        {"query": "iva", "count": 5, "results": 3, "clicks": 1, "reason": "low_ctr"},
        {"query": "anular nota", "count": 2, "results": 0, "clicks": 0, "reason": "no_results"},
        {"query": "exportar excel", "count": 2, "results": 4, "clicks": 0,
         "reason": "no_clicks"}]
    assert body["articles"] == [
        {"id": invoice.id, "slug": invoice.slug, "title": "Cómo emitir una factura",
         "locale": "es", "views": 3, "helpful": 1, "not_helpful": 1},
        {"id": vat.id, "slug": vat.slug, "title": "Issuing invoices", "locale": "en",
         "views": 1, "helpful": 0, "not_helpful": 0}]
    assert body["feedback"] == [{"article_id": invoice.id, "title": "Cómo emitir una factura",
                                 "helpful": False, "comment": '=HYPERLINK("http://evil.example")',
                                 "created_at": "2026-11-04T10:00:00+00:00"}]


def test_locale_filter_keeps_one_language(client, seeded, advisor_token):
    body = report(client, advisor_token, RANGE + "&locale=en").get_json()
    assert body["range"]["locale"] == "en"
    assert body["totals"]["searches"] == 1 and body["totals"]["article_views"] == 1
    assert [q["query"] for q in body["top_searches"]] == ["invoice"]
    assert [a["title"] for a in body["articles"]] == ["Issuing invoices"]
    assert body["no_results"] == [] and body["gaps"] == [] and body["feedback"] == []


def test_lists_hold_at_most_fifty_rows(client, site, advisor_token):
    for n in range(60):
        event(site, f"consulta {n}", at(2), results=0)
    db.session.commit()
    body = report(client, advisor_token).get_json()
    assert len(body["top_searches"]) == len(body["no_results"]) == 50
    assert body["totals"]["no_results"] == 60
    exported = client.get(f"/api/v1/advisor/sites/acme/insights/no_results.csv?{RANGE}",
                          headers=bearer(advisor_token))
    assert len(list(csv.reader(io.StringIO(exported.text)))) == 61


def test_default_range_is_the_last_thirty_days(client, site, advisor_token):
    body = report(client, advisor_token, "").get_json()
    days = [d["day"] for d in body["series"]]
    assert len(days) == 30 and days[-1] == datetime.now(UTC).date().isoformat()
    assert body["range"] == {"from": days[0], "to": days[-1], "locale": None}


@pytest.mark.parametrize(("query", "field", "message"), [
    ("from=2026-02-30&to=2026-03-01", "from", "Escribe una fecha como AAAA-MM-DD."),
    ("from=2026-11-08&to=2026-11-07", "from",
     "La fecha de inicio debe ser anterior o igual a la de fin."),
    ("from=2025-01-01&to=2026-01-02", "from", "Elige un periodo de 366 días como máximo."),
    (RANGE + "&locale=xx", "locale", "Este idioma no está disponible."),
    (RANGE + "&site=globex", "site", "Campo desconocido."),
])
def test_bad_ranges_are_refused_in_spanish(client, site, advisor_token, query, field, message):
    response = client.get(f"/api/v1/advisor/sites/acme/insights?{query}",
                          headers={**bearer(advisor_token), "X-HelpWidget-Locale": "es",
                                   "Accept-Language": "es"})
    assert response.status_code == 422
    assert response.get_json()["fields"][field] == [message]


def test_a_full_year_is_accepted(client, site, advisor_token):
    response = report(client, advisor_token, "from=2024-01-01&to=2024-12-31")
    assert response.status_code == 200 and len(response.get_json()["series"]) == 366


def test_each_table_exports_as_formula_safe_csv(client, seeded, advisor_token):
    for table in TABLES:
        response = client.get(f"/api/v1/advisor/sites/acme/insights/{table}.csv?{RANGE}",
                              headers=bearer(advisor_token))
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="insights-acme-{table}-2026-11-01-2026-11-07.csv"')
        rows = list(csv.reader(io.StringIO(response.text)))
        json_rows = report(client, advisor_token).get_json()[table]
        assert sorted(rows[0]) == sorted(json_rows[0]) and len(rows) == len(json_rows) + 1
    series = client.get(f"/api/v1/advisor/sites/acme/insights/series.csv?{RANGE}",
                        headers=bearer(advisor_token)).text.splitlines()
    assert series[:2] == ["day,searches,no_results,clicks,contacted", "2026-11-01,3,0,1,1"]
    feedback = client.get(f"/api/v1/advisor/sites/acme/insights/feedback.csv?{RANGE}",
                          headers=bearer(advisor_token)).text
    (row,) = list(csv.DictReader(io.StringIO(feedback)))
    assert row["comment"] == '\'=HYPERLINK("http://evil.example")' and row["helpful"] == "False"
    top = client.get(f"/api/v1/advisor/sites/acme/insights/top_searches.csv?{RANGE}&locale=en",
                     headers=bearer(advisor_token))
    assert top.headers["Content-Disposition"].endswith('-2026-11-07-en.csv"')
    assert list(csv.reader(io.StringIO(top.text)))[1] == ["invoice", "1", "2", "1", "1.0"]


def test_unknown_table_is_404(client, site, advisor_token):
    response = client.get("/api/v1/advisor/sites/acme/insights/visitors.csv",
                          headers=bearer(advisor_token))
    assert response.status_code == 404


def test_only_the_sites_team_and_the_owner_read_it(client, seeded, other_site, outsider):
    outsider_token = advisor_login(client, outsider.email)
    for path in ("insights", "insights/gaps.csv"):
        response = client.get(f"/api/v1/advisor/sites/acme/{path}?{RANGE}",
                              headers=bearer(outsider_token))
        assert response.status_code == 404
        assert "factura" not in response.text
    owner = make_advisor("owner@server.example", "Owen Owner")
    owner.is_owner = True
    db.session.commit()
    body = report(client, advisor_login(client, owner.email)).get_json()
    assert body["totals"]["searches"] == 14
    other = client.get(f"/api/v1/advisor/sites/globex/insights?{RANGE}",
                       headers=bearer(outsider_token)).get_json()
    assert other["totals"]["searches"] == 1 and other["no_results"][0]["query"] == "factura"


def test_no_answer_shows_a_visitor_hash(client, seeded, advisor_token):
    answers = [report(client, advisor_token).text] + [
        client.get(f"/api/v1/advisor/sites/acme/insights/{table}.csv?{RANGE}",
                   headers=bearer(advisor_token)).text for table in TABLES]
    assert all(HASH not in text and "visitor" not in text for text in answers)

"""Searches recorded for a help center's insights: privately, typed once, clicked, followed up."""
import logging
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event

from helpwidget.extensions import db
from helpwidget.models import InsightSalt, SearchEvent
from helpwidget.services import search_insights
from tests.support.articles import make_article
from tests.support.fixtures_tickets import anonymous, auth, post_ticket


@pytest.fixture
def content(site):
    """Two Spanish articles about invoices and one of another site."""
    first = make_article(site, "Cómo emitir una factura electrónica", slug="emitir",
                         body="Abre Facturas, pulsa Nueva factura y completa los datos.")
    second = make_article(site, "Registrar pagos de clientes", slug="pagos",
                          body="Cuando un cliente paga una factura, registra el pago.")
    return first, second


def search(client, q, token=None, **params):
    response = client.get("/api/v1/search", headers=auth(token) if token else {},
                          query_string={"site": "acme", "q": q, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def events():
    db.session.expire_all()
    return db.session.execute(db.select(SearchEvent).order_by(SearchEvent.id)).scalars().all()


def click(client, search_id, token, article_id, rank=1, what="click"):
    body = {"site": "acme", "article_id": article_id}
    if what == "click":
        body["rank"] = rank
    return client.post(f"/api/v1/search/{search_id}/{what}", json=body,
                       headers=auth(token) if token else {})


def backdate(search_id, minutes):
    moment = datetime.now(UTC) - timedelta(minutes=minutes)
    db.session.execute(db.update(SearchEvent).where(SearchEvent.id == search_id).values(
        created_at=moment, updated_at=moment))
    db.session.commit()


def test_a_search_is_recorded_normalised_and_without_who(client, site, content):
    token = anonymous(client, site)
    found = search(client, "  Cómo   EMITIR\tFactura ", token=token)
    assert found["total"] == 2 and isinstance(found["search_id"], int)
    (row,) = events()
    assert (row.id, row.site_id, row.locale, row.source) == (found["search_id"], site.id, "es",
                                                              "search")
    assert (row.query, row.results, row.contacted, row.solved) == (
        "cómo emitir factura", 2, False, False)
    assert len(row.visitor_hash) == 32 and int(row.visitor_hash, 16) >= 0
    stored = " ".join(str(getattr(row, c.key)) for c in SearchEvent.__table__.columns)
    assert token not in stored and "127.0.0.1" not in stored
    assert token[:16] not in stored


def test_queries_are_folded_to_nfc(client, site, content):
    search(client, "Factura Electro\u0301nica  \u2003DIAN")
    assert events()[0].query == "factura electr\u00f3nica dian"


def test_normalised_queries_are_at_most_200_characters():
    assert search_insights.normalise(" STRASSE  Straße ") == "strasse strasse"
    assert search_insights.normalise("x" * 199 + " yz") == "x" * 199
    assert len(search_insights.normalise("ab " * 300)) == 200


def test_empty_or_wordless_queries_are_not_recorded(client, site, content):
    assert search(client, "")["search_id"] is None
    assert search(client, "   ?? ")["search_id"] is None
    assert events() == []


def test_typing_a_query_records_one_search(client, site, content):
    token = anonymous(client, site)
    ids = {search(client, q, token=token)["search_id"] for q in ("fac", "fact", "factura")}
    assert len(ids) == 1
    (row,) = events()
    assert row.query == "factura" and row.results == 2
    # Another reader typing the same thing is another search; so is the other source.
    search(client, "factura", token=anonymous(client, site))
    search(client, "factura", token=token, source="request")
    assert len(events()) == 3


def test_a_new_query_or_a_clicked_one_starts_a_new_search(client, site, content):
    first, _ = content
    token = anonymous(client, site)
    searched = search(client, "factura", token=token)["search_id"]
    assert search(client, "pago", token=token)["search_id"] != searched
    clicked = search(client, "emitir", token=token)["search_id"]
    assert click(client, clicked, token, first.id).status_code == 204
    assert search(client, "emitir factura", token=token)["search_id"] != clicked
    assert len(events()) == 4


def test_a_search_typed_on_after_a_minute_is_a_new_one(client, site, content):
    token = anonymous(client, site)
    searched = search(client, "fac", token=token)["search_id"]
    backdate(searched, 2)
    assert search(client, "factura", token=token)["search_id"] != searched


def test_the_searcher_clicks_a_result_and_nobody_else_can(client, site, content):
    first, second = content
    token, other = anonymous(client, site), anonymous(client, site)
    searched = search(client, "factura", token=token)["search_id"]
    refused = click(client, searched, other, first.id)
    assert refused.status_code == 404 and refused.get_json()["error"]
    assert click(client, searched, None, first.id).status_code == 404
    assert click(client, searched, token, second.id, rank=2).status_code == 204
    (row,) = events()
    assert (row.clicked_article_id, row.clicked_rank, row.solved) == (second.id, 2, False)


def test_clicks_are_checked(client, site, other_site, content):
    first, _ = content
    foreign = make_article(other_site, "Invoices", slug="invoices", locale="en")
    token = anonymous(client, site)
    searched = search(client, "factura", token=token)["search_id"]
    assert click(client, searched, token, foreign.id).status_code == 404
    assert click(client, searched, token, first.id, rank=101).status_code == 400
    assert click(client, searched, token, first.id, rank=0).status_code == 400
    assert click(client, searched + 1000, token, first.id).status_code == 404
    spanish = client.post(f"/api/v1/search/{searched}/click", headers={
        **auth(token), "Accept-Language": "es"}, json={"site": "acme", "article_id": foreign.id,
                                                      "rank": 1})
    assert spanish.get_json()["error"] == "Este artículo no existe o no está disponible para ti."
    assert events()[0].clicked_article_id is None


def test_an_anonymous_reader_clicks_by_address_and_browser(client, site, content):
    first, _ = content
    searched = search(client, "factura")["search_id"]
    elsewhere = client.post(f"/api/v1/search/{searched}/click", json={
        "site": "acme", "article_id": first.id, "rank": 1}, environ_base={
        "REMOTE_ADDR": "203.0.113.9"})
    assert elsewhere.status_code == 404
    assert click(client, searched, None, first.id).status_code == 204


def test_solved_marks_the_search_and_its_click(client, site, content):
    first, second = content
    token = anonymous(client, site)
    searched = search(client, "pago", token=token, source="request")["search_id"]
    assert click(client, searched, token, second.id, what="solved").status_code == 204
    (row,) = events()
    assert (row.solved, row.clicked_article_id, row.source) == (True, second.id, "request")
    # A result clicked earlier stays the click.
    again = search(client, "emitir", token=token)["search_id"]
    click(client, again, token, first.id, rank=3)
    click(client, again, token, second.id, what="solved")
    row = events()[1]
    assert (row.solved, row.clicked_article_id, row.clicked_rank) == (True, first.id, 3)
    assert click(client, again, anonymous(client, site), first.id,
                 what="solved").status_code == 404


def test_a_ticket_soon_after_a_search_marks_it_contacted(client, site, content):
    token = anonymous(client, site)
    recent = search(client, "factura", token=token)["search_id"]
    backdate(recent, 5)
    old = search(client, "pago", token=token)["search_id"]
    backdate(old, 40)
    bystander = search(client, "emitir", token=anonymous(client, site))["search_id"]
    response = post_ticket(client, site, token, name="Luis", email="luis@example.com")
    assert response.status_code == 201, response.get_json()
    contacted = {row.id: row.contacted for row in events()}
    assert contacted == {recent: True, old: False, bystander: False}


def test_a_search_at_midnight_links_to_a_request_after_it(client, site, content):
    token = anonymous(client, site)
    searched = search(client, "factura", token=token)["search_id"]
    # The search was hashed with yesterday's salt; today has a salt of its own.
    db.session.execute(db.update(InsightSalt).values(
        day=datetime.now(UTC).date() - timedelta(days=1)))
    db.session.commit()
    backdate(searched, 10)
    post_ticket(client, site, token, name="Luis", email="luis@example.com")
    assert events()[0].contacted is True


def test_sites_with_insights_off_record_nothing(client, site, content):
    site.insights_enabled = False
    db.session.commit()
    token = anonymous(client, site)
    found = search(client, "factura", token=token)
    assert found["total"] == 2 and found["search_id"] is None
    post_ticket(client, site, token, name="Luis", email="luis@example.com")
    assert events() == [] and db.session.execute(db.select(InsightSalt)).first() is None


def test_one_address_records_a_bounded_number_of_searches(app, client, site, content):
    app.config["SEARCH_INSIGHTS_PER_IP"] = "2 per minute"
    token = anonymous(client, site)
    assert search(client, "fac", token=token)["search_id"]
    assert search(client, "factura", token=token)["search_id"]  # typed on: the same search
    assert search(client, "pago", token=token)["search_id"]
    found = search(client, "emitir", token=token)
    assert found["total"] == 1 and found["search_id"] is None
    elsewhere = client.get("/api/v1/search", query_string={"site": "acme", "q": "emitir"},
                           environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert elsewhere.get_json()["search_id"] is not None
    assert [row.query for row in events()] == ["factura", "pago", "emitir"]


def test_a_failed_recording_still_answers_the_search(client, site, content, caplog):
    def refuse(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO SEARCH_EVENTS"):
            raise sqlite3.OperationalError("disk I/O error")

    event.listen(db.engine, "before_cursor_execute", refuse)
    try:
        with caplog.at_level(logging.ERROR):
            found = search(client, "factura")
    finally:
        event.remove(db.engine, "before_cursor_execute", refuse)
    assert found["total"] == 2 and found["search_id"] is None
    assert "could not record a search" in caplog.text
    assert events() == []
    assert search(client, "factura")["search_id"] is not None


def test_the_help_center_records_its_searches_and_their_results_opened(client, site, content):
    page = client.get("/help/acme/es/search", query_string={"q": "Factura"})
    assert page.status_code == 200
    (row,) = events()
    assert (row.query, row.results, row.source) == ("factura", 2, "search")
    html = page.get_data(as_text=True)
    link = f"/help/acme/es/articles/pagos?from_search={row.id}&amp;rank=2"
    assert link in html
    # Someone else following the link reads the article; the search stays unclicked.
    other = client.get(link.replace("&amp;", "&"), environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert other.status_code == 200 and events()[0].clicked_article_id is None
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    row = events()[0]
    assert (row.clicked_article_id, row.clicked_rank) == (content[1].id, 2)
    assert client.get("/help/acme/es/articles/pagos?from_search=x&rank=9").status_code == 200


def test_the_retention_chore_keeps_each_sites_own_days(client, site, other_site, content):
    other_site.insights_retention_days = 10
    db.session.commit()
    now = datetime.now(UTC)

    def stored(owner, days):
        row = SearchEvent(site_id=owner.id, locale="es", source="search", query=f"q{days}",
                          results=1, visitor_hash="0" * 32,
                          created_at=now - timedelta(days=days),
                          updated_at=now - timedelta(days=days))
        db.session.add(row)
        db.session.commit()
        return row.id

    kept = [stored(site, 1), stored(site, 89), stored(other_site, 9)]
    stored(site, 91), stored(other_site, 11), stored(other_site, 12)
    today = now.date()
    for age in (0, 1, 2, 5):
        db.session.add(InsightSalt(day=today - timedelta(days=age), salt=f"s{age}"))
    db.session.commit()
    assert search_insights.purge(batch=1) == 3
    assert sorted(row.id for row in events()) == sorted(kept)
    days = db.session.execute(db.select(InsightSalt.day)).scalars().all()
    assert sorted(days) == [today - timedelta(days=1), today]


def test_the_retention_chore_is_scheduled(app):
    from helpwidget.background import worker
    assert "purge_search_insights" in worker.jobs()

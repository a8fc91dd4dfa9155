"""A chat started soon after a search marks that search as followed by a contact."""
from helpwidget.extensions import db
from helpwidget.models import SearchEvent
from tests.support.articles import make_article
from tests.support.fixtures_tickets import auth


def test_a_chat_after_a_search_marks_it_contacted(client, site, widget, console):
    make_article(site, "Cómo emitir una factura electrónica", slug="emitir", body="Facturas.")
    visitor, token = widget()
    found = client.get("/api/v1/search", headers=auth(token),
                       query_string={"site": "acme", "q": "factura", "source": "chat"})
    other = client.get("/api/v1/search", query_string={"site": "acme", "q": "emitir"})
    searched, unrelated = found.get_json()["search_id"], other.get_json()["search_id"]
    reply = visitor.ok("chat:start", {"client_id": "first", "body": "No puedo emitir"})
    assert reply["chat"]["status"] == "queued"
    db.session.expire_all()
    rows = db.session.execute(db.select(SearchEvent.id, SearchEvent.contacted,
                                        SearchEvent.source)).all()
    assert sorted(rows) == sorted([(searched, True, "chat"), (unrelated, False, "search")])

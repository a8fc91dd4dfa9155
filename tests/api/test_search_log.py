"""The search change log: what is logged, in which order, and how an index catches up from it."""
import os
import threading
import time

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from helpwidget import search
from helpwidget.extensions import db
from helpwidget.models import (
    Category,
    EndUser,
    SearchChange,
    SearchLogState,
    SearchNode,
    Site,
)
from helpwidget.search import sync_state
from helpwidget.search.index import IndexBusyError
from helpwidget.services import community, posts, search_log, search_sync, sites
from helpwidget.services.timeutil import utcnow
from tests.support.articles import make_article


def logged():
    """Return the log as (seq, kind, target id), in order."""
    db.session.expire_all()
    return [(c.seq, c.kind, c.target_id) for c in db.session.execute(
        db.select(SearchChange).order_by(SearchChange.seq)).scalars()]


def titles(client, q):
    """Return the titles a reader finds."""
    found = client.get("/api/v1/search", query_string={"site": "acme", "q": q}).get_json()
    return [hit["title"] for hit in found["results"]]


def test_each_change_of_what_search_shows_is_logged_once_in_its_commit(app, site):
    article = make_article(site, "Cerrar el ejercicio", "Pasos del cierre.",
                           category="Contabilidad")
    assert logged() == [(1, "article", article.id)]
    article.views = 40  # popularity: not what a search document is made of
    db.session.commit()
    article.title = "Cerrar el año"
    db.session.rollback()  # a rolled-back change logs nothing
    assert len(logged()) == 1
    other = make_article(site, "Abrir el ejercicio", category="Contabilidad")
    category = db.session.get(Category, other.category_id)
    category.title = "Contabilidad general"  # every article of the category shows it
    db.session.commit()
    assert [entry[1:] for entry in logged()[2:]] == sorted(
        [("article", article.id), ("article", other.id)])
    assert [entry[0] for entry in logged()] == [1, 2, 3, 4]
    assert db.session.get(SearchLogState, 1).last_seq == 4


def test_community_changes_and_the_community_switch_reach_search_without_reindex(
        client, site, advisor):
    site.community_enabled = True
    db.session.commit()
    user = EndUser(site_id=site.id, external_id="u-1", name="Camilo", email="c@example.com")
    db.session.add(user)
    db.session.commit()
    question = posts.create(site, kind="question", title="Anular una factura",
                            body="Con el NIT equivocado.", locale="es", user=user)
    community.answer(site, question, "Emite una nota crédito.", advisor=advisor)
    assert titles(client, "anular factura") == ["Anular una factura"]
    sites.save_site("acme", community_enabled=False)
    search_sync.catch_up()
    assert titles(client, "anular factura") == []
    assert ("site", site.id) in [entry[1:] for entry in logged()]
    sites.save_site("acme", community_enabled=True)
    search_sync.catch_up()
    assert titles(client, "anular factura") == ["Anular una factura"]


def test_an_index_catches_up_from_its_position_and_rebuilds_only_when_new(
        app, client, site, tmp_path):
    make_article(site, "Remesas bancarias", "Generar remesas.")
    here = app.config["SEARCH_INDEX_DIR"]
    assert sync_state.read(here)["seq"] == 1
    assert sync_state.read(here)["rebuilds"] == 1  # a new index starts with a rebuild
    # Another machine, with an index of its own, saves three articles meanwhile.
    app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "other")
    search.init_app(app)
    for n in range(3):
        make_article(site, f"Conciliación zorvak{n}")
    app.config["SEARCH_INDEX_DIR"] = here
    search.init_app(app)
    assert titles(client, "zorvak0") == []
    assert search_sync.catch_up() == 3  # from where it stopped
    assert sync_state.read(here) == {**sync_state.read(here), "seq": 4, "rebuilds": 1}
    assert [titles(client, f"zorvak{n}") for n in range(3)] == [
        [f"Conciliación zorvak{n}"] for n in range(3)]


def test_a_look_that_finds_nothing_new_leaves_the_index_to_whoever_is_applying(
        app, client, site, tmp_path, monkeypatch):
    make_article(site, "Remesas bancarias", "Generar remesas.")
    here = app.config["SEARCH_INDEX_DIR"]
    monkeypatch.setitem(app.config, "SEARCH_WRITE_TIMEOUT", 0.3)
    search.init_app(app)
    with sync_state.syncing(here, 5):  # another process of this machine is applying the log
        assert search_sync.follow() == 0  # up to date: no wait for the lock, no error
        app.config["SEARCH_INDEX_DIR"] = str(tmp_path / "other")
        search.init_app(app)
        make_article(site, "Conciliación zorvak")  # saved through another machine
        app.config["SEARCH_INDEX_DIR"] = here
        search.init_app(app)
        with pytest.raises(IndexBusyError):
            search_sync.follow()  # behind: it waits for the lock like any catch-up
    assert search_sync.follow() == 1
    assert titles(client, "zorvak") == ["Conciliación zorvak"]


def test_pruning_keeps_what_a_live_machine_still_needs_and_a_machine_behind_rebuilds(
        app, client, site):
    for n in range(4):
        make_article(site, f"Artículo zorvak{n}")
    index_dir = app.config["SEARCH_INDEX_DIR"]
    here = sync_state.read(index_dir)["node"]
    db.session.add(SearchNode(node_id="machine-2", host="m2", applied_seq=2, seen_at=utcnow()))
    db.session.add(SearchNode(node_id="gone", host="m3", applied_seq=0,
                              seen_at=utcnow().replace(year=2020)))
    db.session.commit()
    assert db.session.get(SearchNode, here).applied_seq == 4
    assert search_sync.prune() == 2  # up to machine 2's position; the gone one is ignored
    assert [entry[0] for entry in logged()] == [3, 4]
    assert db.session.get(SearchLogState, 1).pruned_through == 2
    # An index that applied less than was pruned cannot catch up from the log: it rebuilds.
    state = sync_state.read(index_dir)
    with sync_state.syncing(index_dir, 5) as held:
        held.applied(1)
    search_sync.catch_up()
    after = sync_state.read(index_dir)
    assert after["rebuilds"] == state["rebuilds"] + 1 and after["seq"] == 4
    assert titles(client, "zorvak3") == ["Artículo zorvak3"]


def test_the_reindex_command_records_the_position_it_rebuilt(app, site):
    make_article(site, "Remesas bancarias", "Generar remesas.")
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert "indexed 1 articles" in result.output
    stored = sync_state.read(app.config["SEARCH_INDEX_DIR"])
    assert stored["seq"] == 1 and stored["rebuilds"] == 2


def test_numbers_follow_commit_order_across_concurrent_saves(app, site):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("concurrent writers are what is tested: PostgreSQL only")
    committed, numbered, slow = [], threading.Event(), {}
    site_id = site.id

    def pause(session):
        # Runs after the log's own hook: the slow save holds the log's row lock a while.
        if threading.current_thread() is slow.get("thread"):
            numbered.set()
            time.sleep(1.0)

    def order(session):
        numbers = session.info.pop(search_log.MINE, {})
        if numbers:
            committed.append(max(numbers.values()))

    def slow_save():
        with app.app_context():
            make_article(db.session.get(Site, site_id), "Lento")
            db.session.remove()

    event.listen(Session, "before_commit", pause)
    event.listen(Session, "after_commit", order)
    try:
        slow["thread"] = threading.Thread(target=slow_save)
        slow["thread"].start()
        assert numbered.wait(10)
        make_article(site, "Rápido")  # waits for the slow one's commit, then numbers after it
        slow["thread"].join()
    finally:
        event.remove(Session, "before_commit", pause)
        event.remove(Session, "after_commit", order)
    assert len(committed) == 2 and committed == sorted(committed)


def test_an_index_recreated_for_a_new_schema_is_rebuilt_by_itself(app, client, site):
    make_article(site, "Remesas bancarias", "Generar remesas.")
    here = app.config["SEARCH_INDEX_DIR"]
    assert sync_state.read(here)["seq"] == 1
    # An index of an older release: its files are replaced by an empty one on the next start.
    for name in os.listdir(here):
        if name.endswith(".toc") or name.endswith(".seg"):
            os.remove(os.path.join(here, name))
    search.init_app(app)
    assert sync_state.read(here) == {}  # its position went with it
    assert titles(client, "remesas") == []
    search_sync.catch_up()  # what the follower does next
    assert titles(client, "remesas") == ["Remesas bancarias"]

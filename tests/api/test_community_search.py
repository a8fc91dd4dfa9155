"""Answered community questions in search: found, marked, ranked below articles, kept in step."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import EndUser
from helpwidget.services import community, posts
from tests.support.articles import make_article

TITLE = "Anular una factura electrónica emitida"
BODY = "La emití con el NIT equivocado y necesito anularla."
ANSWER = "Crea una nota crédito que referencie la factura."


@pytest.fixture
def user(open_site):
    found = EndUser(site_id=open_site.id, external_id="u-9", name="Camilo", email="c@example.com")
    db.session.add(found)
    db.session.commit()
    return found


def asked(site, user, title=TITLE, body=BODY):
    return posts.create(site, kind="question", title=title, body=body, locale="es", user=user)


def search(client, q, **params):
    response = client.get("/api/v1/search", query_string={"site": "acme", "q": q} | params)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_an_unanswered_question_is_not_in_search(client, open_site, user):
    asked(open_site, user)
    assert search(client, "anular factura")["total"] == 0


def test_a_team_answer_puts_a_question_in_search_marked_community(client, open_site, user,
                                                                  advisor):
    question = asked(open_site, user)
    community.answer(open_site, question, ANSWER, advisor=advisor)
    found = search(client, "nota crédito")
    assert found["total"] == 1
    hit = found["results"][0]
    assert (hit["kind"], hit["id"], hit["title"]) == ("community", question.id, TITLE)
    assert hit["url"] == f"/help/acme/es/community/{question.id}"
    assert "<mark>" in hit["snippet"]
    # Search as you type: the word being typed matches as a prefix.
    assert search(client, "anul")["results"][0]["id"] == question.id


def test_an_accepted_user_answer_puts_a_question_in_search(client, open_site, user):
    question = asked(open_site, user)
    other = EndUser(site_id=open_site.id, external_id="u-10", name="Liceth", email="l@example.com")
    db.session.add(other)
    db.session.commit()
    reply = community.answer(open_site, question, ANSWER, user=other)
    assert search(client, "anular factura")["total"] == 0
    community.accept(question, reply.id, user=user)
    assert [h["kind"] for h in search(client, "anular factura")["results"]] == ["community"]


def test_a_question_ranks_below_an_article_of_the_same_text(client, open_site, user, advisor):
    # The question is indexed first: on a tie of score alone it would come first.
    question = asked(open_site, user)
    community.answer(open_site, question, ANSWER, advisor=advisor)
    make_article(open_site, TITLE, slug="anular", body=f"{BODY}\n\n{ANSWER}")
    found = search(client, "anular factura electrónica")
    assert [h["kind"] for h in found["results"]] == ["article", "community"]
    assert found["results"][1]["score"] < found["results"][0]["score"]


def test_hidden_and_deleted_questions_leave_search(client, open_site, user, advisor):
    question = asked(open_site, user)
    community.answer(open_site, question, ANSWER, advisor=advisor)
    assert search(client, "anular")["total"] == 1
    posts.hide(question, advisor)
    assert search(client, "anular")["total"] == 0
    posts.approve(question, advisor)
    assert search(client, "anular")["total"] == 1
    posts.delete(question, advisor)
    assert search(client, "anular")["total"] == 0


def test_an_edit_is_searchable_at_once(client, open_site, user, advisor):
    question = asked(open_site, user)
    community.answer(open_site, question, ANSWER, advisor=advisor)
    posts.edit(question, advisor, "Necesito cancelar el documento soporte.")
    assert search(client, "documento soporte")["results"][0]["id"] == question.id


def test_community_questions_stay_out_when_the_site_has_no_community(client, open_site, user,
                                                                       advisor):
    question = asked(open_site, user)
    community.answer(open_site, question, ANSWER, advisor=advisor)
    open_site.community_enabled = False
    db.session.commit()
    assert search(client, "anular")["total"] == 0
    page = client.get("/help/acme/es/search?q=anular").get_data(as_text=True)
    assert TITLE not in page


def test_kind_filters_and_help_on_this_page_see_articles_only(client, open_site, user, advisor):
    question = asked(open_site, user)
    community.answer(open_site, question, ANSWER, advisor=advisor)
    assert search(client, "anular", kind="faq")["total"] == 0
    found = client.get("/api/v1/context", query_string={
        "site": "acme", "route": "/facturas/anular", "title": "Anular factura"}).get_json()
    assert found["articles"] == []


def test_reindex_includes_answered_questions(client, runner, open_site, user, advisor):
    question = asked(open_site, user)
    community.answer(open_site, question, ANSWER, advisor=advisor)
    asked(open_site, user, title="Pregunta sin respuesta", body="Nadie respondió anular.")
    make_article(open_site, "Anular una factura", slug="anular")
    from helpwidget import search as search_index
    search_index.get_index().rebuild([])
    assert search(client, "anular")["total"] == 0
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "indexed 2 articles" in result.output
    kinds = sorted(h["kind"] for h in search(client, "anular")["results"])
    assert kinds == ["article", "community"]


def test_the_help_center_search_marks_and_links_community_answers(client, open_site, user,
                                                                  advisor):
    question = asked(open_site, user)
    community.answer(open_site, question, ANSWER, advisor=advisor)
    page = client.get("/help/acme/es/search?q=nota+credito").get_data(as_text=True)
    assert f'href="/help/acme/es/community/{question.id}"' in page
    assert '<span class="kind kind-community">Comunidad</span>' in page


def test_the_demo_sites_run_a_community_with_answered_questions(client, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    found = search(client, "fecha de vencimiento", site="facturafacil", locale="es")
    assert "community" in [h["kind"] for h in found["results"]]
    listing = client.get("/help/facturafacil/es/community").get_data(as_text=True)
    assert "Respuesta aceptada" in listing and "Sin respuesta" in listing
    menu = client.get("/api/v1/widget?site=ksiegowo&locale=pl").get_json()["menu"]
    assert {"item": "community", "url": "/help/ksiegowo/pl/community"} in menu
    # Seeding again adds nothing twice.
    runner.invoke(args=["seed-demo"])
    again = client.get("/api/v1/community?site=facturafacil&locale=es").get_json()
    assert again["total"] == 3

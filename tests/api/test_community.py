"""The community of the help center: asking, answering, accepting, who sees what, and limits."""
import re

import pytest

from helpwidget.extensions import db
from helpwidget.models import Post
from helpwidget.services import community, posts
from tests.support.articles import make_article
from tests.support.helpcenter_readers import help_center_session

QUESTION = {"title": "¿Cómo anulo una factura?", "body": "La emití con el NIT equivocado."}


def sign_in(client, site, name, email):
    """Sign a test client in to the help center as a new user; return the user."""
    user, raw = help_center_session(site, name, email)
    client.set_cookie("hw_help", raw, path=f"/help/{site.key}/")
    return user


def csrf(client, url):
    """Return the CSRF token of a page's form."""
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def ask(client, site, locale="es", **fields):
    """Post a question through the help center form; return the response."""
    url = f"/help/{site.key}/{locale}/community"
    data = {**QUESTION, **fields}
    return client.post(url, data={**data, "csrf_token": csrf(client, url)})


def answer(client, site, question_id, body, locale="es", **extra):
    """Post an answer through the question page's form."""
    url = f"/help/{site.key}/{locale}/community"
    return client.post(f"{url}/{question_id}/answers",
                       data={"body": body, "csrf_token": csrf(client, url), **extra})


def accept(client, site, question_id, answer_id, locale="es"):
    """Accept an answer through the question page's form."""
    url = f"/help/{site.key}/{locale}/community"
    return client.post(f"{url}/{question_id}/accept",
                       data={"answer_id": str(answer_id), "csrf_token": csrf(client, url)})


def only(kind):
    """Return the one post of a kind."""
    db.session.expire_all()
    return db.session.execute(db.select(Post).filter_by(kind=kind)).scalar_one()


@pytest.fixture
def asker(app, open_site):
    client = app.test_client()
    return client, sign_in(client, open_site, "Camilo Rojas", "camilo@example.com")


@pytest.fixture
def helper(app, open_site):
    client = app.test_client()
    return client, sign_in(client, open_site, "Liceth Gómez", "liceth@example.com")


def test_community_off_is_404_everywhere(app, client, site):
    user = sign_in(client, site, "Camilo Rojas", "camilo@example.com")
    question = posts.create(site, kind="question", title="Una pregunta", body="Texto",
                            locale="es", user=user)
    site.community_enabled = True
    db.session.commit()
    token = csrf(client, "/help/acme/es/community")
    site.community_enabled = False
    db.session.commit()
    for url in ("/help/acme/es/community", f"/help/acme/es/community/{question.id}",
                "/api/v1/community?site=acme"):
        assert client.get(url).status_code == 404, url
    for url in ("/help/acme/es/community", f"/help/acme/es/community/{question.id}/answers"):
        assert client.post(url, data={**QUESTION, "csrf_token": token}).status_code == 404
    assert "/community" not in client.get("/help/acme/es/").get_data(as_text=True)


def test_a_signed_in_user_asks_and_another_answers_and_the_asker_accepts(asker, helper):
    asker_client, _ = asker
    response = ask(asker_client, _site())
    assert response.status_code == 302
    question = only("question")
    assert response.location.endswith(f"/help/acme/es/community/{question.id}")
    assert (question.title, question.body, question.state) == (
        QUESTION["title"], QUESTION["body"], "published")

    listing = asker_client.get("/help/acme/es/community").get_data(as_text=True)
    assert QUESTION["title"] in listing and "0 respuestas" in listing

    helper_client, _ = helper
    response = answer(helper_client, _site(), question.id, "Usa la nota crédito.")
    reply = only("answer")
    assert response.status_code == 302 and response.location.endswith(f"#answer-{reply.id}")
    # Someone else than the asker cannot accept; the page says so and nothing changes.
    refused = accept(helper_client, _site(), question.id, reply.id)
    assert refused.status_code == 403
    assert "Solo quien preguntó puede aceptar una respuesta." in refused.get_data(as_text=True)
    assert only("question").accepted_answer_id is None
    page = helper_client.get(f"/help/acme/es/community/{question.id}").get_data(as_text=True)
    assert "Aceptar esta respuesta" not in page

    assert accept(asker_client, _site(), question.id, reply.id).status_code == 302
    assert only("question").accepted_answer_id == reply.id
    page = helper_client.get(f"/help/acme/es/community/{question.id}").get_data(as_text=True)
    assert "Respuesta aceptada" in page and "Usa la nota crédito." in page
    listing = helper_client.get("/help/acme/es/community").get_data(as_text=True)
    assert "Respuesta aceptada" in listing and "1 respuesta" in listing


def _site():
    """Return the test site as the database has it now."""
    from helpwidget.services import sites
    return sites.get_site("acme")


def test_the_accepted_answer_comes_first_and_the_team_is_marked(asker, helper, advisor):
    asker_client, asker_user = asker
    ask(asker_client, _site())
    question = only("question")
    first = community.answer(_site(), question, "Primera respuesta", user=helper[1])
    team = community.answer(_site(), question, "Respuesta del equipo", advisor=advisor)
    second = community.answer(_site(), question, "Segunda respuesta", user=helper[1])
    community.accept(question, second.id, user=asker_user)
    page = asker_client.get(f"/help/acme/es/community/{question.id}").get_data(as_text=True)
    order = [page.index(text) for text in ("Segunda respuesta", "Primera respuesta",
                                           "Respuesta del equipo")]
    assert order == sorted(order)
    team_item = re.search(rf'<li id="answer-{team.id}"[^>]*>(.*?)</li>', page, re.S).group(0)
    assert "staff" in team_item and "Equipo de soporte" in team_item
    assert first.id != second.id


def test_pending_and_hidden_posts_are_seen_only_by_whom_they_should(asker, helper, advisor):
    _site().comment_moderation = "pre"
    db.session.commit()
    asker_client, _ = asker
    ask(asker_client, _site())
    question = only("question")
    assert question.state == "pending"
    own = asker_client.get(f"/help/acme/es/community/{question.id}")
    assert own.status_code == 200 and "Esperando revisión" in own.get_data(as_text=True)
    helper_client, _ = helper
    assert helper_client.get(f"/help/acme/es/community/{question.id}").status_code == 404
    assert QUESTION["title"] not in helper_client.get("/help/acme/es/community").get_data(
        as_text=True)
    # Nobody answers a question still waiting for review.
    assert answer(helper_client, _site(), question.id, "Hola").status_code == 404

    posts.approve(question, advisor)
    assert answer(helper_client, _site(), question.id, "Espera revisión").status_code == 302
    pending = only("answer")
    assert pending.state == "pending"
    page = asker_client.get(f"/help/acme/es/community/{question.id}").get_data(as_text=True)
    assert "Espera revisión" not in page
    assert "Espera revisión" in helper_client.get(
        f"/help/acme/es/community/{question.id}").get_data(as_text=True)
    # The asker cannot accept an answer that waits for review.
    assert accept(asker_client, _site(), question.id, pending.id).status_code == 404

    posts.hide(question, advisor)
    for client in (asker_client, helper_client):
        assert client.get(f"/help/acme/es/community/{question.id}").status_code == 404


def test_a_question_is_of_one_language(asker):
    asker_client, _ = asker
    ask(asker_client, _site())
    question = only("question")
    assert asker_client.get(f"/help/acme/en/community/{question.id}").status_code == 404
    assert QUESTION["title"] not in asker_client.get("/help/acme/en/community").get_data(
        as_text=True)


def test_bad_input_is_refused_with_a_clear_message_and_kept(asker):
    asker_client, _ = asker
    response = ask(asker_client, _site(), locale="en", title="Short", body="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    # The messages are the posting schema's (schemas/post.py); each shows by its field.
    for field in ("title", "body"):
        message = re.search(rf'<p class="error" id="ask-{field}-error" role="alert">([^<]+)</p>',
                            page)
        assert message and message.group(1).strip(), field
    assert 'value="Short"' in page
    assert db.session.execute(db.select(Post)).first() is None


def test_the_honeypot_drops_a_bots_post_quietly(asker):
    asker_client, _ = asker
    response = ask(asker_client, _site(), website="http://spam.example")
    assert response.status_code == 302
    assert db.session.execute(db.select(Post)).first() is None


def test_posting_needs_a_signed_in_user_and_the_csrf_token(client, asker):
    anonymous = client.get("/help/acme/es/community").get_data(as_text=True)
    assert 'name="csrf_token"' not in anonymous and 'name="title"' not in anonymous
    assert client.post("/help/acme/es/community", data=QUESTION).status_code == 400
    asker_client, _ = asker
    forged = asker_client.post("/help/acme/es/community", data={**QUESTION, "csrf_token": "x"})
    assert forged.status_code == 400
    assert db.session.execute(db.select(Post)).first() is None


def test_posting_is_limited_per_user_and_per_ip(app, asker, helper):
    app.config["RATELIMIT_PUBLIC_POSTS"] = "2 per minute"
    asker_client, _ = asker
    assert ask(asker_client, _site(), title="Primera pregunta").status_code == 302
    assert ask(asker_client, _site(), title="Segunda pregunta").status_code == 302
    refused = ask(asker_client, _site(), title="Tercera pregunta")
    assert refused.status_code == 429
    assert "Estás publicando demasiado rápido." in refused.get_data(as_text=True)
    # Another account from the same address is held by the address's limit.
    helper_client, _ = helper
    assert ask(helper_client, _site(), title="Cuarta pregunta").status_code == 429
    first = db.session.execute(db.select(Post).order_by(Post.id)).scalars().first()
    assert answer(helper_client, _site(), first.id, "Una respuesta").status_code == 429
    db.session.expire_all()
    assert db.session.execute(db.select(db.func.count(Post.id))).scalar() == 2


def test_text_is_plain_and_links_do_not_run(asker, helper, advisor):
    asker_client, _ = asker
    ask(asker_client, _site(), title="<script>alert(1)</script> título",
        body='<img src=x onerror=alert(1)> "comillas"')
    question = only("question")
    page = asker_client.get(f"/help/acme/es/community/{question.id}").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; título" in page


def test_public_api_shows_an_articles_published_comments_and_team_replies(client, open_site,
                                                                           asker, advisor):
    article = make_article(open_site, "Emitir una factura", slug="emitir", body="Pasos.")
    _, user = asker
    comment = posts.create(open_site, kind="comment", body="¿Y con IVA?", locale="es", user=user,
                           article=article)
    posts.create(open_site, kind="comment", body="Respuesta del equipo", locale="es",
                 advisor=advisor, article=article, parent=comment)
    held = posts.create(open_site, kind="comment", body="Visita www.spam.example", locale="es",
                        user=user, article=article)
    assert held.state == "pending"
    found = client.get("/api/v1/articles/emitir/answers?site=acme").get_json()
    assert [c["body"] for c in found["comments"]] == ["¿Y con IVA?"]
    reply = found["comments"][0]["replies"][0]
    assert (reply["body"], reply["by_staff"]) == ("Respuesta del equipo", True)
    assert set(reply) == {"id", "body", "author_name", "by_staff", "created_at", "replies"} - {
        "replies"}
    assert found["url"] == "/help/acme/es/articles/emitir"


def test_public_api_keeps_restricted_articles_comments_to_their_audience(client, open_site,
                                                                         asker):
    article = make_article(open_site, "Programa de socios", slug="socios", audience=["partner"])
    posts.create(open_site, kind="comment", body="Secreto", locale="es", user=asker[1],
                 article=article)
    assert client.get("/api/v1/articles/socios/answers?site=acme").status_code == 404


def test_public_api_lists_the_communitys_published_questions(client, asker, helper):
    asker_client, _ = asker
    ask(asker_client, _site())
    _site().comment_moderation = "pre"
    db.session.commit()
    ask(helper[0], _site(), title="Pregunta que espera revisión")
    found = client.get("/api/v1/community?site=acme&locale=es").get_json()
    assert [q["title"] for q in found["questions"]] == [QUESTION["title"]]
    question = found["questions"][0]
    assert question["url"] == f"/help/acme/es/community/{question['id']}"
    assert found["url"] == "/help/acme/es/community"


def test_the_widget_menu_offers_the_community_only_while_the_site_runs_one(client, site):
    from helpwidget.services import sites
    sites.save_site("acme", menu=[{"item": "search"}, {"item": "community", "enabled": True}])

    def menu():
        return client.get("/api/v1/widget?site=acme&locale=en").get_json()["menu"]

    assert menu() == [{"item": "search"}]
    site.community_enabled = True
    db.session.commit()
    assert menu() == [{"item": "search"},
                      {"item": "community", "url": "/help/acme/en/community"}]

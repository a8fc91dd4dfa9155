"""The support team's side of public posts: the queue, moderation, answers, conversions, emails."""
import pytest

from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import Article, OutboxMessage, Post, Ticket
from helpwidget.services import posts
from tests.support.articles import make_article
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor, signed_in
from tests.support.helpcenter_readers import article_url, help_center_user


@pytest.fixture
def guide(site):
    """Return a public Spanish article of `site`."""
    return make_article(site, "Cómo emitir una factura", "Pasos para emitir.", slug="emitir")


@pytest.fixture
def ana(site):
    """Return Ana, a signed-in user of acme who writes in Spanish."""
    return help_center_user(site, "ana", "Ana Pérez", "ana@example.com", locale="es")[0]


@pytest.fixture
def token(client, advisor):
    """Return Marta's (a plain advisor of acme) console token."""
    return advisor_login(client, advisor.email)


def comment(site, article, user, body="¿Cómo anulo una factura?"):
    """Store a user's comment under an article through the service."""
    return posts.create(site, kind="comment", body=body, locale=article.locale, user=user,
                        article=article)


def question(site, user, title="¿Cómo cierro el mes contable?", body="No encuentro la opción."):
    """Store a user's community question through the service."""
    return posts.create(site, kind="question", title=title, body=body, locale="es", user=user)


def call(client, token, method, url, **kwargs):
    """Make an advisor API call with a bearer token."""
    return client.open(f"/api/v1/advisor/posts{url}", method=method, headers=bearer(token),
                       **kwargs)


def fresh(post_id):
    """Return a post as the database holds it now."""
    db.session.expire_all()
    return db.session.get(Post, post_id)


def test_the_queue_lists_waiting_posts_first_with_why_they_wait(client, site, guide, ana, token,
                                                                 other_site):
    published = comment(site, guide, ana, "Gracias, muy claro")
    held = comment(site, guide, ana, "Llámenme al 310 555 0199")
    asked = question(site, ana)
    stranger, _raw = help_center_user(other_site, "z", "Zoe", "zoe@globex.example")
    elsewhere = posts.create(other_site, kind="comment", body="Globex only", locale="en",
                             user=stranger, article=make_article(other_site, "Globex guide",
                                                                 locale="en"))
    listed = call(client, token, "GET", "").get_json()
    ids = [p["id"] for p in listed["posts"]]
    assert ids[0] == held.id and set(ids) == {published.id, held.id, asked.id}
    assert elsewhere.id not in ids and listed["total"] == 3
    first = listed["posts"][0]
    assert (first["state"], first["held_reason"], first["site"]) == ("pending", "phone", "acme")
    assert first["article"]["title"] == guide.title and first["article"]["url"] == \
        article_url(guide)
    only = call(client, token, "GET", "?state=published&kind=comment").get_json()
    assert [p["id"] for p in only["posts"]] == [published.id]
    assert [p["id"] for p in call(client, token, "GET", "?kind=question").get_json()["posts"]] \
        == [asked.id]
    # Another site's posts, or naming another site: as if they did not exist.
    assert call(client, token, "GET", "?site=globex").status_code == 404
    assert call(client, token, "GET", f"/{elsewhere.id}").status_code == 404
    assert call(client, token, "POST", f"/{elsewhere.id}/approve").status_code == 404
    assert call(client, token, "GET", "?state=lost").status_code == 400


def test_approve_hide_edit_with_a_trace_and_delete(client, site, guide, ana, token, advisor):
    held = comment(site, guide, ana, "Mi número es 310 555 0199, llámenme")
    reader = client.application.test_client()
    assert "310 555 0199" not in reader.get(article_url(guide)).get_data(as_text=True)
    approved = call(client, token, "POST", f"/{held.id}/approve").get_json()
    assert approved["state"] == "published" and approved["held_reason"] == ""
    assert "310 555 0199" in reader.get(article_url(guide)).get_data(as_text=True)
    edited = call(client, token, "PATCH", f"/{held.id}", json={"body": "Llámenme, por favor"})
    body = edited.get_json()
    assert edited.status_code == 200 and body["body"] == "Llámenme, por favor"
    assert body["edits"][0]["before"] == "Mi número es 310 555 0199, llámenme"
    assert body["edits"][0]["advisor_name"] == advisor.name
    page = reader.get(article_url(guide)).get_data(as_text=True)
    assert "Llámenme, por favor" in page and "310 555 0199" not in page
    assert "editado por el equipo de soporte" in page
    refused = call(client, token, "PATCH", f"/{held.id}", json={"body": ""})
    assert refused.status_code == 400 and "body" in refused.get_json()["fields"]
    assert call(client, token, "POST", f"/{held.id}/hide").get_json()["state"] == "hidden"
    assert "Llámenme" not in reader.get(article_url(guide)).get_data(as_text=True)
    assert call(client, token, "DELETE", f"/{held.id}").status_code == 204
    assert fresh(held.id) is None


def test_the_team_answers_a_comment_in_public_and_the_asker_is_emailed_in_their_language(
        client, site, guide, ana, token, advisor, smtp_server):
    asked = comment(site, guide, ana)
    response = call(client, token, "POST", f"/{asked.id}/answer",
                    json={"body": "Desde Facturas > Anular, dentro de las 48 horas."})
    assert response.status_code == 201
    answer = response.get_json()
    assert answer["by_staff"] and answer["parent_id"] == asked.id and answer["state"] == \
        "published"
    assert fresh(asked.id).answered_at is not None
    page = client.application.test_client().get(article_url(guide)).get_data(as_text=True)
    assert "Desde Facturas &gt; Anular" in page and "Equipo de soporte" in page
    outbox_sender.deliver_due()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "ana@example.com"
    assert "respondió tu comentario" in str(mail["Subject"])
    text = mail.get_body(("plain",)).get_content()
    assert "Desde Facturas > Anular" in text and "Marta" in text
    assert f"/help/acme/es/articles/emitir#comment-{asked.id}" in text
    # A second answer is published too, without a second email.
    call(client, token, "POST", f"/{asked.id}/answer", json={"body": "También por la API."})
    assert db.session.execute(db.select(db.func.count(OutboxMessage.id))).scalar() == 1


def test_an_answer_with_nothing_to_say_is_refused_and_stores_nothing(client, site, guide, ana,
                                                                      token):
    asked = comment(site, guide, ana)
    refused = call(client, token, "POST", f"/{asked.id}/answer", json={"body": "  "},
                   query_string={"locale": "es"})
    assert refused.status_code == 400
    assert refused.get_json()["fields"]["body"] == ["Escribe algo primero."]
    assert db.session.execute(db.select(db.func.count(Post.id))).scalar() == 1


def test_a_cookie_session_needs_the_csrf_header_for_changes(client, site, guide, ana, advisor):
    asked = comment(site, guide, ana, "Llámenme al 310 555 0199")
    csrf = signed_in(client, advisor)
    refused = client.post(f"/api/v1/advisor/posts/{asked.id}/approve")
    assert refused.status_code == 403 and fresh(asked.id).state == "pending"
    assert client.get("/api/v1/advisor/posts").status_code == 200
    approved = client.post(f"/api/v1/advisor/posts/{asked.id}/approve",
                           headers={"X-CSRFToken": csrf})
    assert approved.status_code == 200 and fresh(asked.id).state == "published"


def test_accepting_an_answer_emails_its_author(client, site, ana, token, smtp_server):
    asked = question(site, ana)
    bob = help_center_user(site, "bob", "Bob", "bob@example.com", locale="en")[0]
    answer = posts.create(site, kind="answer", body="Use Month > Close.", locale="es", user=bob,
                          parent=asked)
    accepted = call(client, token, "POST", f"/{asked.id}/accept", json={"answer_id": answer.id})
    assert accepted.status_code == 200 and accepted.get_json()["accepted_answer_id"] == answer.id
    outbox_sender.deliver_due()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "bob@example.com" and "accepted" in str(mail["Subject"])
    # The question itself is not an answer of itself.
    wrong = call(client, token, "POST", f"/{asked.id}/accept", json={"answer_id": asked.id})
    assert wrong.status_code == 422


def test_a_question_becomes_a_draft_article_for_admins_only(client, site, ana, token,
                                                            admin_advisor):
    asked = question(site, ana, title="¿Cómo cierro el mes contable?")
    posts.create(site, kind="answer", body="Desde Contabilidad > Cierre.", locale="es",
                 advisor=admin_advisor, parent=asked)
    refused = call(client, token, "POST", f"/{asked.id}/convert", json={"to": "article"})
    assert refused.status_code == 403
    admin = advisor_login(client, admin_advisor.email)
    done = call(client, admin, "POST", f"/{asked.id}/convert", json={"to": "article"})
    assert done.status_code == 200
    article = db.session.get(Article, done.get_json()["converted_article_id"])
    assert article.title == "¿Cómo cierro el mes contable?" and article.locale == "es"
    assert article.published is False and "Desde Contabilidad > Cierre." in article.body_md
    assert "No encuentro la opción." in article.body_md
    # A draft: readers do not find it.
    assert client.get(article_url(article)).status_code == 404
    again = call(client, admin, "POST", f"/{asked.id}/convert", json={"to": "article"})
    assert again.status_code == 409


def test_a_question_becomes_a_ticket_of_its_asker(client, site, ana, token, smtp_server):
    asked = question(site, ana)
    done = call(client, token, "POST", f"/{asked.id}/convert", json={"to": "ticket"})
    assert done.status_code == 200
    body = done.get_json()
    ticket = db.session.get(Ticket, body["converted_ticket_id"])
    assert body["converted_ticket_number"] == ticket.number
    assert (ticket.requester_user_id, ticket.requester_email) == (ana.id, "ana@example.com")
    assert ticket.subject == asked.title and ticket.description == asked.body
    outbox_sender.deliver_due()
    [mail] = smtp_server.wait_for(1)
    assert mail["To"] == "ana@example.com" and str(ticket.number) in str(mail["Subject"])
    # Comments are not questions.
    assert call(client, token, "POST", f"/{asked.id}/convert",
                json={"to": "ticket"}).status_code == 409


def test_advisors_of_another_site_reach_nothing(client, site, guide, ana, outsider):
    asked = comment(site, guide, ana, "Llámenme al 310 555 0199")
    olga = advisor_login(client, outsider.email)
    assert call(client, olga, "GET", "").get_json()["posts"] == []
    for method, url, payload in (("GET", f"/{asked.id}", None),
                                 ("POST", f"/{asked.id}/approve", None),
                                 ("POST", f"/{asked.id}/hide", None),
                                 ("PATCH", f"/{asked.id}", {"body": "x"}),
                                 ("DELETE", f"/{asked.id}", None),
                                 ("POST", f"/{asked.id}/answer", {"body": "x"}),
                                 ("POST", f"/{asked.id}/accept", {"answer_id": asked.id}),
                                 ("POST", f"/{asked.id}/convert", {"to": "ticket"})):
        assert call(client, olga, method, url, json=payload).status_code == 404, url
    assert fresh(asked.id).state == "pending" and fresh(asked.id).body.startswith("Llámenme")
    assert call(client, None, "GET", "").status_code == 401
    make_advisor("x@example.com", "X")  # an advisor on no team sees an empty queue
    assert call(client, advisor_login(client, "x@example.com"), "GET",
                "").get_json()["total"] == 0


def test_the_team_answers_a_community_question_and_the_asker_gets_its_link(
        client, site, ana, token, smtp_server):
    site.community_enabled = True
    db.session.commit()
    asked = question(site, ana)
    answered = call(client, token, "POST", f"/{asked.id}/answer", json={"body": "Desde Cierre."})
    assert answered.status_code == 201 and answered.get_json()["kind"] == "answer"
    outbox_sender.deliver_due()
    [mail] = smtp_server.wait_for(1)
    assert "respondió tu pregunta" in str(mail["Subject"])
    text = mail.get_body(("plain",)).get_content()
    link = next(word for word in text.split() if f"/{asked.id}" in word)
    assert link.startswith("http://") and "/help/acme/es/" in link
    path = "/" + link.split("//", 1)[1].split("/", 1)[1]  # the link without its host
    assert client.get(path).status_code == 200

"""Comments under help center articles: who may write, what waits for review, spam and abuse."""
import re
import uuid

import pytest

from helpwidget.extensions import db
from helpwidget.models import Post
from helpwidget.schemas.post import render
from helpwidget.services import posts
from tests.support.articles import make_article
from tests.support.fixtures_advisors import console_csrf
from tests.support.helpcenter_readers import article_url, help_center_user, reader_client


def csrf_of(client, url):
    """Load a page and return its comment form's CSRF token."""
    html = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def post_comment(client, article, body, **extra):
    """Send the comment form of an article page as the browser would."""
    url = article_url(article)
    form = {"csrf_token": csrf_of(client, url), "body": body, "website": "", **extra}
    return client.post(url + "/comments", data=form)


def stored(article):
    """Return the comments stored under an article."""
    db.session.expire_all()
    return db.session.execute(db.select(Post).filter_by(article_id=article.id)
                              .order_by(Post.id)).scalars().all()


@pytest.fixture
def guide(site):
    """Return a public Spanish article of `site`."""
    return make_article(site, "Cómo emitir una factura", "Pasos para emitir.", slug="emitir")


@pytest.fixture
def ana(app, site):
    """Return (user, client) of Ana, signed in to acme's help center."""
    user, raw = help_center_user(site, "ana", "Ana Pérez", "ana@example.com")
    return user, reader_client(app, site, raw, "10.1.0.1")


@pytest.fixture
def bob(app, site):
    """Return (user, client) of Bob, another signed-in reader."""
    user, raw = help_center_user(site, "bob", "Bob Ruiz", "bob@example.com")
    return user, reader_client(app, site, raw, "10.1.0.2")


def test_a_plain_comment_is_published_at_once_under_post_moderation(app, site, guide, ana, bob):
    _user, client = ana
    response = post_comment(client, guide, "¿Se puede anular una factura ya enviada?")
    assert response.status_code == 303
    assert response.location.endswith(f"#comment-{stored(guide)[0].id}")
    page = client.get(article_url(guide)).get_data(as_text=True)
    assert "¿Se puede anular una factura ya enviada?" in page and "Ana Pérez" in page
    assert "Tu comentario está publicado." in page  # the notice, in the page's language
    # Everyone else reads it too, signed in or not.
    assert "anular una factura" in bob[1].get(article_url(guide)).get_data(as_text=True)
    assert "anular una factura" in app.test_client().get(article_url(guide)).get_data(
        as_text=True)


@pytest.mark.parametrize("body, reason", [
    ("Llámenme al +57 310 555 0199 por favor", "phone"),
    ("Escríbanme a ana.perez@empresa.example", "email"),
    ("Lo explican en https://example.net/guia", "link"),
    ("Mi tarjeta 4111 1111 1111 1111 falla", "card"),
])
def test_contact_details_and_links_wait_for_review_seen_only_by_their_author(
        app, site, guide, ana, bob, body, reason):
    _user, client = ana
    assert post_comment(client, guide, body).status_code == 303
    comment = stored(guide)[0]
    assert (comment.state, comment.held_reason) == ("pending", reason)
    mine = client.get(article_url(guide)).get_data(as_text=True)
    assert "Esperando revisión" in mine and "revisado" in mine
    visible_text = re.sub(r"<[^>]+>", "", str(render(body)))
    assert visible_text in re.sub(r"<[^>]+>", "", mine)
    for other in (bob[1], app.test_client()):
        page = other.get(article_url(guide)).get_data(as_text=True)
        assert visible_text not in re.sub(r"<[^>]+>", "", page)
        assert "Esperando revisión" not in page


def test_pre_moderation_holds_every_comment(app, site, guide, ana, bob):
    site.comment_moderation = "pre"
    db.session.commit()
    post_comment(ana[1], guide, "Una pregunta sin enlaces")
    comment = stored(guide)[0]
    assert (comment.state, comment.held_reason) == ("pending", "moderation")
    assert "Una pregunta sin enlaces" not in bob[1].get(article_url(guide)).get_data(
        as_text=True)
    assert "Los comentarios aparecen cuando el equipo de soporte los ha revisado." in \
        ana[1].get(article_url(guide)).get_data(as_text=True)


def test_the_honeypot_drops_a_bot_comment_and_answers_as_if_accepted(app, site, guide, ana):
    response = post_comment(ana[1], guide, "Compre barato", website="http://spam.example")
    assert response.status_code == 303
    assert stored(guide) == []
    assert "revisado" in ana[1].get(article_url(guide)).get_data(as_text=True)


def test_invalid_comments_are_refused_in_the_readers_language_keeping_the_text(
        app, site, guide, ana):
    response = post_comment(ana[1], guide, "   ")
    assert response.status_code == 422
    assert "Escribe algo primero." in response.get_data(as_text=True)
    long_text = "Mucho texto <b>negrita</b> " * 200
    response = post_comment(ana[1], guide, long_text)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "4000" in html
    # What they typed comes back in the form, escaped.
    assert "Mucho texto &lt;b&gt;negrita&lt;/b&gt;" in html and "<b>negrita" not in html
    english = make_article(site, "Issuing an invoice", "Steps.", slug="issuing", locale="en")
    response = post_comment(ana[1], english, "")
    assert response.status_code == 422 and "Write something first." in response.get_data(
        as_text=True)
    assert stored(guide) == [] and stored(english) == []


def test_signed_out_readers_are_sent_to_sign_in(app, site, guide):
    client = app.test_client()
    page = client.get(article_url(guide)).get_data(as_text=True)
    assert 'class="comment-form"' not in page
    if "helpcenter.sign_in" in app.view_functions:
        assert "Inicia sesión para comentar" in page
    token = console_csrf(client)
    response = client.post(article_url(guide) + "/comments", data={"csrf_token": token,
                                                                   "body": "Hola"})
    assert response.status_code == 303 and stored(guide) == []


def test_a_comment_without_the_forms_csrf_token_is_refused(app, site, guide, ana):
    response = ana[1].post(article_url(guide) + "/comments", data={"body": "Sin token"})
    assert response.status_code == 400
    assert stored(guide) == []


def test_posting_is_limited_per_user_and_per_address(app, site, guide, ana):
    app.config["RATELIMIT_PUBLIC_POSTS"] = "2 per minute"
    for n in range(2):
        assert post_comment(ana[1], guide, f"Comentario {n}").status_code == 303
    refused = post_comment(ana[1], guide, "Uno más, por favor")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert "demasiado rápido" in html and "Uno más, por favor" in html
    # Another user from the same address is counted with her; from elsewhere, not.
    _carla, raw = help_center_user(site, "carla", "Carla", "carla@example.com")
    assert post_comment(reader_client(app, site, raw, "10.1.0.1"), guide,
                        "Desde la misma red").status_code == 429
    assert post_comment(reader_client(app, site, raw, "10.1.0.9"), guide,
                        "Desde otra red").status_code == 303
    assert [c.body for c in stored(guide)] == ["Comentario 0", "Comentario 1", "Desde otra red"]
    # Another installation sharing the rate-limit storage keeps its own counts.
    app.config["RATELIMIT_KEY_PREFIX"] = f"install-{uuid.uuid4().hex}"
    assert post_comment(ana[1], guide, "En otra instalación").status_code == 303


def test_three_reports_hold_a_comment_until_an_advisor_looks(app, site, guide, ana, bob):
    post_comment(ana[1], guide, "Un comentario discutible")
    comment = stored(guide)[0]
    flag_url = f"{article_url(guide)}/comments/{comment.id}/flag"
    # Her own comment offers no report button, and reporting it is refused.
    assert flag_url not in ana[1].get(article_url(guide)).get_data(as_text=True)
    ana[1].post(flag_url, data={"csrf_token": csrf_of(ana[1], article_url(guide))})
    assert stored(guide)[0].flag_count == 0
    reporters = [bob[1]] + [reader_client(app, site, help_center_user(
        site, f"u{n}", f"User {n}", f"u{n}@example.com")[1], f"10.2.0.{n}") for n in (1, 2)]
    for number, client in enumerate(reporters):
        page = client.get(article_url(guide)).get_data(as_text=True)
        assert flag_url in page
        response = client.post(flag_url, data={"csrf_token": csrf_of(client,
                                                                      article_url(guide))})
        assert response.status_code == 303
        if number == 0:  # the same reader twice counts once
            client.post(flag_url, data={"csrf_token": csrf_of(client, article_url(guide))})
    comment = stored(guide)[0]
    assert (comment.flag_count, comment.state, comment.held_reason) == (3, "pending", "flags")
    assert "Un comentario discutible" not in app.test_client().get(
        article_url(guide)).get_data(as_text=True)


def test_a_restricted_articles_comments_are_as_private_as_the_article(app, site, ana):
    secret = make_article(site, "Cierre para contadores", "Solo contadores.", slug="cierre",
                          audience=["accountant"])
    accountant, raw = help_center_user(site, "acc", "Contadora", "c@example.com",
                                       account_type="accountant")
    client = reader_client(app, site, raw, "10.3.0.1")
    assert post_comment(client, secret, "¿Vale para 2024?").status_code == 303
    assert stored(secret)[0].author_user_id == accountant.id
    # Ana is not an accountant: she can neither post there nor read what is there.
    response = ana[1].post(article_url(secret) + "/comments",
                           data={"csrf_token": console_csrf(ana[1]),
                                 "body": "Me cuelo"})
    assert response.status_code == 404
    assert len(stored(secret)) == 1


def test_the_support_teams_answers_show_nested_and_marked(app, site, guide, ana, advisor):
    post_comment(ana[1], guide, "¿Cómo anulo?")
    comment = stored(guide)[0]
    posts.create(site, kind="comment", body="Desde Facturas > Anular.", locale="es",
                 advisor=advisor, article=guide, parent=comment)
    html = app.test_client().get(article_url(guide)).get_data(as_text=True)
    replies = html[html.index(f'id="comment-{comment.id}"'):]
    assert 'class="replies"' in replies and "Equipo de soporte" in replies
    assert "Desde Facturas &gt; Anular." in replies and advisor.name in replies


def test_a_report_of_a_comment_that_does_not_exist_is_a_plain_404(app, site, guide, ana):
    token = csrf_of(ana[1], article_url(guide))
    for post_id in ("999999", "9" * 30):
        response = ana[1].post(f"{article_url(guide)}/comments/{post_id}/flag",
                               data={"csrf_token": token})
        assert response.status_code == 404

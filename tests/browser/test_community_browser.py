"""The community in Chromium: ask, answer, accept and find; public answers in the widget."""
import re

from helpwidget.services import community, posts, sites
from tests.support.articles import make_article
from tests.support.fixtures_widget import open_panel, search_box
from tests.support.helpcenter_readers import help_center_session


def signed_in_page(browser, live_server, site, name, email):
    """Return a page of a new browser context signed in to the help center as a new user."""
    _, raw = help_center_session(site, name, email)
    context = browser.new_context()
    context.add_cookies([{"name": "hw_help", "value": raw, "domain": "127.0.0.1",
                          "path": f"/help/{site.key}/", "httpOnly": True, "sameSite": "Lax"}])
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return page, errors


def test_ask_answer_accept_then_find_it_in_search(browser, live_server, open_site):
    asker, asker_errors = signed_in_page(browser, live_server, open_site, "Camilo Rojas",
                                         "camilo@example.com")
    asker.goto(f"{live_server}/help/acme/es/")
    asker.get_by_role("link", name="Comunidad").click()
    asker.get_by_role("heading", name="Haz una pregunta a la comunidad").wait_for()
    asker.get_by_label("Título").fill("¿Cómo cambio la fecha de vencimiento?")
    asker.get_by_label("Tu pregunta").fill("Quiero cambiar la fecha de vencimiento de una "
                                           "factura de transferencia.")
    asker.get_by_role("button", name="Publicar la pregunta").click()
    asker.locator("article.question h1").filter(has_text="¿Cómo cambio la fecha").wait_for()
    question_url = asker.url
    assert re.search(r"/help/acme/es/community/\d+$", question_url)

    helper, helper_errors = signed_in_page(browser, live_server, open_site, "Liceth Gómez",
                                           "liceth@example.com")
    helper.goto(f"{live_server}/help/acme/es/community")
    helper.get_by_role("link", name="¿Cómo cambio la fecha de vencimiento?").click()
    # Only the asker may accept: the helper gets no accept button.
    helper.get_by_role("textbox", name="Tu respuesta").fill(
        "La fecha de vencimiento se define al elaborar la factura, en el campo Vencimiento.")
    helper.get_by_role("button", name="Publicar la respuesta").click()
    helper.locator(".answer").filter(has_text="en el campo Vencimiento").wait_for()
    assert helper.get_by_role("button", name="Aceptar esta respuesta").count() == 0

    asker.goto(question_url)
    answer = asker.locator(".answer").filter(has_text="en el campo Vencimiento")
    answer.get_by_role("button", name="Aceptar esta respuesta").click()
    asker.locator(".answer.accepted").filter(has_text="Respuesta aceptada").wait_for()

    # Accepted, it is an answer the help center's search finds, marked as community.
    asker.get_by_label("Buscar en el centro de ayuda").fill("fecha vencimiento")
    asker.get_by_role("button", name="Buscar", exact=True).click()
    hit = asker.locator(".community-hit")
    hit.wait_for()
    assert "Comunidad" in hit.locator(".kind").inner_text()
    hit.get_by_role("link", name="¿Cómo cambio la fecha de vencimiento?").click()
    asker.wait_for_url(question_url)
    asker.context.close()
    helper.context.close()
    assert asker_errors == [] and helper_errors == []


def test_the_widget_shows_an_articles_public_answers_and_community_links(
        page, host_app, open_site, advisor):
    host_app.lang = "en"
    menu = [*(open_site.menu or []), {"item": "community", "enabled": True}]
    sites.save_site("acme", menu=menu)
    article = make_article(open_site, "Change a due date", locale="en", slug="due-date",
                           body="Due dates are set when the invoice is drafted.")
    user, _ = help_center_session(open_site, "Camilo Rojas", "camilo@example.com")
    comment = posts.create(open_site, kind="comment", body="Can I change it after sending?",
                           locale="en", user=user, article=article)
    posts.create(open_site, kind="comment", body="No: issue a credit note instead.",
                 locale="en", advisor=advisor, article=article, parent=comment)
    posts.create(open_site, kind="comment", body="Held: www.spam.example", locale="en",
                 user=user, article=article)
    question = posts.create(open_site, kind="question", title="Credit note for a wrong due date",
                            body="Which credit note fixes a due date?", locale="en", user=user)
    community.answer(open_site, question, "A full credit note, then a new invoice.",
                     advisor=advisor)

    frame = open_panel(page, host_app)
    link = frame.locator(".hw-menu-item[data-item='community']")
    assert link.get_attribute("href") == "/help/acme/en/community"
    assert link.get_attribute("target") == "_blank"

    search_box(frame).press_sequentially("credit note", delay=20)
    hit = frame.locator("a.hw-result-community")
    hit.wait_for()
    assert hit.locator(".hw-kind").text_content() == "Community"
    assert hit.get_attribute("href") == f"/help/acme/en/community/{question.id}"
    assert hit.get_attribute("target") == "_blank"

    frame.get_by_label("Search the help center").fill("due date drafted")
    frame.locator("button.hw-result").filter(has_text="Change a due date").click()
    answers = frame.locator(".hw-answers")
    answers.get_by_text("Can I change it after sending?").wait_for()
    team = answers.locator(".hw-post-staff")
    assert "No: issue a credit note instead." in team.inner_text()
    assert "Support team" in team.inner_text()
    assert "spam" not in answers.inner_text()
    ask = answers.get_by_role("link", name=re.compile("Ask in the help center"))
    assert ask.get_attribute("href") == "/help/acme/en/articles/due-date"

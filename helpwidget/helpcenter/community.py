"""The community: questions and answers of a site's users and support team, per language."""
from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.routing import BuildError

from helpwidget.errors import AppError
from helpwidget.helpcenter import bp
from helpwidget.helpcenter.comments import within_limit
from helpwidget.helpcenter.session import current_user, sign_in_required
from helpwidget.schemas.post import (
    PostInputSchema,
    QuestionInputSchema,
    honeypot_filled,
    render,
)
from helpwidget.services import article_reading, community, question_documents

QUESTION = "/<site_key>/<locale>/community/<int(max=999999999):question_id>"


def _enabled():
    """Answer 404 unless the site runs a community."""
    if not g.site.community_enabled:
        abort(404)


def _sign_in_url():
    """Return the sign-in page that comes back here, or None if sign-in is not available."""
    try:
        return url_for("helpcenter.sign_in", site_key=g.site.key, locale=g.locale,
                       next=request.full_path.rstrip("?"))
    except BuildError:
        return None


def _list_page(errors=None, form=None, status=200):
    """Render the community's question list, with the ask form's errors if any."""
    which = request.args.get("show", "newest")
    which = which if which in community.FILTERS else "newest"
    query = request.args.get("q", "")[:200]
    page = request.args.get("page", "1")
    page = int(page) if page.isdecimal() and len(page) <= 4 and 0 < int(page) <= 1000 else 1
    found = community.list_questions(g.site, g.locale, current_user(), which, query, page)
    return render_template("helpcenter/community.html", found=found, which=which,
                           community_query=query, user=current_user(),
                           sign_in_url=_sign_in_url(), errors=errors or {}, form=form or {},
                           categories=article_reading.categories(g.site, g.locale)), status


@bp.get("/<site_key>/<locale>/community", endpoint="community")
def community_page(site_key, locale):
    """List the community's questions: newest or unanswered, optionally matching words."""
    _enabled()
    return _list_page()


@bp.post("/<site_key>/<locale>/community")
@sign_in_required
def community_ask(site_key, locale):
    """Post a question; it shows at once or waits for review, as the site's rules say."""
    _enabled()
    form = request.form.to_dict()
    form.pop("csrf_token", None)
    try:
        data = QuestionInputSchema().load(form)
    except ValidationError as error:
        return _list_page(error.messages, form, 422)
    # One budget per user and per IP with comments under articles (the comments' counter).
    if not within_limit("RATELIMIT_PUBLIC_POSTS", current_user()):
        return _list_page({"body": [_l("You are posting too fast. Wait a while and try again.")]},
                          form, 429)
    if honeypot_filled(data):
        # A bot filled the hidden field: it sees the usual outcome, nothing is stored.
        return redirect(url_for(".community", site_key=site_key, locale=locale))
    question = community.ask(g.site, locale, current_user(), data["title"], data["body"])
    return redirect(url_for(".community_question", site_key=site_key, locale=locale,
                            question_id=question.id))


def _question_page(question_id, errors=None, form=None, status=200):
    """Render one question with the answers the reader may see."""
    user = current_user()
    question = community.get_question(g.site, g.locale, question_id, user)
    return render_template("helpcenter/community_question.html", question=question,
                           answers=community.answers(question, user), user=user,
                           accepted=question_documents.accepted_answer(question), render=render,
                           sign_in_url=_sign_in_url(), errors=errors or {}, form=form or {},
                           categories=article_reading.categories(g.site, g.locale)), status


@bp.get(QUESTION)
def community_question(site_key, locale, question_id):
    """Show a question, its accepted answer first, then the other answers."""
    _enabled()
    return _question_page(question_id)


@bp.post(QUESTION + "/answers")
@sign_in_required
def community_answer(site_key, locale, question_id):
    """Answer a published question as the signed-in user."""
    _enabled()
    question = community.get_question(g.site, locale, question_id, current_user())
    form = request.form.to_dict()
    form.pop("csrf_token", None)
    try:
        data = PostInputSchema().load(form)
    except ValidationError as error:
        return _question_page(question_id, error.messages, form, 422)
    if not within_limit("RATELIMIT_PUBLIC_POSTS", current_user()):
        return _question_page(question_id, {"body": [
            _l("You are posting too fast. Wait a while and try again.")]}, form, 429)
    target = url_for(".community_question", site_key=site_key, locale=locale,
                     question_id=question.id)
    if honeypot_filled(data):
        return redirect(target)
    try:
        answer = community.answer(g.site, question, data["body"], user=current_user())
    except AppError as error:
        return _question_page(question_id, {"body": [str(error.message)]}, form, error.status)
    return redirect(f"{target}#answer-{answer.id}")


@bp.post(QUESTION + "/accept")
@sign_in_required
def community_accept(site_key, locale, question_id):
    """Accept an answer: only the person who asked may (advisors do it from the console)."""
    _enabled()
    question = community.get_question(g.site, locale, question_id, current_user())
    answer_id = request.form.get("answer_id", "")
    if not answer_id.isdecimal() or len(answer_id) > 9:
        abort(400)
    try:
        community.accept(question, int(answer_id), user=current_user())
    except AppError as error:
        return _question_page(question_id, {"accept": [str(error.message)]}, None, error.status)
    return redirect(url_for(".community_question", site_key=site_key, locale=locale,
                            question_id=question.id) + f"#answer-{answer_id}")

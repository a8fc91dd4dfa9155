"""The community: questions not tied to an article, answered by users and the support team."""
import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from helpwidget import search
from helpwidget.errors import Conflict, NotFound
from helpwidget.extensions import db
from helpwidget.models import Post, Site
from helpwidget.search import community as community_search
from helpwidget.services import post_moderation, posts, signals

log = logging.getLogger(__name__)
PER_PAGE = 20
FILTERS = ("newest", "unanswered")


def ensure_enabled(site):
    """Raise NotFound unless the site runs a community."""
    if not site.community_enabled:
        raise NotFound(_l("There is nothing here."))


def _published_answers():
    """Return a correlated count of a question's published answers."""
    answer = aliased(Post)
    return (select(func.count(answer.id)).where(
        answer.parent_id == Post.id, answer.kind == "answer", answer.state == "published")
        .correlate(Post).scalar_subquery())


def list_questions(site, locale, user=None, which="newest", q="", page=1):
    """Return {"questions": [(question, answer count)], "total", "page", "per_page"}."""
    ensure_enabled(site)
    answers = _published_answers()
    query = select(Post, answers).where(Post.site_id == site.id, Post.locale == locale,
                                        Post.kind == "question", posts.visible(user))
    if which == "unanswered":
        query = query.where(answers == 0)
    words = [w for w in (q or "").split()[:8] if w]
    for word in words:
        # LIKE wildcards the reader typed are matched literally.
        pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Post.title.ilike(pattern, escape="\\"),
                                Post.body.ilike(pattern, escape="\\")))
    total = db.session.execute(select(func.count()).select_from(query.subquery())).scalar()
    rows = db.session.execute(query.order_by(Post.created_at.desc(), Post.id.desc())
                              .offset((page - 1) * PER_PAGE).limit(PER_PAGE)).all()
    return {"questions": [(question, count) for question, count in rows], "total": total,
            "page": page, "per_page": PER_PAGE}


def get_question(site, locale, question_id, user=None):
    """Return a question the reader may see (published, or their own pending one), or 404."""
    ensure_enabled(site)
    question = db.session.execute(select(Post).where(
        Post.id == question_id, Post.site_id == site.id, Post.locale == locale,
        Post.kind == "question", posts.visible(user))).scalar_one_or_none()
    if question is None:
        raise NotFound(_l("This question does not exist or is not available to you."))
    return question


def answers(question, user=None):
    """Return the answers the reader may see: the accepted one first, then oldest first."""
    found = db.session.execute(select(Post).where(
        Post.parent_id == question.id, Post.kind == "answer", posts.visible(user))
        .order_by(Post.created_at, Post.id)).scalars().all()
    return sorted(found, key=lambda a: a.id != question.accepted_answer_id)


def accepted_answer(question):
    """Return the question's accepted answer while it is published, else None."""
    if question.accepted_answer_id is None:
        return None
    answer = db.session.get(Post, question.accepted_answer_id)
    ok = answer is not None and answer.state == "published" and answer.parent_id == question.id
    return answer if ok else None


def ask(site, locale, user, title, body):
    """Post a question to the site's community in `locale` (it may wait for review)."""
    ensure_enabled(site)
    return posts.create(site, kind="question", title=title, body=body, locale=locale, user=user)


def answer(site, question, body, user=None, advisor=None):
    """Answer a published question as a user or an advisor."""
    ensure_enabled(site)
    if question.kind != "question" or question.state != "published":
        raise Conflict(_l("This question cannot be answered now."))
    return posts.create(site, kind="answer", body=body, locale=question.locale, user=user,
                        advisor=advisor, parent=question)


def accept(question, answer_id, user=None, advisor=None):
    """Mark a published answer of the question as accepted: by the asker, or by an advisor."""
    found = db.session.get(Post, answer_id)
    if (found is None or found.parent_id != question.id or found.kind != "answer"
            or found.state != "published"):
        raise NotFound(_l("This answer does not exist or is not available to you."))
    if question.accepted_answer_id == found.id:
        return question
    return post_moderation.accept(question, found, user=user, advisor=advisor)


# --- search: answered questions are documents of the help center's index ---------------------

def is_answered(question):
    """Tell whether a question belongs in search: published, with an accepted or team answer."""
    if question.kind != "question" or question.state != "published":
        return False
    return accepted_answer(question) is not None or _team_answers(question) != []


def _team_answers(question):
    """Return the support team's published answers of a question."""
    return db.session.execute(select(Post).where(
        Post.parent_id == question.id, Post.kind == "answer", Post.state == "published",
        Post.author_advisor_id.is_not(None)).order_by(Post.id)).scalars().all()


def document(question, site=None):
    """Build the search document of a question (unpublished when it is not searchable)."""
    site = site or db.session.get(Site, question.site_id)
    searchable = site.community_enabled and is_answered(question)
    accepted = accepted_answer(question)
    shown = ([accepted] if accepted else []) + [
        a for a in _team_answers(question) if accepted is None or a.id != accepted.id]
    return community_search.question_document(
        question, site.key, [a.body for a in shown], published=searchable)


def documents():
    """Yield the search documents of every answered question of sites with a community."""
    answered = aliased(Post)
    query = select(Post).join(Site, Site.id == Post.site_id).where(
        Site.community_enabled.is_(True), Post.kind == "question", Post.state == "published",
        or_(Post.accepted_answer_id.is_not(None), select(answered.id).where(and_(
            answered.parent_id == Post.id, answered.state == "published",
            answered.author_advisor_id.is_not(None))).exists()))
    for question in db.session.execute(query).scalars():
        doc = document(question)
        if doc.published:
            yield doc


def reindex_question(question_id):
    """Make one question's search entry match the database (none if it is not searchable)."""
    question = db.session.get(Post, question_id)
    index = search.get_index()
    if question is None or question.kind != "question":
        index.delete([community_search.doc_id(question_id)])
        return
    index.upsert([document(question)])


def _question_ids(post, post_id):
    """Return the ids of the questions whose search entry a changed post may touch."""
    if post is None:
        # Deleted: it was a question, or an answer some question had accepted.
        accepting = db.session.execute(select(Post.id).where(
            Post.accepted_answer_id == post_id)).scalars().all()
        return [post_id, *accepting]
    if post.kind == "question":
        return [post.id]
    if post.kind == "answer" and post.parent_id:
        return [post.parent_id]
    return []


def _on_post_changed(sender, post=None, event=None, post_id=None, **extra):
    """Keep the index in step with questions and their answers; never fail the change itself."""
    if event == "flagged" and post is not None and post.state == "published":
        return
    try:
        for question_id in _question_ids(post, post_id):
            reindex_question(question_id)
    except Exception:  # the post is stored; `flask reindex` repairs the index
        log.exception("search index update failed for community post %s; run `flask reindex`",
                      post_id)


signals.post_changed.connect(_on_post_changed)

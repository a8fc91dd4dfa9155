"""The community: questions not tied to an article, answered by users and the support team."""
import logging

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from helpwidget.errors import Conflict, NotFound
from helpwidget.extensions import db
from helpwidget.models import Post
from helpwidget.services import post_moderation, posts, search_sync, signals

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


def _on_post_changed(sender, post=None, event=None, post_id=None, **extra):
    """Bring this machine's search up to date with a question or answer just changed.

    The change is already in the search change log (same transaction); other machines apply
    it from there. A failure here only delays it until this machine's follower runs.
    """
    if event == "flagged" and post is not None and post.state == "published":
        return
    try:
        search_sync.catch_up()
    except Exception:  # the post is stored and logged; the follower applies it later
        log.exception("search index update failed for community post %s", post_id)


signals.post_changed.connect(_on_post_changed)

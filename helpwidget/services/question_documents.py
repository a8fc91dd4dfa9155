"""Community questions as search documents: searchable once answered by the team or accepted."""
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from helpwidget.extensions import db
from helpwidget.models import Post, Site
from helpwidget.search import community as community_search


def accepted_answer(question):
    """Return the question's accepted answer while it is published, else None."""
    if question.accepted_answer_id is None:
        return None
    answer = db.session.get(Post, question.accepted_answer_id)
    ok = answer is not None and answer.state == "published" and answer.parent_id == question.id
    return answer if ok else None


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

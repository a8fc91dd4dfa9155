"""Community questions as search documents: the question with its accepted and team answers."""
from datetime import UTC, datetime

from helpwidget.search.document import ArticleDoc

# The kind of community documents; articles never have it (see models.article.KINDS).
KIND = "community"


def doc_id(question_id):
    """Return the index id of a question: prefixed, so it never collides with an article id."""
    return f"q{question_id}"


def question_id(stored_id):
    """Return the question id of an index id made by doc_id()."""
    return int(str(stored_id).lstrip("q"))


def question_document(question, site_key, answer_bodies, published=True):
    """Build the document of a question: title, body, then the answers that settle it."""
    return ArticleDoc(
        id=doc_id(question.id),
        site=site_key,
        locale=question.locale,
        slug=str(question.id),
        title=question.title or "",
        # The answers are the words a searcher is most likely to share with a solved question.
        body="\n\n".join([question.body or "", *answer_bodies]),
        kind=KIND,
        published=published,
        updated=question.updated_at or datetime.now(UTC),
    )

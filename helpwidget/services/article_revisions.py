"""Article revision history: a numbered copy of the text at each save, compared line by line."""
import difflib

from flask_babel import lazy_gettext as _l

from helpwidget.errors import NotFound
from helpwidget.extensions import db
from helpwidget.models import ArticleRevision

# The fields a revision keeps, named alike on the article and the revision.
FIELDS = ("title", "summary", "body_md", "category_id", "tags")


def content(source):
    """Return the revisioned fields of an article or a revision."""
    return {name: (list(getattr(source, name) or []) if name == "tags"
                   else getattr(source, name)) for name in FIELDS}


def latest(article):
    """Return the article's newest revision, or None."""
    return db.session.execute(db.select(ArticleRevision).filter_by(article_id=article.id)
                              .order_by(ArticleRevision.number.desc()).limit(1)
                              ).scalar_one_or_none()


def record(article, actor=None):
    """Add a revision of the article's current text (no commit); none when nothing changed."""
    last = latest(article)
    if last is not None and content(last) == content(article):
        return last
    revision = ArticleRevision(article_id=article.id, number=(last.number + 1) if last else 1,
                               author_id=actor.id if actor is not None else None,
                               author_email=actor.email if actor is not None else "",
                               **content(article))
    db.session.add(revision)
    db.session.flush()
    return revision


def ensure_baseline(article):
    """Keep the text of an article saved before history existed, before it is changed."""
    if latest(article) is None:
        record(article)


def history(article):
    """Return the article's revisions, newest first."""
    return db.session.execute(db.select(ArticleRevision).filter_by(article_id=article.id)
                              .order_by(ArticleRevision.number.desc())).scalars().all()


def get(article, number):
    """Return revision `number` of the article, or raise NotFound."""
    revision = db.session.execute(db.select(ArticleRevision).filter_by(
        article_id=article.id, number=number)).scalar_one_or_none()
    if revision is None:
        raise NotFound(_l("This revision does not exist."))
    return revision


def line_ops(old, new):
    """Return the line diff from `old` to `new` text: [{op: same|removed|added, text}]."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    ops = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.extend({"op": "same", "text": line} for line in a[i1:i2])
            continue
        ops.extend({"op": "removed", "text": line} for line in a[i1:i2])
        ops.extend({"op": "added", "text": line} for line in b[j1:j2])
    return ops


def compare(revision, article):
    """Return what changed from the revision to the article's current text, field by field."""
    return {
        "title": line_ops(revision.title, article.title),
        "summary": line_ops(revision.summary, article.summary),
        "body": line_ops(revision.body_md, article.body_md),
        "unified": "\n".join(difflib.unified_diff(
            (revision.body_md or "").splitlines(), (article.body_md or "").splitlines(),
            f"revision {revision.number}", "current", lineterm="")),
        "identical": content(revision) == content(article),
    }

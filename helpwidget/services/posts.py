"""Public posts: what users and advisors write under articles and in the community."""
import re
from datetime import UTC, datetime

from flask import current_app
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Conflict, Forbidden, NotFound
from helpwidget.extensions import db
from helpwidget.models import Post, PostFlag
from helpwidget.models.post import LINK
from helpwidget.services import signals

# A post with one of these waits for an advisor, whatever the site's moderation mode: links
# and contact details are how spam and leaked personal data get in.
_HOLDS = (
    ("link", LINK),
    ("link", re.compile(r"(?i)\b[a-z0-9-]{2,63}\.(?:com|net|org|info|biz|ru|io|co|xyz|top|pl|es"
                        r"|mx|ly|me|app|shop|site|online)\b(?:/\S*)?")),
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("card", re.compile(r"\b(?:\d[ -]?){13,19}\b")),
    # Nine digits or more: phone numbers, not dates, times or invoice numbers.
    ("phone", re.compile(r"(?:\+|\b)\d(?:[\s().-]{0,2}\d){8,14}\b")),
)
# Flags from this many users take a published post down until an advisor looks at it.
FLAGS_TO_HOLD = 3


def _luhn(digits):
    """Tell whether a digit string passes the Luhn check card numbers carry."""
    total, parity = 0, len(digits) % 2
    for i, ch in enumerate(digits):
        d = int(ch)
        if i % 2 == parity:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def held_reason(text):
    """Return why a text must wait for review (link, email, card, phone), or ''."""
    for reason, pattern in _HOLDS:
        for match in pattern.finditer(text or ""):
            if reason == "card" and not _luhn(re.sub(r"\D", "", match.group())):
                continue
            return reason
    return ""


def create(site, *, kind, body, locale, user=None, advisor=None, article=None, parent=None,
           title=""):
    """Store a new post; users' posts may wait for review, the support team's never do."""
    if (user is None) == (advisor is None):
        raise Forbidden(_l("Sign in to write here."))
    now = datetime.now(UTC)
    post = Post(site_id=site.id, locale=locale, kind=kind, article_id=article.id if article else
                None, parent_id=parent.id if parent else None, title=title, body=body,
                author_user_id=user.id if user else None,
                author_advisor_id=advisor.id if advisor else None,
                author_name=(user.name or user.email.split("@")[0]) if user else advisor.name,
                created_at=now, updated_at=now, edits=[])
    if user is not None:
        reason = held_reason(f"{title}\n{body}") or (
            "moderation" if site.comment_moderation == "pre" else "")
        post.state, post.held_reason = ("pending", reason) if reason else ("published", "")
    db.session.add(post)
    answered = advisor is not None and parent is not None and parent.answered_at is None
    if answered:
        parent.answered_at = now
    db.session.commit()
    _announce(post, "created")
    if answered:
        _announce(parent, "answered", answer=post)
    return post


def get(site, post_id):
    """Return a post of this site, or raise NotFound."""
    post = db.session.get(Post, post_id)
    if post is None or post.site_id != site.id:
        raise NotFound(_l("There is nothing here."))
    return post


def by_author(site, user, limit=50):
    """Return what a user wrote on this site (any state, so they see what waits or was hidden)."""
    return db.session.execute(
        db.select(Post).filter_by(site_id=site.id, author_user_id=user.id)
        .order_by(Post.created_at.desc(), Post.id.desc()).limit(limit)).scalars().all()


def visible(query_filter_user=None):
    """Return the SQL condition for posts a reader sees: published, or their own pending ones."""
    condition = Post.state == "published"
    if query_filter_user is not None:
        condition = condition | ((Post.state == "pending") &
                                 (Post.author_user_id == query_filter_user.id))
    return condition


def article_thread(article, user=None):
    """Return [(comment, replies)] a reader sees under an article, oldest first."""
    found = db.session.execute(db.select(Post).where(
        Post.article_id == article.id, Post.kind == "comment", visible(user))
        .order_by(Post.created_at, Post.id)).scalars().all()
    replies = {}
    for post in found:
        if post.parent_id is not None:
            replies.setdefault(post.parent_id, []).append(post)
    # A reply shows only under a comment the reader sees.
    return [(post, replies.get(post.id, [])) for post in found if post.parent_id is None]


def approve(post, advisor):
    """Publish a post that waited for review."""
    return _set_state(post, "published", "approved", advisor)


def hide(post, advisor):
    """Take a post out of public view; its author still sees it was hidden."""
    return _set_state(post, "hidden", "hidden", advisor)


def edit(post, advisor, body, title=None):
    """Change a post's text, keeping the text before the change as a trace."""
    post.edits = [*(post.edits or []), {
        "at": datetime.now(UTC).isoformat(), "advisor_id": advisor.id,
        "advisor_name": advisor.name, "before": post.body,
        **({"title_before": post.title} if title is not None else {})}]
    post.body = body
    if title is not None:
        post.title = title
    post.updated_at = datetime.now(UTC)
    db.session.commit()
    _announce(post, "edited", advisor=advisor)
    return post


def delete(post, advisor):
    """Delete a post and what hangs under it (replies, answers, flags)."""
    post_id, site_id = post.id, post.site_id
    db.session.delete(post)
    db.session.commit()
    signals.post_changed.send(current_app._get_current_object(), post=None, event="deleted",
                      post_id=post_id, site_id=site_id, advisor=advisor)


def flag(post, user, reason=""):
    """Record a user's report once; enough reports take the post down for review."""
    if post.state != "published" or post.author_user_id == user.id:
        raise Conflict(_l("This post cannot be reported."))
    exists = db.session.execute(db.select(PostFlag.id).filter_by(
        post_id=post.id, user_id=user.id)).first()
    if exists:
        return post
    db.session.add(PostFlag(post_id=post.id, user_id=user.id, reason=reason[:500]))
    post.flag_count = (post.flag_count or 0) + 1
    if post.flag_count >= FLAGS_TO_HOLD and not post.by_staff:
        post.state, post.held_reason = "pending", "flags"
    db.session.commit()
    _announce(post, "flagged")
    return post


def _set_state(post, state, event, advisor):
    """Move a post to `state` and tell who listens."""
    post.state = state
    if state == "published":
        post.held_reason = ""
    post.updated_at = datetime.now(UTC)
    db.session.commit()
    _announce(post, event, advisor=advisor)
    return post


def _announce(post, event, **extra):
    """Tell listeners (search index, mail, consoles) that a post changed."""
    signals.post_changed.send(current_app._get_current_object(), post=post, event=event,
                      post_id=post.id, site_id=post.site_id, **extra)

"""The "you were answered" emails of public posts, queued in the outbox in the reader's language.

Subscribed to signals.post_changed: "answered" (the support team answered a comment or
question) mails its author; "accepted" (an answer was accepted) mails the answer's author. Only
to the signed-in user's own address (EndUser.email), never to an address typed in a post.
"""
import logging

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.extensions import db
from helpwidget.models import Article, EndUser, Site
from helpwidget.services import emails, outbox, signals

log = logging.getLogger(__name__)


def answered(post, answer):
    """Enqueue the news of the team's answer to the post's author (caller commits)."""
    site, user = _site_and_author(post)
    if user is None:
        return None
    with force_locale(_locale(post, user, site)):
        if post.kind == "question":
            subject = _("The %(product)s support team answered your question", product=site.name)
            intro = _("%(name)s, of the support team, answered your question:",
                      name=answer.author_name or site.name)
            link = _("Your question: %(link)s", link=post_url(post))
        else:
            subject = _("The %(product)s support team answered your comment", product=site.name)
            intro = _("%(name)s, of the support team, answered your comment:",
                      name=answer.author_name or site.name)
            link = _("Your comment: %(link)s", link=post_url(post))
        content = {"paragraphs": [intro], "quote": answer.body, "quote_first": True,
                   "fields": _context(post), "closing": [link]}
        return _enqueue(site, user, subject, content)


def accepted(question, answer):
    """Enqueue the news that an answer was accepted to that answer's author (caller commits)."""
    site, user = _site_and_author(answer)
    if user is None or user.id == question.author_user_id:
        return None
    with force_locale(_locale(answer, user, site)):
        subject = _("Your answer was accepted at %(product)s", product=site.name)
        content = {"paragraphs": [_("Your answer to “%(title)s” was accepted as the one that "
                                    "solved the question. Thank you for helping.",
                                    title=question.title)],
                   "quote": answer.body, "quote_first": True,
                   "closing": [_("The question: %(link)s", link=post_url(question))]}
        return _enqueue(site, user, subject, content)


def post_url(post):
    """Return the public address of a post: its article's comments, or its community question."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    site = db.session.get(Site, post.site_id)
    root = db.session.get(type(post), post.parent_id) if post.parent_id else post
    if root.article_id:
        article = db.session.get(Article, root.article_id)
        return f"{base}/help/{site.key}/{article.locale}/articles/{article.slug}#comment-{root.id}"
    return base + _question_path(site, root)


def _question_path(site, question):
    """Return the path of a community question page (the help center's home if none is known)."""
    for endpoint in ("helpcenter.question", "helpcenter.community_question"):
        for name in ("question_id", "post_id"):
            try:
                return url_for(endpoint, site_key=site.key, locale=question.locale,
                               **{name: question.id})
            except Exception:  # another name of the route or its argument; try the next
                continue
    return f"/help/{site.key}/{question.locale}/"


def _site_and_author(post):
    """Return (site, author) when the author is a user with an address, else (site, None)."""
    site = db.session.get(Site, post.site_id)
    user = db.session.get(EndUser, post.author_user_id) if post.author_user_id else None
    return site, user if user is not None and user.email else None


def _locale(post, user, site):
    """Return the reader's language: their own, else the language they wrote in."""
    return emails.locale_for(user.locale or post.locale, site)


def _context(post):
    """Return the facts that place a post: its article or question title."""
    if post.article_id:
        article = db.session.get(Article, post.article_id)
        return [(_("Article"), article.title)] if article else []
    return [(_("Question"), post.title)] if post.title else []


def _enqueue(site, user, subject, content):
    """Render and enqueue one email to the user's own address."""
    content = {**content, "signature": _("The %(product)s support team", product=site.name)}
    text, html = emails.render(subject, content)
    reply_to = (site.contact or {}).get("email") or None
    return outbox.enqueue_email([user.email], subject, text, html, reply_to=reply_to, site=site)


def _on_post_changed(sender, post=None, event=None, answer=None, **extra):
    """Queue the emails an answer or an acceptance calls for; never fail the change itself."""
    if post is None or answer is None or event not in ("answered", "accepted"):
        return
    try:
        if event == "answered":
            answered(post, answer)
        else:
            accepted(post, answer)
        db.session.commit()
    except Exception:  # the answer is stored; losing its email must not undo or fail it
        db.session.rollback()
        log.exception("could not queue the email of post %s (%s)", post.id, event)


signals.post_changed.connect(_on_post_changed)

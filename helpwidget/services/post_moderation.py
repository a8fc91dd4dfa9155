"""The support team's side of public posts: the review queue, answers, accepting, conversions."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import case

from helpwidget.errors import Conflict, Forbidden, Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Article, Post, Site, Visitor
from helpwidget.services import (
    advisors,
    articles,
    emails,
    posts,
    response_promise,
    signals,
    ticket_categories,
    ticket_intake,
    tickets,
)
from helpwidget.services.timeutil import utcnow

# What each kind of post may be answered with by the team.
_ANSWER_KIND = {"comment": "comment", "question": "answer"}


def queue(advisor, *, site=None, state=None, kind=None, locale=None, page=1, per_page=25):
    """Return (total, posts) of the advisor's sites: waiting for review first, newest first."""
    site_ids = [site.id] if site is not None else advisors.site_ids_of(advisor)
    conditions = [Post.site_id.in_(site_ids)]
    if state:
        conditions.append(Post.state == state)
    if kind:
        conditions.append(Post.kind == kind)
    if locale:
        conditions.append(Post.locale == locale)
    total = db.session.execute(db.select(db.func.count(Post.id)).where(*conditions)).scalar()
    waiting_first = case((Post.state == "pending", 0), else_=1)
    query = (db.select(Post).where(*conditions)
             .order_by(waiting_first, Post.created_at.desc(), Post.id.desc())
             .offset((page - 1) * per_page).limit(per_page))
    return total, db.session.execute(query).scalars().all()


def get_for_advisor(advisor, post_id):
    """Return a post of one of the advisor's sites, or raise NotFound (also for other sites)."""
    post = db.session.get(Post, post_id)
    if post is None or post.site_id not in advisors.site_ids_of(advisor):
        raise NotFound(_l("There is nothing here."))
    return post


def replies(post):
    """Return what hangs under a post (the team's answers, users' answers), oldest first."""
    return db.session.execute(db.select(Post).filter_by(parent_id=post.id)
                              .order_by(Post.created_at, Post.id)).scalars().all()


def answer(post, advisor, body):
    """Publish the support team's answer under a comment or question; the asker hears of it."""
    root = post.parent if post.parent_id is not None else post
    kind = _ANSWER_KIND.get(root.kind)
    if kind is None:
        raise Conflict(_l("Only comments and questions can be answered."))
    if root.state == "hidden":
        raise Conflict(_l("This post is hidden: show it again before answering."))
    return posts.create(_site(root), kind=kind, body=body, locale=root.locale, advisor=advisor,
                        article=root.article, parent=root)


def accept(question, answer_post, *, advisor=None, user=None):
    """Mark an answer as the one that solved the question (by an advisor or the asker)."""
    if question.kind != "question":
        raise Conflict(_l("Only community questions have accepted answers."))
    if (answer_post.parent_id != question.id or answer_post.kind != "answer"
            or answer_post.state != "published"):
        raise Invalid(_l("Choose a published answer to this question."),
                      fields={"answer_id": [_l("Choose a published answer to this question.")]})
    if advisor is None and (user is None or question.author_user_id != user.id):
        raise Forbidden(_l("Only the person who asked can accept an answer."))
    if question.accepted_answer_id == answer_post.id:
        return question
    question.accepted_answer_id = answer_post.id
    question.updated_at = utcnow()
    db.session.commit()
    signals.post_changed.send(current_app._get_current_object(), post=question, event="accepted",
                            post_id=question.id, site_id=question.site_id, answer=answer_post,
                            advisor=advisor, user=user)
    return question


def convert_to_article(question, advisor):
    """Turn a community question into an unpublished article of its site and language."""
    site = _site(question)
    if not advisors.is_admin(advisor, site):
        raise Forbidden(_l("Only the site's admins can manage its articles."))
    _check_convertible(question, question.converted_article_id)
    with force_locale(question.locale):
        body = "\n\n".join([question.body, *(
            f"**{_('Answer')}:** {reply.body}" for reply in _useful_answers(question))])
    slug = _free_slug(site, question.locale, slugify(question.title, max_length=180) or "question")
    article = articles.save_article(site, {
        "title": question.title[:300], "slug": slug, "locale": question.locale, "body": body,
        "summary": "", "published": False})
    question = db.session.get(Post, question.id)
    question.converted_article_id = article.id
    db.session.commit()
    _converted(question, advisor, article=article)
    return question


def convert_to_ticket(question, advisor):
    """Turn a community question into a support request of its asker, confirmed by email."""
    site = _site(question)
    _check_convertible(question, question.converted_ticket_id)
    user = question.author_user
    if user is None or not user.email:
        raise Conflict(_l("The person who asked has no email address to answer."))
    category = next((c for c in ticket_categories.categories(site) if c["key"] == "questions"),
                    None) or next(c for c in ticket_categories.categories(site)
                                  if not c.get("emergency"))
    subcategory = "other" if ticket_categories.find_subcategory(category, "other") else ""
    priority = ticket_categories.default_priority(category)
    # The asker's latest session, so the request shows in their widget and "my activity".
    visitor = db.session.execute(db.select(Visitor).filter_by(user_id=user.id)
                                 .order_by(Visitor.last_seen_at.desc()).limit(1)).scalar()
    now = utcnow()
    # There is no public "open for someone" yet: the same insert the other openers use.
    ticket = ticket_intake.insert_with_number(dict(
        site_id=site.id, requester_visitor_id=visitor.id if visitor else None,
        requester_user_id=user.id, requester_name=user.name or question.author_name,
        requester_email=user.email, account_id=user.account_id or "", shared=False,
        subject=question.title[:140], category=category["key"], subcategory=subcategory,
        platform="", description=question.body, priority=priority, status="open", cc=[],
        locale=question.locale, page_route="", channel="community", created_at=now,
        updated_at=now,
        due_at=response_promise.due_at(site, now, priority)))
    emails.ticket_created(ticket)
    question.converted_ticket_id = ticket.id
    db.session.commit()
    tickets.announce_created(ticket)
    _converted(question, advisor, ticket=ticket)
    return question


def _check_convertible(question, done):
    """Refuse to convert anything but a community question, or to convert it twice."""
    if question.kind != "question":
        raise Conflict(_l("Only community questions can be converted."))
    if done:
        raise Conflict(_l("This question was already converted."))


def _useful_answers(question):
    """Return the accepted answer, else the team's answers, as starting text for an article."""
    found = [r for r in replies(question) if r.state == "published"]
    accepted = [r for r in found if r.id == question.accepted_answer_id]
    return accepted or [r for r in found if r.by_staff]


def _free_slug(site, locale, slug):
    """Return `slug`, or it with a number, that no article of the site's language uses yet."""
    candidate, number = slug, 1
    while db.session.execute(db.select(Article.id).filter_by(
            site_id=site.id, locale=locale, slug=candidate)).first():
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


def _site(post):
    """Return the site of a post."""
    return db.session.get(Site, post.site_id)


def _converted(question, advisor, **extra):
    """Tell listeners (consoles, search) that a question became an article or a ticket."""
    signals.post_changed.send(current_app._get_current_object(), post=question, event="converted",
                            post_id=question.id, site_id=question.site_id, advisor=advisor,
                            **extra)

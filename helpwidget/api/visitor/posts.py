"""Public posts for the widget: an article's answered comments, and the community's questions."""
from flask import request, url_for

from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.visitor import load_site, reader
from helpwidget.extensions import db
from helpwidget.models import Post
from helpwidget.schemas.base import BaseSchema, Str, locale_field, max_length
from helpwidget.schemas.post import PublicPostSchema
from helpwidget.services import article_reading, community

# What a reader of the widget may see of a post: never its state, flags or the author's id.
_POST_FIELDS = ("id", "body", "author_name", "by_staff", "created_at")
_posts = PublicPostSchema(many=True, only=_POST_FIELDS)
SHOWN_QUESTIONS = 10


class PublicPostsQuerySchema(BaseSchema):
    """Query string of the public posts endpoints: a site and optionally a locale."""

    site = Str(required=True, validate=max_length(64))
    locale = locale_field()


@bp.get("/articles/<slug>/answers")
@operation("An article's published comments with their published replies; the support team's "
           "are marked by_staff.", query=PublicPostsQuerySchema, response=shapes.OBJECT)
def article_answers(slug):
    """Return an article's published comments, each with its published replies (team's marked)."""
    args = PublicPostsQuerySchema().load(request.args)
    site = load_site(args["site"])
    _, account_type, locale = reader(site, args.get("locale"))
    # Only readers who may see the article see what was said under it.
    article = article_reading.get_article(site, locale, slug, account_type)
    comments = db.session.execute(db.select(Post).where(
        Post.article_id == article.id, Post.kind == "comment", Post.parent_id.is_(None),
        Post.state == "published").order_by(Post.created_at, Post.id)).scalars().all()
    replies = {}
    if comments:
        for reply in db.session.execute(db.select(Post).where(
                Post.parent_id.in_([c.id for c in comments]), Post.state == "published")
                .order_by(Post.created_at, Post.id)).scalars():
            replies.setdefault(reply.parent_id, []).append(reply)
    dumped = _posts.dump(comments)
    for item, comment in zip(dumped, comments, strict=True):
        item["replies"] = _posts.dump(replies.get(comment.id, []))
    return {"locale": locale, "comments": dumped,
            "url": url_for("helpcenter.article", site_key=site.key, locale=locale, slug=slug)}


@bp.get("/community")
@operation("The newest questions of the site's community (404 when the site has none), with "
           "links to the help center.", query=PublicPostsQuerySchema, response=shapes.OBJECT)
def community_questions():
    """Return the newest published questions of the site's community (404 when it has none)."""
    args = PublicPostsQuerySchema().load(request.args)
    site = load_site(args["site"])
    _, _, locale = reader(site, args.get("locale"))
    found = community.list_questions(site, locale)
    shown = found["questions"][:SHOWN_QUESTIONS]
    return {"locale": locale, "total": found["total"],
            "url": url_for("helpcenter.community", site_key=site.key, locale=locale),
            "questions": [{
                "id": question.id, "title": question.title, "answers": count,
                "accepted": question.accepted_answer_id is not None,
                "url": url_for("helpcenter.community_question", site_key=site.key,
                               locale=locale, question_id=question.id)}
                for question, count in shown]}

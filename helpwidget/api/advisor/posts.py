"""The support team's side of public posts: the review queue, moderation, answers, conversions.

Any advisor on a site's team moderates and answers its posts; turning a question into a draft
article is for the site's admins (articles are theirs). Other sites' posts answer 404.
"""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.schemas.post import (
    AcceptInputSchema,
    AdvisorAnswerSchema,
    AdvisorEditSchema,
    AdvisorPostQuerySchema,
    AdvisorPostSchema,
    ConvertInputSchema,
    PublicPostSchema,
)
from helpwidget.services import post_moderation, posts

_post = AdvisorPostSchema()


def _json():
    """Return the request's JSON object (an empty one when there is none)."""
    return request.get_json(silent=True) or {}


def _detail(post):
    """Return a post with what hangs under it (answers, the team's replies)."""
    return {**_post.dump(post),
            "replies": AdvisorPostSchema(many=True).dump(post_moderation.replies(post))}


@bp.get("/advisor/posts")
@operation("Public posts of the advisor's sites, waiting for review first.",
           query=AdvisorPostQuerySchema, response=shapes.OBJECT)
def advisor_posts():
    """List the public posts of the advisor's sites: waiting for review first."""
    advisor = g.advisor
    args = AdvisorPostQuerySchema().load(request.args)
    site = site_for_advisor(advisor, args["site"]) if args.get("site") else None
    total, found = post_moderation.queue(
        advisor, site=site, state=args.get("state"), kind=args.get("kind"),
        locale=args.get("locale"), page=args["page"], per_page=args["per_page"])
    return {"total": total, "page": args["page"], "per_page": args["per_page"],
            "posts": AdvisorPostSchema(many=True).dump(found)}


@bp.get("/advisor/posts/<id:post_id>")
@operation("A public post in context, with its answers and edits.", response=shapes.OBJECT)
def advisor_post(post_id):
    """Return one post in its context, with its answers and the trace of its edits."""
    return _detail(post_moderation.get_for_advisor(g.advisor, post_id))


@bp.post("/advisor/posts/<id:post_id>/approve")
@operation("Publish a post that waited for review.", response=shapes.OBJECT)
def advisor_approve_post(post_id):
    """Publish a post that waited for review."""
    advisor = g.advisor
    return _detail(posts.approve(post_moderation.get_for_advisor(advisor, post_id), advisor))


@bp.post("/advisor/posts/<id:post_id>/hide")
@operation("Take a post out of public view.", response=shapes.OBJECT)
def advisor_hide_post(post_id):
    """Take a post out of public view."""
    advisor = g.advisor
    return _detail(posts.hide(post_moderation.get_for_advisor(advisor, post_id), advisor))


@bp.patch("/advisor/posts/<id:post_id>")
@operation("Correct a post's text, keeping a trace.", body=AdvisorEditSchema,
           response=shapes.OBJECT)
def advisor_edit_post(post_id):
    """Correct a post's text; the text before stays in its trace of edits."""
    advisor = g.advisor
    post = post_moderation.get_for_advisor(advisor, post_id)
    data = AdvisorEditSchema().load(_json())
    title = data.get("title") if post.kind == "question" else None
    return _detail(posts.edit(post, advisor, data["body"], title=title))


@bp.delete("/advisor/posts/<id:post_id>")
@operation("Delete a post and what hangs under it.", status=204)
def advisor_delete_post(post_id):
    """Delete a post with what hangs under it."""
    advisor = g.advisor
    posts.delete(post_moderation.get_for_advisor(advisor, post_id), advisor)
    return "", 204


@bp.post("/advisor/posts/<id:post_id>/answer")
@operation("Answer in public as the support team.", body=AdvisorAnswerSchema, status=201,
           response=PublicPostSchema)
def advisor_answer_post(post_id):
    """Answer a comment or question in public as the support team; its author is emailed."""
    advisor = g.advisor
    post = post_moderation.get_for_advisor(advisor, post_id)
    data = AdvisorAnswerSchema().load(_json())
    return _post.dump(post_moderation.answer(post, advisor, data["body"])), 201


@bp.post("/advisor/posts/<id:post_id>/accept")
@operation("Accept an answer of a community question.", body=AcceptInputSchema,
           response=shapes.OBJECT)
def advisor_accept_answer(post_id):
    """Accept one answer of a community question."""
    advisor = g.advisor
    question = post_moderation.get_for_advisor(advisor, post_id)
    data = AcceptInputSchema().load(_json())
    answer = post_moderation.get_for_advisor(advisor, data["answer_id"])
    return _detail(post_moderation.accept(question, answer, advisor=advisor))


@bp.post("/advisor/posts/<id:post_id>/convert")
@operation("Turn a community question into a draft article (admins) or a ticket of its asker.",
           body=ConvertInputSchema, response=shapes.OBJECT)
def advisor_convert_post(post_id):
    """Turn a community question into a draft article (admins) or a ticket of its asker."""
    advisor = g.advisor
    question = post_moderation.get_for_advisor(advisor, post_id)
    data = ConvertInputSchema().load(_json())
    if data["to"] == "article":
        question = post_moderation.convert_to_article(question, advisor)
    else:
        question = post_moderation.convert_to_ticket(question, advisor)
    return _detail(question)

"""Public comments under articles: read, ask, flag."""
from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.routing import BuildError

from helpwidget.errors import AppError, stringify
from helpwidget.helpcenter import bp, session
from helpwidget.schemas.post import FlagInputSchema, PostInputSchema, honeypot_filled, render
from helpwidget.services import article_reading, posts, quotas

NOTICES = "comments"  # the flash category of this module's notices
COMMENTS = "/<site_key>/<locale>/articles/<slug>/comments"


def within_limit(setting, user):
    """Count one post (or flag) against config[setting] per user and per IP; False past it."""
    value = current_app.config[setting]
    return quotas.take_all([(value, setting, f"user:{user.id}", 1),
                            (value, setting, f"ip:{request.remote_addr or ''}", 1)])


def _article(locale, slug):
    """Return the article if this reader may see it (its comments are as private), else 404."""
    return article_reading.get_article(g.site, locale, slug, session.account_type())


def _back(found, anchor="comments"):
    """Redirect to the article's comments (303: the browser then GETs it)."""
    return redirect(url_for(".article", site_key=g.site.key, locale=found.locale,
                            slug=found.slug) + "#" + anchor, code=303)


def _sign_in(found):
    """Redirect a signed-out reader to sign in, then back to the article's comments."""
    return redirect(sign_in_url(found) or _back(found).location, code=303)


def _form_again(found, status, message, errors=None, text=""):
    """Show the article again with the comment form's errors and what the reader typed."""
    return render_template(
        "helpcenter/article.html", article=found,
        categories=article_reading.categories(g.site, found.locale, session.account_type()),
        comment_form={"message": message, "errors": errors or {}, "body": text}), status


@bp.post(COMMENTS)
def post_comment(site_key, locale, slug):
    """Publish (or hold for review) a signed-in reader's comment under an article."""
    found = _article(locale, slug)
    user = session.current_user()
    if user is None:
        return _sign_in(found)
    text = request.form.get("body", "")[:20000]
    try:
        data = PostInputSchema().load({"body": request.form.get("body", ""),
                                       "website": request.form.get("website", "")})
    except ValidationError as error:
        return _form_again(found, 422, _l("Check your comment."),
                           stringify(error.messages), text)
    if not within_limit("RATELIMIT_PUBLIC_POSTS", user):
        return _form_again(found, 429, _l("You are posting too fast. Wait a while and try "
                                          "again."), {}, text)
    if honeypot_filled(data):
        # A bot filled the field people never see: drop it, and answer as for any held comment.
        flash(_l("Thank you. Your comment will appear once the support team has reviewed it."),
              NOTICES)
        return _back(found)
    try:
        comment = posts.create(g.site, kind="comment", body=data["body"], locale=found.locale,
                               user=user, article=found)
    except AppError as error:
        return _form_again(found, error.status, error.message, {}, text)
    if comment.state == "published":
        flash(_l("Your comment is published."), NOTICES)
    else:
        flash(_l("Thank you. Your comment will appear once the support team has reviewed it."),
              NOTICES)
    return _back(found, f"comment-{comment.id}")


@bp.post(COMMENTS + "/<int(max=999999999):post_id>/flag")
def flag_comment(site_key, locale, slug, post_id):
    """Report someone else's comment; enough reports hold it for review."""
    found = _article(locale, slug)
    user = session.current_user()
    if user is None:
        return _sign_in(found)
    comment = posts.get(g.site, post_id)
    if comment.article_id != found.id:
        return _back(found)
    try:
        data = FlagInputSchema().load({"reason": request.form.get("reason", "")})
    except ValidationError as error:
        flash(" ".join(stringify(error.messages).get("reason", [])), NOTICES)
        return _back(found, f"comment-{comment.id}")
    if not within_limit("RATELIMIT_POST_FLAGS", user):
        flash(_l("You are reporting too fast. Wait a while and try again."), NOTICES)
        return _back(found, f"comment-{comment.id}")
    try:
        posts.flag(comment, user, data["reason"])
    except AppError as error:
        flash(error.message, NOTICES)
        return _back(found, f"comment-{comment.id}")
    flash(_l("Thank you for the report. The support team will look at this comment."), NOTICES)
    return _back(found, f"comment-{comment.id}")


def sign_in_url(found):
    """Return the sign-in page's address that leads back to the article's comments, or None."""
    path = url_for(".article", site_key=g.site.key, locale=found.locale, slug=found.slug)
    try:
        return url_for(".sign_in", site_key=g.site.key, locale=found.locale,
                       next=path + "#comments")
    except BuildError:  # a help center without sign-in: readers only read
        return None


def article_comments(article):
    """Return what the comments partial shows: the thread, the reader, the site's rules."""
    user = session.current_user()
    return {"thread": posts.article_thread(article, user), "user": user,
            "moderation": g.site.comment_moderation, "sign_in_url": sign_in_url(article)}


bp.add_app_template_global(article_comments, "article_comments")
bp.add_app_template_global(render, "render_post")

"""Signed-in help center pages: my activity, a chat's transcript, a file to download."""
from flask import g, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from helpwidget.helpcenter import bp
from helpwidget.helpcenter.session import current_visitor, sign_in_required
from helpwidget.helpcenter.signed_in import render
from helpwidget.services import (
    attachment_downloads,
    chat_messages,
    chat_queries,
    posts,
    ticket_access,
    ticket_categories,
    ticket_labels,
    ticket_requester,
)

PER_PAGE = 20
CHAT_STATES = {"queued": _l("Waiting for an advisor"), "active": _l("In progress"),
               "closed": _l("Ended")}
POST_STATES = {"pending": _l("Waiting for review"), "published": _l("Published"),
               "hidden": _l("Hidden")}
POST_KINDS = {"comment": _l("Comment"), "question": _l("Question"), "answer": _l("Answer")}


def _page_number(name):
    """Return the page number of query parameter `name` (1 when absent or odd)."""
    value = request.args.get(name, "1")
    return int(value) if value.isdecimal() and len(value) <= 5 and 0 < int(value) <= 10000 else 1


@bp.get("/<site_key>/<locale>/activity")
@sign_in_required
def activity(site_key, locale):
    """List the reader's requests (open and closed), chats and public posts."""
    visitor = current_visitor()
    pages = {state: _page_number(f"{state}_page") for state in ("open", "closed")}
    found = {state: ticket_requester.mine(visitor, state, pages[state], PER_PAGE)
             for state in pages}
    history = chat_queries.history(visitor)
    return render("helpcenter/activity.html", requests=found, pages=pages, per_page=PER_PAGE,
                  chats=history, previews=chat_queries.previews(history),
                  posts=posts.by_author(g.site, visitor.user), post_link=_post_link,
                  me=visitor.user, status_label=ticket_labels.status_label,
                  category_title=lambda t: ticket_categories.title(
                      t.site, t.category, t.subcategory, g.locale),
                  chat_states=CHAT_STATES, post_states=POST_STATES, post_kinds=POST_KINDS)


def _post_link(post):
    """Return where a post of the reader's is read: its article or community question."""
    target = post.parent if post.kind == "answer" and post.parent else post
    if target.kind == "question":
        try:
            return url_for("helpcenter.community_question", site_key=g.site.key,
                           locale=target.locale, question_id=target.id)
        except BuildError:  # the community pages are not there (yet): the same address
            return f"{request.script_root}/help/{g.site.key}/{target.locale}/community/{target.id}"
    article = post.article or (post.parent.article if post.parent else None)
    if article is None:
        return None
    return url_for("helpcenter.article", site_key=g.site.key, locale=article.locale,
                   slug=article.slug) + f"#post-{post.id}"


@bp.get("/<site_key>/<locale>/activity/chats/<id:chat_id>")
@sign_in_required
def chat(site_key, locale, chat_id):
    """Show the transcript of one of the reader's chats."""
    visitor = current_visitor()
    found = chat_queries.for_visitor(visitor, chat_id)
    ticket = found.ticket if ticket_access.can_read(visitor, found.ticket) else None
    return render("helpcenter/activity_chat.html", chat=found, ticket=ticket,
                  messages=chat_messages.messages_after(found, 0), chat_states=CHAT_STATES)


@bp.get("/<site_key>/<locale>/attachments/<attachment_id>")
@sign_in_required
def attachment(site_key, locale, attachment_id):
    """Download a file of the reader's requests or chats."""
    return attachment_downloads.send(attachment_downloads.get_for_visitor(
        g.site, attachment_id[:64], current_visitor()))

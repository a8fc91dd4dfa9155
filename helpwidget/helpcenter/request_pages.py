"""A signed-in reader's request: its page, and the forms to reply, escalate, close and rate."""
import secrets

from flask import g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError

from helpwidget.errors import AppError
from helpwidget.helpcenter import bp
from helpwidget.helpcenter.session import current_visitor, sign_in_required
from helpwidget.helpcenter.signed_in import (
    field_messages,
    kept_files,
    limited,
    render,
    store_files,
)
from helpwidget.schemas.ticket import CommentInputSchema, RatingInputSchema
from helpwidget.services import (
    platforms,
    ticket_categories,
    ticket_labels,
    ticket_requester,
    tickets,
)

IN_PROGRESS = tickets.OPEN_STATUSES


def _request_page(ticket, status=200, **forms):
    """Render a request with its public thread and the forms that act on it."""
    thread = tickets.public_thread(ticket)
    answered = any(c.author_kind == "advisor" for c in thread)
    return render("helpcenter/request.html", status, ticket=ticket, thread=thread,
                  files=tickets.request_files(ticket), answered=answered,
                  in_progress=ticket.status in IN_PROGRESS, me=current_visitor().user,
                  platform=platforms.label(g.site, ticket.platform, g.locale),
                  status_label=ticket_labels.status_label(ticket.status),
                  priority_label=ticket_labels.priority_label(ticket.priority),
                  category_title=ticket_categories.title(ticket.site, ticket.category,
                                                         ticket.subcategory, g.locale),
                  sla_hours=tickets.sla_hours(ticket.site, ticket.priority),
                  sent=request.args.get("sent") == "1",
                  reply=forms.get("reply") or {"body": "", "client_id": secrets.token_hex(16)},
                  kept=forms.get("kept", []), errors=forms.get("errors", {}),
                  escalate=forms.get("escalate") or {"body": "",
                                                     "client_id": secrets.token_hex(16)},
                  rating=forms.get("rating") or {"score": "", "comment": ""},
                  failed=forms.get("failed", ""))


def _back_to(ticket, anchor=""):
    """Redirect to the request's page after a form was handled (303: the browser GETs it)."""
    return redirect(url_for(".request", site_key=g.site.key, locale=g.locale,
                            number=ticket.number) + anchor, 303)


@bp.get("/<site_key>/<locale>/requests/<id:number>", endpoint="request")
@sign_in_required
def show_request(site_key, locale, number):
    """Show one of the reader's requests (their own, or shared with their company)."""
    return _request_page(ticket_requester.for_reader(g.site, current_visitor(), number))


@bp.post("/<site_key>/<locale>/requests/<id:number>/comments")
@limited("RATELIMIT_COMMENTS")
@sign_in_required
def request_reply(site_key, locale, number):
    """Add the reader's reply, with files, to the thread."""
    visitor = current_visitor()
    ticket = ticket_requester.for_reader(g.site, visitor, number)
    reply = {"body": request.form.get("body", ""),
             "client_id": request.form.get("client_id", "")[:64]}
    ids, errors = store_files(visitor, request.form.getlist("attachments"))
    if errors:
        return _request_page(ticket, 422, reply=reply, kept=kept_files(visitor, ids),
                             errors=errors)
    try:
        data = CommentInputSchema().load({
            "site": g.site.key, "body": reply["body"], "attachments": ids,
            "client_id": reply["client_id"], "locale": locale})
        comment = ticket_requester.requester_comment(ticket, visitor, data["body"],
                                                     data["attachments"],
                                                     client_id=data["client_id"])
    except ValidationError as error:
        return _request_page(ticket, 422, reply=reply, kept=kept_files(visitor, ids),
                             errors=field_messages(error.messages))
    except AppError as error:
        return _request_page(ticket, error.status, reply=reply, kept=kept_files(visitor, ids),
                             errors=field_messages(error.fields),
                             failed="" if error.fields else str(error.message))
    return _back_to(ticket, f"#comment-{comment.id}")


@bp.post("/<site_key>/<locale>/requests/<id:number>/escalate")
@limited("RATELIMIT_COMMENTS")
@sign_in_required
def request_escalate(site_key, locale, number):
    """Ask for the request to be escalated: a comment saying why."""
    visitor = current_visitor()
    ticket = ticket_requester.for_reader(g.site, visitor, number)
    form = {"body": request.form.get("body", ""),
            "client_id": request.form.get("client_id", "")[:64], "open": True}
    try:
        data = CommentInputSchema().load({"site": g.site.key, "body": form["body"],
                                          "client_id": form["client_id"], "locale": locale})
        comment = ticket_requester.escalate(ticket, visitor, data["body"],
                                            client_id=data["client_id"])
    except ValidationError as error:
        return _request_page(ticket, 422, escalate=form,
                             errors={"escalate": field_messages(error.messages).get("body", [])})
    except AppError as error:
        return _request_page(ticket, error.status, escalate=form,
                             errors={"escalate": [str(error.message)]})
    return _back_to(ticket, f"#comment-{comment.id}")


@bp.post("/<site_key>/<locale>/requests/<id:number>/close")
@limited("RATELIMIT_COMMENTS")
@sign_in_required
def request_close(site_key, locale, number):
    """Close the request: the reader no longer needs help with it."""
    ticket = ticket_requester.for_reader(g.site, current_visitor(), number)
    try:
        tickets.close_by_requester(ticket)
    except AppError as error:
        return _request_page(ticket, error.status, errors={"close": [str(error.message)]})
    return _back_to(ticket)


@bp.post("/<site_key>/<locale>/requests/<id:number>/rating")
@limited("RATELIMIT_COMMENTS")
@sign_in_required
def request_rating(site_key, locale, number):
    """Rate a resolved or closed request, once: 1 to 5 stars and a comment."""
    ticket = ticket_requester.for_reader(g.site, current_visitor(), number)
    form = {"score": request.form.get("score", ""), "comment": request.form.get("comment", "")}
    payload = {"site": g.site.key, "comment": form["comment"], "locale": locale}
    if form["score"]:
        score = form["score"]
        payload["score"] = int(score) if score.isdecimal() and len(score) <= 2 else score
    try:
        data = RatingInputSchema().load(payload)
        ticket_requester.rate(ticket, data["score"], data["comment"])
    except ValidationError as error:
        errors = field_messages(error.messages)
        if "score" in errors:
            errors["score"] = [str(_l("Choose from 1 to 5 stars."))]
        return _request_page(ticket, 422, rating=form, errors={
            "rating_" + k: v for k, v in errors.items()})
    except AppError as error:
        return _request_page(ticket, error.status, rating=form,
                             errors={"rating": [str(error.message)]})
    return _back_to(ticket, "#rating")

"""Tickets for end users: request types, opening a request, "my requests" and the thread."""
from flask import request

from helpwidget.api import bp
from helpwidget.api.auth import current_visitor, limit_per_visitor_and_ip, load_site
from helpwidget.i18n import content_locale
from helpwidget.schemas.ticket import (
    CommentInputSchema,
    CommentSchema,
    RatingInputSchema,
    TicketDetailSchema,
    TicketInputSchema,
    TicketListQuerySchema,
    TicketSiteSchema,
    TicketSummarySchema,
)
from helpwidget.services import support_users, ticket_categories, tickets


def _reader(schema, source):
    """Load the input, resolve the site and the visitor (required); return all three."""
    data = schema.load(source)
    site = load_site(data["site"])
    return data, site, current_visitor(site, required=True)


@bp.get("/ticket-categories")
def ticket_types():
    """Return the request types (cards), platforms and whether the caller may open a request."""
    data = TicketSiteSchema().load(request.args)
    site = load_site(data["site"])
    visitor = current_visitor(site)
    locale = content_locale(site, data.get("locale"))
    allowed = support_users.may_open(site, visitor) if visitor else not site.support_users_only
    # Who may open requests for this user's account, so the widget can say so before the form.
    designated = support_users.designated_for(site, visitor.user) if visitor and not allowed else []
    return {"categories": ticket_categories.localized(site, locale),
            "platforms": site.platforms or [], "may_open": allowed, "support_users": designated,
            "support_users_only": site.support_users_only,
            "sla_hours": {p: tickets.sla_hours(site, p) for p in tickets.DEFAULT_SLA_HOURS}}


@bp.post("/tickets")
@limit_per_visitor_and_ip("RATELIMIT_TICKETS")
def open_ticket():
    """Open a request; answer with its number and when to expect the first response."""
    data, site, visitor = _reader(TicketInputSchema(), request.get_json(silent=True) or {})
    locale = content_locale(site, data.get("locale"))
    ticket = tickets.create(site, visitor, data, locale)
    return {"ticket": TicketDetailSchema().dump(ticket),
            "expected_response_hours": tickets.sla_hours(site, ticket.priority)}, 201


@bp.get("/tickets")
def my_requests():
    """List the caller's open or closed requests (their own and those shared with them)."""
    data, _site, visitor = _reader(TicketListQuerySchema(), request.args)
    total, rows = tickets.mine(visitor, data["state"], data["page"], data["per_page"])
    return {"state": data["state"], "total": total, "page": data["page"],
            "per_page": data["per_page"], "tickets": TicketSummarySchema(many=True).dump(rows)}


@bp.get("/tickets/<id:number>")
def ticket_detail(number):
    """Return one request with its thread."""
    _data, site, visitor = _reader(TicketSiteSchema(), request.args)
    return {"ticket": TicketDetailSchema().dump(tickets.for_reader(site, visitor, number))}


@bp.post("/tickets/<id:number>/comments")
@limit_per_visitor_and_ip("RATELIMIT_COMMENTS")
def comment_on_ticket(number):
    """Add the requester's reply to the thread."""
    data, site, visitor = _reader(CommentInputSchema(), request.get_json(silent=True) or {})
    ticket = tickets.for_reader(site, visitor, number)
    comment = tickets.requester_comment(ticket, visitor, data["body"], data["attachments"],
                                        client_id=data["client_id"])
    return {"comment": CommentSchema().dump(comment),
            "ticket": TicketSummarySchema().dump(ticket)}, 201


@bp.post("/tickets/<id:number>/escalate")
@limit_per_visitor_and_ip("RATELIMIT_COMMENTS")
def escalate_ticket(number):
    """Ask for the request to be escalated, saying why."""
    data, site, visitor = _reader(CommentInputSchema(), request.get_json(silent=True) or {})
    ticket = tickets.for_reader(site, visitor, number)
    comment = tickets.escalate(ticket, visitor, data["body"], client_id=data["client_id"])
    return {"comment": CommentSchema().dump(comment),
            "ticket": TicketSummarySchema().dump(ticket)}, 201


@bp.post("/tickets/<id:number>/close")
@limit_per_visitor_and_ip("RATELIMIT_COMMENTS")
def close_ticket(number):
    """Close one's own request."""
    _data, site, visitor = _reader(TicketSiteSchema(), request.get_json(silent=True) or {})
    ticket = tickets.close_by_requester(tickets.for_reader(site, visitor, number))
    return {"ticket": TicketDetailSchema().dump(ticket)}


@bp.post("/tickets/<id:number>/rating")
@limit_per_visitor_and_ip("RATELIMIT_COMMENTS")
def rate_ticket(number):
    """Rate a resolved or closed request, once."""
    data, site, visitor = _reader(RatingInputSchema(), request.get_json(silent=True) or {})
    ticket = tickets.for_reader(site, visitor, number)
    tickets.rate(ticket, data["score"], data["comment"])
    return {"ticket": TicketDetailSchema().dump(ticket)}, 201

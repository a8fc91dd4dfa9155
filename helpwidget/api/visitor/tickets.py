"""Tickets for end users: request types, opening a request, "my requests" and the thread."""
from flask import request

from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.api.visitor import bp
from helpwidget.auth.limits import limit_per_visitor_and_ip
from helpwidget.auth.visitor import current_visitor, load_site, visitor_input
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
from helpwidget.services import (
    platforms,
    support_users,
    ticket_categories,
    ticket_display,
    ticket_requester,
    tickets,
)


@bp.get("/ticket-categories")
@operation("Request types (cards), platforms and who may open requests.",
           query=TicketSiteSchema, response=shapes.OBJECT)
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
            "platforms": platforms.keys(site), "platform_options": platforms.choices(site, locale),
            "may_open": allowed, "support_users": designated,
            "support_users_only": site.support_users_only,
            "sla_hours": {p: tickets.sla_hours(site, p) for p in tickets.DEFAULT_SLA_HOURS}}


@bp.post("/tickets")
@operation("Open a request; answers with its number and expected response.",
           body=TicketInputSchema, status=201, response=shapes.OBJECT, auth=True)
@limit_per_visitor_and_ip("RATELIMIT_TICKETS")
def open_ticket():
    """Open a request; answer with its number and when to expect the first response."""
    data, site, visitor = visitor_input(TicketInputSchema(), request.get_json(silent=True) or {})
    locale = content_locale(site, data.get("locale"))
    ticket = tickets.create(site, visitor, data, locale)
    return {"ticket": TicketDetailSchema().dump(ticket_display.for_requester(ticket, detail=True)),
            "expected_response_hours": tickets.sla_hours(site, ticket.priority)}, 201


@bp.get("/tickets")
@operation("My requests: open or closed.", query=TicketListQuerySchema, response=shapes.OBJECT,
           auth=True)
def my_requests():
    """List the caller's open or closed requests (their own and those shared with them)."""
    data, _site, visitor = visitor_input(TicketListQuerySchema(), request.args)
    total, rows = ticket_requester.mine(visitor, data["state"], data["page"], data["per_page"])
    return {"state": data["state"], "total": total, "page": data["page"],
            "per_page": data["per_page"], "tickets": TicketSummarySchema(many=True).dump(
                ticket_display.many_for_requester(rows))}


@bp.get("/tickets/<id:number>")
@operation("One request with its thread.", query=TicketSiteSchema, response=shapes.OBJECT,
           auth=True)
def ticket_detail(number):
    """Return one request with its thread."""
    _data, site, visitor = visitor_input(TicketSiteSchema(), request.args)
    return {"ticket": TicketDetailSchema().dump(ticket_display.for_requester(
        ticket_requester.for_reader(site, visitor, number), detail=True))}


@bp.post("/tickets/<id:number>/comments")
@operation("Reply in a request's thread.", body=CommentInputSchema, status=201,
           response=shapes.OBJECT, auth=True)
@limit_per_visitor_and_ip("RATELIMIT_COMMENTS")
def comment_on_ticket(number):
    """Add the requester's reply to the thread."""
    data, site, visitor = visitor_input(CommentInputSchema(), request.get_json(silent=True) or {})
    ticket = ticket_requester.for_reader(site, visitor, number)
    comment = ticket_requester.requester_comment(ticket, visitor, data["body"],
                                                 data["attachments"], client_id=data["client_id"])
    return {"comment": CommentSchema().dump(comment),
            "ticket": TicketSummarySchema().dump(ticket_display.for_requester(ticket))}, 201


@bp.post("/tickets/<id:number>/escalate")
@operation("Ask for escalation, saying why.", body=CommentInputSchema, status=201,
           response=shapes.OBJECT, auth=True)
@limit_per_visitor_and_ip("RATELIMIT_COMMENTS")
def escalate_ticket(number):
    """Ask for the request to be escalated, saying why."""
    data, site, visitor = visitor_input(CommentInputSchema(), request.get_json(silent=True) or {})
    ticket = ticket_requester.for_reader(site, visitor, number)
    comment = ticket_requester.escalate(ticket, visitor, data["body"],
                                        client_id=data["client_id"])
    return {"comment": CommentSchema().dump(comment),
            "ticket": TicketSummarySchema().dump(ticket_display.for_requester(ticket))}, 201


@bp.post("/tickets/<id:number>/close")
@operation("Close one's own request.", body=TicketSiteSchema, response=shapes.OBJECT, auth=True)
@limit_per_visitor_and_ip("RATELIMIT_COMMENTS")
def close_ticket(number):
    """Close one's own request."""
    _data, site, visitor = visitor_input(TicketSiteSchema(), request.get_json(silent=True) or {})
    ticket = tickets.close_by_requester(ticket_requester.for_reader(site, visitor, number))
    return {"ticket": TicketDetailSchema().dump(ticket_display.for_requester(ticket, detail=True))}


@bp.post("/tickets/<id:number>/rating")
@operation("Rate a resolved or closed request, once.", body=RatingInputSchema, status=201,
           response=shapes.OBJECT, auth=True)
@limit_per_visitor_and_ip("RATELIMIT_COMMENTS")
def rate_ticket(number):
    """Rate a resolved or closed request, once."""
    data, site, visitor = visitor_input(RatingInputSchema(), request.get_json(silent=True) or {})
    ticket = ticket_requester.for_reader(site, visitor, number)
    ticket_requester.rate(ticket, data["score"], data["comment"])
    shown = ticket_display.for_requester(ticket, detail=True)
    return {"ticket": TicketDetailSchema().dump(shown)}, 201

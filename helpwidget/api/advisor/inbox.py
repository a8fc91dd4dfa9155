"""The advisors' ticket inbox: list, read, reply, note, assign, prioritize, change status."""
from flask import g, request
from flask_babel import lazy_gettext as _l

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.errors import Invalid
from helpwidget.schemas.inbox import (
    AdvisorCommentInputSchema,
    InboxQuerySchema,
    InboxTicketDetailSchema,
    InboxTicketSchema,
    ThreadCommentSchema,
    TicketChangeSchema,
)
from helpwidget.services import advisors, attachment_downloads, inbox, ticket_display, tickets


@bp.get("/advisor/tickets")
@operation("Inbox: tickets of the advisor's sites, filtered and sorted.", query=InboxQuerySchema,
           response=shapes.OBJECT)
def inbox_list():
    """List the tickets of the advisor's sites: filtered, sorted, a page at a time."""
    advisor = g.advisor
    args = InboxQuerySchema().load(request.args)
    site = site_for_advisor(advisor, args["site"]) if args.get("site") else None
    total, found = inbox.search(
        advisor, site=site, statuses=args.get("status"), priorities=args.get("priority"),
        categories=args.get("category"), assignee=args.get("assignee"),
        breached=args.get("breached"), escalated=args.get("escalated"),
        label=args.get("label"), q=args["q"],
        sort=args["sort"], page=args["page"], per_page=args["per_page"])
    return {"total": total, "page": args["page"], "per_page": args["per_page"],
            "tickets": InboxTicketSchema(many=True).dump(ticket_display.many_for_advisor(found))}


@bp.get("/advisor/tickets/<id:ticket_id>")
@operation("A ticket with its whole thread, notes included.", response=InboxTicketDetailSchema)
def inbox_ticket(ticket_id):
    """Return a ticket with its whole thread, internal notes included."""
    return InboxTicketDetailSchema().dump(
        ticket_display.for_advisor(inbox.get_ticket(g.advisor, ticket_id), detail=True))


@bp.post("/advisor/tickets/<id:ticket_id>/comments")
@operation("Reply, or leave an internal note.", body=AdvisorCommentInputSchema, status=201,
           response=ThreadCommentSchema)
def inbox_comment(ticket_id):
    """Reply to the requester, or leave an internal note; optionally change the status."""
    advisor = g.advisor
    ticket = inbox.get_ticket(advisor, ticket_id)
    data = AdvisorCommentInputSchema().load(request.get_json(silent=True) or {})
    comment = tickets.advisor_comment(ticket, advisor, data["body"], internal=data["internal"],
                                      status=data.get("status"),
                                      attachment_ids=data["attachments"])
    return ThreadCommentSchema().dump(comment), 201


@bp.patch("/advisor/tickets/<id:ticket_id>")
@operation("Change a ticket's status, assignee or priority.", body=TicketChangeSchema,
           response=InboxTicketDetailSchema)
def inbox_change(ticket_id):
    """Change a ticket's status, assignee or priority."""
    advisor = g.advisor
    ticket = inbox.get_ticket(advisor, ticket_id)
    data = TicketChangeSchema().load(request.get_json(silent=True) or {})
    assignee = _assignee(ticket, data["assignee_id"]) if "assignee_id" in data else None
    # The change most likely to be refused goes first, so a refusal leaves the rest undone.
    if "status" in data:
        tickets.change_status(ticket, data["status"], advisor=advisor)
    if "priority" in data:
        tickets.set_priority(ticket, data["priority"], advisor=advisor)
    if "assignee_id" in data:
        tickets.assign(ticket, assignee, by=advisor)
    return InboxTicketDetailSchema().dump(
        ticket_display.for_advisor(inbox.get_ticket(advisor, ticket_id), detail=True))


@bp.get("/advisor/attachments/<attachment_id>")
@operation("Download a file of a ticket or chat.", response=shapes.DOWNLOAD)
def inbox_attachment(attachment_id):
    """Download a file of a ticket of one of the advisor's sites."""
    return attachment_downloads.send(inbox.get_attachment(g.advisor, attachment_id))


def _assignee(ticket, advisor_id):
    """Return the team member to assign (None to unassign), or raise Invalid."""
    if advisor_id is None:
        return None
    assignee = advisors.team_member(ticket.site, advisor_id)
    if assignee is None:
        # Inactive advisors and strangers alike: only the active team takes tickets.
        message = _l("This advisor is not on this site's team.")
        raise Invalid(message, fields={"assignee_id": [message]})
    return assignee

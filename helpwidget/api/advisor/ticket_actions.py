"""Ticket actions beyond one field: merge a request into another, change many at once."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec.operation import operation
from helpwidget.schemas.inbox import InboxTicketDetailSchema
from helpwidget.schemas.ticket_actions import (
    BulkInputSchema,
    BulkResultSchema,
    MergeCandidatesSchema,
    MergeInputSchema,
)
from helpwidget.services import inbox, ticket_bulk, ticket_display, ticket_merge


@bp.get("/advisor/tickets/<id:ticket_id>/merge-candidates")
@operation("The requester's other open requests this one may be merged into.",
           response=MergeCandidatesSchema)
def merge_candidates(ticket_id):
    """List the open requests of the same site and requester, latest update first."""
    source = inbox.get_ticket(g.advisor, ticket_id)
    return MergeCandidatesSchema().dump(
        {"tickets": ticket_display.many_for_advisor(ticket_merge.candidates(source))})


@bp.post("/advisor/tickets/<id:ticket_id>/merge")
@operation("Merge a request into another of the same requester; answers with the target.",
           body=MergeInputSchema, response=InboxTicketDetailSchema)
def merge_ticket(ticket_id):
    """Move the request's thread into `into`, close it pointing there; return the target."""
    advisor = g.advisor
    source = inbox.get_ticket(advisor, ticket_id)
    data = MergeInputSchema().load(request.get_json(silent=True) or {})
    # A ticket of a site the advisor is not on is "not found", like the source would be.
    target = inbox.get_ticket(advisor, data["into"])
    ticket_merge.merge(source, target, advisor)
    return InboxTicketDetailSchema().dump(
        ticket_display.for_advisor(inbox.get_ticket(advisor, data["into"]), detail=True))


@bp.post("/advisor/tickets/bulk")
@operation("Change the status, priority, assignee or a label of many tickets at once.",
           body=BulkInputSchema, response=BulkResultSchema)
def bulk_change():
    """Apply one change to each ticket; answer with those changed and those that refused."""
    data = BulkInputSchema().load(request.get_json(silent=True) or {})
    ids = data.pop("ids")
    changed, refused = ticket_bulk.apply(g.advisor, ids, data)
    return BulkResultSchema().dump({"changed": changed, "refused": refused})

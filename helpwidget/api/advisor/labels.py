"""Labels: a site's labels for pickers; the labels of a ticket or a chat, replaced as a set."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.schemas.chat import AdvisorChatSchema
from helpwidget.schemas.inbox import InboxTicketDetailSchema
from helpwidget.schemas.labels import LabelsInputSchema, SiteLabelsSchema
from helpwidget.services import chat_queries, inbox, labels, ticket_display


@bp.get("/advisor/sites/<site_key>/labels")
@operation("A site's labels by name, with how many tickets and chats carry each.",
           response=SiteLabelsSchema)
def site_labels(site_key):
    """List the site's labels with their counts, for pickers and filters."""
    site = site_for_advisor(g.advisor, site_key)
    return SiteLabelsSchema().dump({"labels": labels.counted(site)})


@bp.put("/advisor/tickets/<id:ticket_id>/labels")
@operation("Replace a ticket's labels; a name used for the first time makes the label.",
           body=LabelsInputSchema, response=InboxTicketDetailSchema)
def ticket_labels(ticket_id):
    """Replace a ticket's labels and return the ticket."""
    advisor = g.advisor
    # Whose ticket comes before what is sent: another site's ticket is a 404 whatever the body.
    ticket = inbox.get_ticket(advisor, ticket_id)
    data = LabelsInputSchema().load(request.get_json(silent=True) or {})
    labels.set_ticket_labels(ticket, data["labels"])
    return InboxTicketDetailSchema().dump(
        ticket_display.for_advisor(inbox.get_ticket(advisor, ticket_id), detail=True))


@bp.put("/advisor/chats/<id:chat_id>/labels")
@operation("Replace a chat's labels, open or closed; a name used for the first time makes the "
           "label.", body=LabelsInputSchema, response=AdvisorChatSchema)
def chat_labels(chat_id):
    """Replace a chat's labels and return the chat."""
    chat = chat_queries.for_advisor(g.advisor, chat_id)
    data = LabelsInputSchema().load(request.get_json(silent=True) or {})
    return AdvisorChatSchema().dump(labels.set_chat_labels(chat, data["labels"]))

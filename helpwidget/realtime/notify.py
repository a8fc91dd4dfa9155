"""Live ticket events: what changed reaches the requester's widget and the site's advisors."""
from helpwidget.extensions import socketio
from helpwidget.realtime import rooms
from helpwidget.schemas.ticket import CommentSchema, TicketSummarySchema
from helpwidget.services import ticket_display

# Events a requester hears; advisors hear every event.
_REQUESTER_EVENTS = {"created", "status", "comment", "rated"}


def ticket_event(event, ticket, comment=None, old_status=None):
    """Publish one ticket event to the rooms entitled to it."""
    summary = TicketSummarySchema().dump(ticket_display.for_requester(ticket))
    payload = {"event": event, "ticket": summary, "old_status": old_status}
    if comment is not None:
        payload["comment"] = CommentSchema().dump(comment)
    socketio.emit("ticket", {**payload, "internal": bool(comment and comment.internal)},
                  to=rooms.site_team(ticket.site_id), namespace="/advisor")
    if event == "created" and ticket.priority == "urgent":
        socketio.emit("alert", {"kind": "urgent_ticket", "ticket": summary},
                      to=rooms.site_team(ticket.site_id), namespace="/advisor")
    if _requester_reply(comment) and not comment.escalation and ticket.assignee_id:
        # The assignee's consoles alert them of a reply on their own ticket.
        socketio.emit("alert", {"kind": "reply", "ticket": summary,
                                "comment": payload["comment"]},
                      to=rooms.advisor(ticket.assignee_id), namespace="/advisor")
    if comment is not None and comment.escalation:
        socketio.emit("alert", {"kind": "escalation", "ticket": summary},
                      to=rooms.site_team(ticket.site_id), namespace="/advisor")
    if event not in _REQUESTER_EVENTS or (comment is not None and comment.internal):
        return
    for room in rooms.of_requester(ticket):
        socketio.emit("ticket", payload, to=room, namespace="/visitor")


def _requester_reply(comment):
    """Tell whether a comment is the requester's public reply."""
    return comment is not None and not comment.internal and comment.author_kind == "requester"

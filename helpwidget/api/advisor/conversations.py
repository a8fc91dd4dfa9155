"""Conversations: every ticket and chat of the advisor's sites; a chat's transcript; customers."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.schemas.conversations import (
    AccountQuerySchema,
    AccountSchema,
    ConversationQuerySchema,
    ConversationRowSchema,
    CustomerSchema,
    TranscriptSchema,
)
from helpwidget.services import chat_history, conversations, customers


@bp.get("/advisor/conversations")
@operation("Conversations: tickets and chats of the advisor's sites, open or closed, newest "
           "first.", query=ConversationQuerySchema, response=shapes.OBJECT)
def conversation_list():
    """List tickets and chats matching every filter given, a page at a time."""
    advisor = g.advisor
    args = ConversationQuerySchema().load(request.args)
    site = site_for_advisor(advisor, args["site"]) if args.get("site") else None
    total, rows = conversations.search(
        advisor, site=site, kind=args.get("kind"), q=args["q"], requester=args["requester"],
        account=args["account"], statuses=args.get("status"), categories=args.get("category"),
        assignee=args.get("advisor"), label=args["label"], since=args.get("since"),
        until=args.get("until"), page=args["page"], per_page=args["per_page"])
    return {"total": total, "page": args["page"], "per_page": args["per_page"],
            "conversations": ConversationRowSchema(many=True).dump(rows)}


@bp.get("/advisor/chats/<id:chat_id>/transcript")
@operation("A chat's whole transcript, who answered it, its rating and the ticket it became.",
           response=TranscriptSchema)
def chat_transcript(chat_id):
    """Return a chat of the advisor's sites, open or closed, with every message."""
    return TranscriptSchema().dump(chat_history.transcript(g.advisor, chat_id))


@bp.get("/advisor/customers/user/<id:user_id>")
@operation("An identified customer: their tickets, chats, pages and ratings.",
           response=CustomerSchema)
def customer_user(user_id):
    """Return the customer view of an end user of one of the advisor's sites."""
    return CustomerSchema().dump(customers.user_view(g.advisor, user_id))


@bp.get("/advisor/customers/visitor/<id:visitor_id>")
@operation("A visitor's session: its tickets, chats, pages and ratings.",
           response=CustomerSchema)
def customer_visitor(visitor_id):
    """Return the customer view of a widget session of one of the advisor's sites."""
    return CustomerSchema().dump(customers.visitor_view(g.advisor, visitor_id))


@bp.get("/advisor/customers/account")
@operation("An account of a site: its people and the tickets they share with it.",
           query=AccountQuerySchema, response=AccountSchema)
def customer_account():
    """Return an account's people and shared tickets."""
    args = AccountQuerySchema().load(request.args)
    site = site_for_advisor(g.advisor, args["site"])
    return AccountSchema().dump(customers.account_view(site, args["account"]))

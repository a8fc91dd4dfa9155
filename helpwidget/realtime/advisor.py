"""The /advisor namespace: the console's live channel, authenticated by an advisor session."""
from flask import request, session
from flask_babel import lazy_gettext as _l
from flask_socketio import join_room

from helpwidget.auth.console import session_token
from helpwidget.errors import Unauthorized
from helpwidget.extensions import db
from helpwidget.models import Advisor, AdvisorToken
from helpwidget.realtime import (
    chat_events,
    collision,
    console_sweeper,
    origins,
    presence_keeper,
    rooms,
)
from helpwidget.realtime.acks import acked
from helpwidget.realtime.throttle import ThrottledNamespace, forget
from helpwidget.realtime.visitor import announce_availability
from helpwidget.schemas.chat import (
    AdvisorChatSchema,
    ChatRefSchema,
    PresenceSchema,
    ReadSchema,
    SendSchema,
    SyncSchema,
    TransferSchema,
    TypingSchema,
)
from helpwidget.schemas.collision import ConversationRefSchema, ReplyingSchema
from helpwidget.schemas.ticket import TicketSummarySchema
from helpwidget.services import (
    advisors,
    assignment,
    chat_context,
    chat_messages,
    chat_queries,
    chats,
    presence,
    ticket_display,
)

_chat = AdvisorChatSchema()
_chats = AdvisorChatSchema(many=True)


class AdvisorNamespace(ThrottledNamespace):
    """Console connections: ticket events, alerts, the chat queue and their own chats."""

    def on_connect(self, auth=None):
        """Accept an active advisor's token or console session from the console's own origin."""
        if not origins.advisor_may_connect():
            raise ConnectionRefusedError("origin not allowed")
        auth = auth if isinstance(auth, dict) else {}
        token = advisors.live_token(auth.get("token") or _cookie_token())
        if token is None:
            raise ConnectionRefusedError("unauthorized")
        advisor = token.advisor
        session.update(advisor_id=advisor.id, token_id=token.id, locale=advisor.locale)
        join_room(rooms.advisor(advisor.id))
        for membership in advisor.memberships:
            join_room(rooms.site_team(membership.site_id))
        presence.connected(request.sid, advisor.id, token.id)
        presence_keeper.track(request.sid)
        console_sweeper.track(request.sid, token.id)
        announce_availability(advisors.site_ids_of(advisor))
        if advisor.presence == "online":
            assignment.offer_to(advisor)  # waiting chats of auto-assigning sites

    def on_disconnect(self, *_args):
        """Forget the connection; the site may no longer be staffed."""
        presence_keeper.untrack(request.sid)
        console_sweeper.untrack(request.sid)
        forget(self.namespace, request.sid)
        presence.disconnected(request.sid)
        advisor = db.session.get(Advisor, session.get("advisor_id") or 0)
        if advisor is not None:
            announce_availability(advisors.site_ids_of(advisor))

    @acked(PresenceSchema)
    def on_presence_set(self, data):
        """Take chats ("online") or stop taking them ("away")."""
        advisor = _advisor()
        status = presence.set_presence(advisor, data["status"])
        announce_availability(advisors.site_ids_of(advisor))
        if status == "online":
            assignment.offer_to(advisor)
        return {"status": status}

    @acked()
    def on_chat_queue(self, _data):
        """Return the chats waiting in the advisor's sites and the advisor's own chats."""
        queued, mine = chat_queries.queue_for(_advisor())
        previews = chat_queries.previews(queued)
        return {"queued": [{**dumped, "preview": previews.get(dumped["id"], "")}
                           for dumped in _chats.dump(queued)], "mine": _chats.dump(mine)}

    @acked(ChatRefSchema)
    def on_chat_claim(self, data):
        """Take a waiting chat; the team's queues drop it."""
        chat = chats.claim(_advisor(), data["chat_id"])
        chat_events.status(chat)
        return chat_events.thread(chat, advisor_view=True)

    @acked(TransferSchema)
    def on_chat_transfer(self, data):
        """Hand a chat to another advisor of the team."""
        chat = chats.transfer(_advisor(), data["chat_id"], data["advisor_id"])
        chat_events.status(chat)
        return {"chat": _chat.dump(chat)}

    @acked(ChatRefSchema)
    def on_chat_team(self, data):
        """Return the advisors a chat can be transferred to."""
        return {"advisors": chats.team(_advisor(), data["chat_id"])}

    @acked(ChatRefSchema)
    def on_chat_context(self, data):
        """Return who the visitor is, where they are, their open tickets and fitting articles."""
        chat = chat_queries.for_advisor(_advisor(), data["chat_id"])
        context = chat_context.for_chat(chat)
        return {**context, "open_tickets": TicketSummarySchema(many=True).dump(
            ticket_display.many_for_requester(context["open_tickets"]))}

    @acked(SyncSchema)
    def on_chat_sync(self, data):
        """Return every message after `after_seq`, in order."""
        chat = chat_queries.for_advisor(_advisor(), data["chat_id"])
        return chat_events.thread(chat, data["after_seq"], advisor_view=True)

    @acked(SendSchema)
    def on_chat_send(self, data):
        """Store the advisor's message in their chat, then deliver it."""
        advisor = _advisor()
        chat = chat_queries.own_chat(advisor, data["chat_id"])
        return chat_events.sent(chat, *chat_messages.post(
            chat, "advisor", data["client_id"], data["body"], data["attachments"],
            advisor=advisor))

    @acked(TypingSchema)
    def on_chat_typing(self, data):
        """Tell the visitor the advisor is typing."""
        advisor = _advisor()
        chat = chat_queries.own_chat(advisor, data["chat_id"])
        chat_events.typing(chat, "advisor", advisor.name, data["typing"])

    @acked(ReadSchema)
    def on_chat_read(self, data):
        """Record how far the advisor has read and tell the visitor."""
        chat_events.mark_read(chat_queries.own_chat(_advisor(), data["chat_id"]), "advisor",
                              data["seq"])

    @acked(ChatRefSchema)
    def on_chat_close(self, data):
        """End a chat the advisor is answering."""
        chat = chat_queries.own_chat(_advisor(), data["chat_id"])
        return chat_events.close(chat, "advisor", advisor_view=True)

    @acked(ConversationRefSchema)
    def on_conversation_view(self, data):
        """Show the advisor which others reply to the ticket or chat this console shows."""
        return collision.view(_advisor(), data["kind"], data["id"])

    @acked(ConversationRefSchema)
    def on_conversation_leave(self, data):
        """Stop hearing about a ticket or chat no longer shown."""
        return collision.leave(data["kind"], data["id"])

    @acked(ReplyingSchema)
    def on_conversation_replying(self, data):
        """Tell the other advisors showing the same ticket or chat that this one writes."""
        return collision.replying(_advisor(), data)


def _advisor():
    """Return the connection's advisor, refusing one whose session has ended since."""
    token = db.session.get(AdvisorToken, session.get("token_id") or 0)
    advisor = token.advisor if token is not None and advisors.is_live(token) else None
    if advisor is None:
        raise Unauthorized(_l("Your console session has ended. Sign in again."),
                           code="unauthorized")
    return advisor


def _cookie_token():
    """Return the console session's token of the advisor signed in in this browser, or None."""
    return session_token()

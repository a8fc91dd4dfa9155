"""The /visitor namespace: the widget's live channel, authenticated by its visitor token."""
from flask import current_app, request, session
from flask_babel import lazy_gettext as _l
from flask_socketio import join_room

from helpwidget.errors import AppError, Unauthorized
from helpwidget.extensions import db
from helpwidget.i18n import content_locale
from helpwidget.models import Site, Visitor
from helpwidget.realtime import chat_events, origins, rooms, widget_sweeper
from helpwidget.realtime.acks import acked
from helpwidget.realtime.throttle import ThrottledNamespace, forget
from helpwidget.schemas.chat import (
    ChatRefSchema,
    ChatSchema,
    CurrentSchema,
    RateSchema,
    ReadSchema,
    SendSchema,
    StartSchema,
    SyncSchema,
    TranscriptSchema,
    TypingSchema,
)
from helpwidget.services import (
    assignment,
    chat_messages,
    chat_queries,
    chat_transcripts,
    chats,
    identity,
    presence,
    quotas,
    sites,
)

_chat = ChatSchema()


class RateLimited(AppError):
    """Too many messages in a short time."""

    status = 429


class VisitorNamespace(ThrottledNamespace):
    """Widget connections: their own requests and chats, and whether chat is offered."""

    def on_connect(self, auth=None):
        """Accept a widget of an allowed origin showing a live visitor token of the site."""
        auth = auth if isinstance(auth, dict) else {}
        try:
            site = sites.get_site(auth.get("site"))
        except AppError:
            raise ConnectionRefusedError("unknown site")
        if not origins.visitor_may_connect(site):
            raise ConnectionRefusedError("origin not allowed")
        token = auth.get("token")
        visitor = identity.visitor_for_token(site, token if isinstance(token, str) else None)
        if visitor is None:
            raise ConnectionRefusedError("unauthorized")
        locale = auth.get("locale")
        session.update(visitor_id=visitor.id, user_id=visitor.user_id, site_id=site.id,
                       locale=locale if locale in current_app.config["LOCALES"] else None)
        for room in rooms.of_visitor(visitor) + [rooms.site_visitors(site.id)]:
            join_room(room)
        widget_sweeper.track(request.sid, widget_sweeper.seen(visitor))

    def on_disconnect(self, *_args):
        """Forget the connection."""
        widget_sweeper.untrack(request.sid)
        forget(self.namespace, request.sid)

    @acked()
    def on_chat_availability(self, _data):
        """Say whether an advisor can chat now, and which topics the site offers."""
        site = _site()
        state = presence.availability(site)
        return {**_availability(state), "topics": site.chat_topics or []}

    @acked(StartSchema)
    def on_chat_start(self, data):
        """Open a chat (or return the open one) and queue it for the team."""
        visitor = _visitor()
        if data.get("body") or data.get("attachments"):
            _check_rate(visitor)
        locale = content_locale(visitor.site, data.get("locale") or session.get("locale"))
        chat, created, message = chats.start(visitor.site, visitor, data, locale,
                                             request.remote_addr or "")
        if created:
            chat_events.queued(chat, message)
            assignment.assign_chat(chat)  # on an auto-assigning site it goes to someone now
        elif message is not None:
            chat_events.sent(chat, message)
        return chat_events.thread(chat)

    @acked(CurrentSchema)
    def on_chat_current(self, data):
        """Return the visitor's current chat with the messages after the last one seen."""
        chat = chat_queries.current(_visitor())
        if chat is None:
            return {"chat": None, "messages": []}
        return chat_events.thread(chat, data["after_seq"])

    @acked(SyncSchema)
    def on_chat_sync(self, data):
        """Return every message after `after_seq`, in order."""
        return chat_events.thread(chat_queries.for_visitor(_Caller(), data["chat_id"]),
                                  data["after_seq"])

    @acked(SendSchema)
    def on_chat_send(self, data):
        """Store the visitor's message, then deliver it."""
        visitor = _Caller()
        _check_rate(visitor)
        return chat_events.sent(*chat_messages.post_from_visitor(
            visitor, data["chat_id"], data["client_id"], data["body"], data["attachments"]))

    @acked(TypingSchema)
    def on_chat_typing(self, data):
        """Tell the advisor the visitor is typing."""
        chat = chat_queries.for_visitor(_Caller(), data["chat_id"])
        if chat.status != "closed":
            chat_events.typing(chat, "visitor", "", data["typing"])

    @acked(ReadSchema)
    def on_chat_read(self, data):
        """Record how far the visitor has read and tell the advisor."""
        chat_events.mark_read(chat_queries.for_visitor(_Caller(), data["chat_id"]), "visitor",
                              data["seq"])

    @acked(ChatRefSchema)
    def on_chat_close(self, data):
        """End the chat from the visitor's side."""
        return chat_events.close(chat_queries.for_visitor(_Caller(), data["chat_id"]), "visitor")

    @acked(RateSchema)
    def on_chat_rate(self, data):
        """Record the visitor's rating of the ended chat."""
        chat = chat_queries.for_visitor(_Caller(), data["chat_id"])
        chats.rate(chat, data["rating"], data["comment"])
        chat_events.status(chat)
        return {"chat": _chat.dump(chat)}

    @acked(TranscriptSchema)
    def on_chat_transcript(self, data):
        """Email the conversation to the visitor."""
        chat = chat_queries.for_visitor(_Caller(), data["chat_id"])
        return {"email": chat_transcripts.email(chat, data["email"], request.remote_addr or "")}


class _Caller:
    """Who this connection is, remembered at connect; chat queries check it is still live."""

    def __init__(self):
        self.id, self.user_id = session.get("visitor_id") or 0, session.get("user_id")
        self.site_id = session.get("site_id") or 0


def _visitor():
    """Return the connection's visitor, refusing one whose session has ended since."""
    visitor = db.session.get(Visitor, session.get("visitor_id") or 0)
    if visitor is None or visitor.revoked_at is not None:
        raise Unauthorized(_l("Your session has ended. Reload the page."), code="unauthorized")
    return visitor


def _site():
    """Return the connection's site."""
    return db.session.get(Site, session.get("site_id") or 0)


def _availability(state):
    """Return the availability fields as the widget reads them."""
    opens = state["next_open"]
    return {**state, "next_open": opens.isoformat().replace("+00:00", "Z") if opens else None}


def _check_rate(visitor):
    """Refuse a visitor who sends faster than RATELIMIT_CHAT_MESSAGES."""
    if not quotas.hit_first(current_app.config["RATELIMIT_CHAT_MESSAGES"], "chat-send",
                            visitor.id):
        raise RateLimited(_l("You are sending messages too fast. Wait a moment."),
                          code="rate_limited")


def announce_availability(site_ids):
    """Send the current availability to the open widgets of these sites."""
    for site_id in site_ids:
        site = db.session.get(Site, site_id)
        if site is not None:
            chat_events.availability(site, _availability(presence.availability(site)))


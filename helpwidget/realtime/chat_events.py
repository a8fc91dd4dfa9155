"""Live chat events: each goes to the visitor's rooms and to the advisors entitled to it."""
from helpwidget.extensions import socketio
from helpwidget.realtime import rooms
from helpwidget.schemas.chat import AdvisorChatSchema, ChatSchema, MessageSchema
from helpwidget.services import chat_messages, chat_queries, chats

_message = MessageSchema()
_messages = MessageSchema(many=True)
_chat = ChatSchema()
_advisor_chat = AdvisorChatSchema()


def _visitor_rooms(chat):
    """Return the rooms of the chat's visitor: this browser session, and their user's others."""
    return [f"visitor:{chat.visitor_id}"] + ([f"user:{chat.user_id}"] if chat.user_id else [])


def _advisor_room(chat):
    """Return who on the team hears the chat: its advisor, or the whole team while it waits."""
    return rooms.advisor(chat.advisor_id) if chat.advisor_id else rooms.site_team(chat.site_id)


def sent(chat, message, created=True):
    """Deliver a message just stored (a retried one went out the first time); return the ack."""
    dumped = _message.dump(message)
    if created:
        payload = {"chat_id": chat.id, "message": dumped}
        socketio.emit("chat:message", payload, to=_visitor_rooms(chat), namespace="/visitor")
        socketio.emit("chat:message", payload, to=_advisor_room(chat), namespace="/advisor")
    return {"message": dumped}


def thread(chat, after_seq=0, advisor_view=False):
    """Return the ack of a sync: the chat and its messages after `after_seq`, in order."""
    return {"chat": (_advisor_chat if advisor_view else _chat).dump(chat),
            "messages": _messages.dump(chat_messages.messages_after(chat, after_seq))}


def typing(chat, kind, name, is_typing):
    """Tell the other side that someone is typing (or stopped)."""
    payload = {"chat_id": chat.id, "author": {"kind": kind, "name": name}, "typing": is_typing}
    if kind == "visitor":
        socketio.emit("chat:typing", payload, to=_advisor_room(chat), namespace="/advisor")
    else:
        socketio.emit("chat:typing", payload, to=_visitor_rooms(chat), namespace="/visitor")


def read(chat, by, seq):
    """Tell the other side how far `by` has read."""
    payload = {"chat_id": chat.id, "by": by, "seq": seq}
    if by == "visitor":
        socketio.emit("chat:read", payload, to=_advisor_room(chat), namespace="/advisor")
    else:
        socketio.emit("chat:read", payload, to=_visitor_rooms(chat), namespace="/visitor")


def mark_read(chat, side, seq):
    """Record how far `side` ("visitor" or "advisor") has read; tell the other side if it moved."""
    moved = chat_messages.mark_read(chat, side, seq)
    if moved is not None:
        read(chat, side, moved)


def close(chat, reason, advisor_view=False):
    """Close the chat for `reason`, tell both sides if it was open, and return the ack."""
    was_open = chat.status != "closed"
    chats.close(chat, reason)
    if was_open:
        status(chat)
    return {"chat": (_advisor_chat if advisor_view else _chat).dump(chat)}


def status(chat):
    """Tell both sides a chat was claimed, transferred, closed or rated; queues update."""
    socketio.emit("chat:status", {"chat": _chat.dump(chat)}, to=_visitor_rooms(chat),
                  namespace="/visitor")
    socketio.emit("chat:status", {"chat": _advisor_chat.dump(chat)},
                  to=rooms.site_team(chat.site_id), namespace="/advisor")


def labels(chat):
    """Tell the site's team a chat's labels changed; labels are the team's, never the visitor's."""
    socketio.emit("chat:labels", {"chat_id": chat.id,
                                  "labels": [label.name for label in chat.labels]},
                  to=rooms.site_team(chat.site_id), namespace="/advisor")


def queued(chat, first=None):
    """Tell the site's team that a chat waits to be claimed."""
    preview = (first.body[:chat_queries.PREVIEW_LENGTH] if first is not None else "")
    socketio.emit("chat:queued", {"chat": _advisor_chat.dump(chat), "preview": preview},
                  to=rooms.site_team(chat.site_id), namespace="/advisor")


def availability(site, state):
    """Tell the site's open widgets whether chat is offered now."""
    socketio.emit("presence", state, to=rooms.site_visitors(site.id), namespace="/visitor")

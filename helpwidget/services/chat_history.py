"""A chat read later: its whole transcript, who answered it, its rating and the ticket it became."""
from helpwidget.services import chat_queries
from helpwidget.services.chat_messages import messages_after

# Far above any real chat; a bound all the same, so one reading stays cheap.
TRANSCRIPT_LIMIT = 5000


def transcript(advisor, chat_id):
    """Return {chat, messages, answered_by} of a chat of the advisor's sites (NotFound else)."""
    chat = chat_queries.for_advisor(advisor, chat_id)
    messages = messages_after(chat, 0, limit=TRANSCRIPT_LIMIT)
    answered = {}
    for message in messages:
        if message.author_kind == "advisor" and message.advisor is not None:
            answered.setdefault(message.advisor.id, message.advisor)
    if chat.advisor is not None and not answered:
        answered[chat.advisor.id] = chat.advisor
    return {"chat": chat, "messages": messages, "answered_by": list(answered.values())}

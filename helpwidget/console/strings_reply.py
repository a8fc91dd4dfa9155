"""Text of the ticket reply box (widget_static/src/console/ticket_reply*), keyed as it asks for it.

Attaching files and saved replies reuse the chat composer's words (chats.attach, ...).
"""
from flask_babel import lazy_gettext as _l

STRINGS = {
    "reply.mode": _l("Write or preview"),
    "reply.write": _l("Write"),
    "reply.preview": _l("Preview"),
    "reply.preview_reply_hint": _l("As the requester will see it: line breaks kept, web "
                                   "addresses as links, Markdown marks such as **bold** "
                                   "shown as typed."),
    "reply.preview_note_hint": _l("As advisors will see it in the thread: only advisors see "
                                  "internal notes."),
    "reply.preview_empty": _l("Nothing to preview yet."),
    "reply.write_first": _l("Write the message first."),
    "reply.files_label": _l("Attached files"),
}

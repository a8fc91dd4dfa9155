"""The console's words for labels: the editor on tickets and chats, and the inbox's filter."""
from flask_babel import lazy_gettext as _l

STRINGS = {
    "labels.title": _l("Labels"),
    "labels.add": _l("Add a label"),
    "labels.add_placeholder": _l("Type a label, then Enter"),
    "labels.remove_named": _l("Remove the label {name}"),
    "labels.none": _l("No labels"),
    "labels.filter": _l("Label"),
    "labels.filter_placeholder": _l("Any label"),
    "labels.used": _l("Tickets: {tickets} · Chats: {chats}"),
}

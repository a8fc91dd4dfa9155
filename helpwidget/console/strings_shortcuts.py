"""The console's words for its keyboard shortcuts, the reply alert and the reply email choice."""
from flask_babel import lazy_gettext as _l

STRINGS = {
    # The list of shortcuts ("?" or the header's button opens it)
    "shortcuts.title": _l("Keyboard shortcuts"),
    "shortcuts.intro": _l("Keys work anywhere in the console except while you type in a field."),
    "shortcuts.then": _l("then"),
    "shortcuts.group_anywhere": _l("Anywhere"),
    "shortcuts.group_lists": _l("Chats and tickets"),
    "shortcuts.go_chats": _l("Go to Chats"),
    "shortcuts.go_tickets": _l("Go to Tickets"),
    "shortcuts.go_conversations": _l("Go to Conversations"),
    "shortcuts.search": _l("Search in the current view"),
    "shortcuts.help": _l("Show this list"),
    "shortcuts.next": _l("Next chat or ticket in the list"),
    "shortcuts.previous": _l("Previous chat or ticket in the list"),
    "shortcuts.claim": _l("Claim the chosen waiting chat (else the one waiting longest)"),
    "shortcuts.reply": _l("Write a reply"),
    "shortcuts.note": _l("Write an internal note on the ticket"),
    "shortcuts.status": _l("Change the ticket's status"),
    "shortcuts.close": _l("Close this list"),
    "shortcuts.nothing_to_claim": _l("No chat is waiting."),
    # A requester answered on a ticket assigned to the advisor
    "alert.reply": _l("{name} replied on request #{number}"),
    "alert.someone": _l("The requester"),
    # My account
    "account.alerts": _l("Email alerts"),
    "account.email_on_reply": _l("Email me when a requester replies on my ticket while I am "
                                 "signed out"),
    "account.email_on_reply_saved": _l("Your email choice was saved"),
}

"""The console's words for acting on many tickets at once and for merging one into another."""
from flask_babel import lazy_gettext as _l

STRINGS = {
    "bulk.select_ticket": _l("Select #{number}"),
    "bulk.select_page": _l("Select all on this page"),
    "bulk.actions": _l("Change the selected tickets"),
    "bulk.selected": _l("Selected: {count}"),
    "bulk.assign": _l("Assign to…"),
    "bulk.nobody": _l("Nobody"),
    "bulk.status": _l("Status…"),
    "bulk.priority": _l("Priority…"),
    "bulk.label": _l("Label"),
    "bulk.label_placeholder": _l("Add label…"),
    "bulk.add_label": _l("Add label"),
    "bulk.working": _l("Changing…"),
    "bulk.changed": _l("Changed: {count}"),
    "bulk.refused": _l("Not changed: {count}"),
    "bulk.refused_one": _l("#{number}: {message}"),
    "merge.open": _l("Merge into…"),
    "merge.title": _l("Merge #{number} into another request"),
    "merge.hint": _l("The same requester's open requests. The thread and files move to the one "
                     "you choose; this request closes and points to it."),
    "merge.loading": _l("Loading…"),
    "merge.none": _l("This requester has no other open request."),
    "merge.choose": _l("Choose a request to merge into."),
    "merge.submit": _l("Merge"),
    "merge.cancel": _l("Cancel"),
    "merge.confirm": _l("Merge #{source} into #{target}? Its thread and files move to #{target} "
                        "and #{source} closes. This cannot be undone."),
    "merge.done": _l("Merged into #{number}"),
}

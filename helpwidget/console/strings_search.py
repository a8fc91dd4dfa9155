"""The console's words for search settings: synonyms per language and search insights."""
from flask_babel import lazy_gettext as _l

STRINGS = {
    "search.title": _l("Search"),
    "search.intro": _l("Words your readers use for the same thing: a search for one of them "
                       "also finds the others. Changes apply to the next search."),
    "search.language": _l("Language"),
    "search.synonyms": _l("Synonym groups"),
    "search.none": _l("No synonym groups in this language yet."),
    "search.terms": _l("Words or phrases"),
    "search.terms_hint": _l("2 to 20, separated by commas; each up to 4 words."),
    "search.new_group": _l("New synonym group"),
    "search.add": _l("Add group"),
    "search.added": _l("Synonym group added"),
    "search.edit": _l("Edit {group}"),
    "search.edit_button": _l("Edit"),
    "search.save": _l("Save"),
    "search.saved": _l("Synonym group saved"),
    "search.cancel": _l("Cancel"),
    "search.delete": _l("Delete {group}"),
    "search.delete_confirm": _l("Delete the synonym group “{group}”? Searches stop using it at "
                                "once."),
    "search.delete_button": _l("Delete"),
    "search.deleted": _l("Synonym group deleted"),
    "search.remove_word": _l("Remove {word}"),
    "search.insights": _l("Search insights"),
    "search.insights_enabled": _l("Record searches for the Insights page"),
    "search.insights_hint": _l("Recorded: the language, the search as typed (normalised), how "
                               "many results it had and which one was opened. No IP address; "
                               "visitors only as a hash that changes every day."),
    "search.retention_days": _l("Keep recorded searches for (days)"),
    "search.retention_hint": _l("From 1 to 730 days; older searches are deleted every hour."),
    # The audit trail's words for synonym changes.
    "audit.action.synonym.create": _l("Added a synonym group"),
    "audit.action.synonym.update": _l("Changed a synonym group"),
    "audit.action.synonym.delete": _l("Deleted a synonym group"),
}

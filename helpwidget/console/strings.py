"""The console's words for its scripts, sent to the page as JSON in the advisor's language."""
from flask_babel import lazy_gettext as _l

from helpwidget.console.strings_chats import STRINGS as CHATS
from helpwidget.console.strings_content import STRINGS as CONTENT
from helpwidget.console.strings_conversations import STRINGS as CONVERSATIONS
from helpwidget.console.strings_insights import STRINGS as INSIGHTS
from helpwidget.console.strings_labels import STRINGS as LABELS
from helpwidget.console.strings_mail import STRINGS as MAIL
from helpwidget.console.strings_posts import STRINGS as POSTS
from helpwidget.console.strings_reply import STRINGS as REPLY
from helpwidget.console.strings_reports import STRINGS as REPORTS
from helpwidget.console.strings_search import STRINGS as SEARCH
from helpwidget.console.strings_settings import STRINGS as SETTINGS
from helpwidget.console.strings_shortcuts import STRINGS as SHORTCUTS
from helpwidget.console.strings_team import STRINGS as TEAM
from helpwidget.console.strings_ticket_actions import STRINGS as TICKET_ACTIONS
from helpwidget.services.ticket_labels import PRIORITY_LABELS

# Keys are what the console's script passes to t() (widget_static/src/console/i18n.js); {name}
# placeholders are filled in there.
COMMON = {
    "close": _l("Close"),
    "error.title": _l("Something went wrong"),
    "error.generic": _l("Something went wrong on our side. Try again in a moment."),
    "error.network": _l("We could not reach the server. Check your connection."),
    "presence.online": _l("Online"),
    "presence.away": _l("Away"),
    "presence.go_online": _l("You are away: click to go online and take chats."),
    "presence.go_away": _l("You are online: click to go away and take no new chats."),
    "live.connecting": _l("Connecting…"),
    "live.online": _l("Live"),
    "live.offline": _l("Offline"),
    "live.not_connected": _l("The live connection is down. Try again in a moment."),
    "alert.urgent_ticket": _l("Urgent request #{number}"),
    "alert.escalation": _l("Request #{number} was escalated"),
    "alerts.blocked": _l("This browser blocks notifications from the console, so alerts show "
                         "only on this page, with a sound. To be alerted while you work in "
                         "another tab, allow notifications for this site in the browser's "
                         "settings."),
}

# Each language is named in itself, so anyone can find their own.
LANGUAGE_NAMES = {"en": "English", "es": "Español", "pl": "Polski"}

# Statuses as advisors see them ("awaiting_reply" waits on the customer, not on them).
STATUSES = {
    "status.open": _l("Open"),
    "status.pending": _l("Pending"),
    "status.awaiting_reply": _l("Waiting for the customer"),
    "status.resolved": _l("Resolved"),
    "status.closed": _l("Closed"),
}

PRIORITIES = {f"priority.{key}": label for key, label in PRIORITY_LABELS.items()}

TICKETS = {
    "tickets.inbox": _l("Ticket inbox"),
    "tickets.filters": _l("Filter tickets"),
    "tickets.all_sites": _l("All sites"),
    "tickets.not_closed": _l("Not closed"),
    "tickets.any_priority": _l("Any priority"),
    "tickets.any_category": _l("Any category"),
    "tickets.anyone": _l("Anyone"),
    "tickets.mine": _l("Assigned to me"),
    "tickets.unassigned": _l("Unassigned"),
    "tickets.breached": _l("SLA missed"),
    "tickets.escalated": _l("Escalated"),
    "tickets.escalated_badge": _l("Escalated"),
    "tickets.search": _l("Search"),
    "tickets.search_placeholder": _l("Subject, requester or #number"),
    "tickets.site": _l("Site"),
    "tickets.status": _l("Status"),
    "tickets.priority": _l("Priority"),
    "tickets.category": _l("Category"),
    "tickets.assignee": _l("Assignee"),
    "tickets.count": _l("Tickets: {count}"),
    "tickets.none": _l("No tickets match these filters."),
    "tickets.page": _l("Page {page} of {pages}"),
    "tickets.previous": _l("Previous"),
    "tickets.next": _l("Next"),
    "tickets.due": _l("First response due {when}"),
    "tickets.overdue": _l("Overdue: was due {when}"),
    "tickets.answered": _l("First response sent {when}"),
    "tickets.answered_late": _l("First response sent late, {when}"),
    "tickets.detail": _l("Ticket"),
    "tickets.pick_one": _l("Choose a ticket to read it."),
    "tickets.someone": _l("Someone"),
    "tickets.internal_note": _l("Internal note"),
    "tickets.saved": _l("Ticket updated"),
    "tickets.nobody": _l("Nobody"),
    "tickets.me_named": _l("Me ({name})"),
    "tickets.assign_me": _l("Assign to me"),
    "tickets.requester": _l("Requester"),
    "tickets.account": _l("Account"),
    "tickets.platform": _l("Platform"),
    "tickets.page_route": _l("Page in the app"),
    "tickets.cc": _l("Copies to"),
    "tickets.opened": _l("Opened"),
    "tickets.due_label": _l("First response due"),
    "tickets.sla_missed": _l("SLA missed"),
    "tickets.rating": _l("Rating"),
    "tickets.thread": _l("Conversation"),
    "tickets.reply": _l("Reply"),
    "tickets.message": _l("Message"),
    "tickets.send_reply": _l("Send reply"),
    "tickets.add_note": _l("Add note"),
    "tickets.reply_placeholder": _l("Write to the requester…"),
    "tickets.note_placeholder": _l("Only advisors see internal notes."),
    "tickets.internal_toggle": _l("Internal note (advisors only)"),
    "tickets.after_sending": _l("After sending"),
    "tickets.keep_status": _l("Keep the status"),
    "tickets.then": _l("Set to: {status}"),
    "tickets.note_added": _l("Note added"),
    "tickets.reply_sent": _l("Reply sent"),
    # Diagnostics the requester chose to attach, shown beside the request.
    "tickets.diagnostics": _l("Diagnostics"),
    "tickets.diag_browser": _l("Browser"),
    "tickets.diag_os": _l("Operating system"),
    "tickets.diag_screen": _l("Screen size"),
    "tickets.diag_language": _l("Language"),
    "tickets.diag_timezone": _l("Time zone"),
    "tickets.diag_time": _l("Time on their device"),
    "tickets.diag_routes": _l("Last pages visited in the app"),
    "tickets.diag_errors": _l("Recent JavaScript errors on the page"),
    "tickets.diag_where": _l("{source}, line {line}"),
}

ARTICLES = {
    "kind.article": _l("Article"),
    "kind.faq": _l("FAQ"),
    "kind.video": _l("Video"),
    "kind.download": _l("Download guide"),
    "articles.site": _l("Site"),
    "articles.all": _l("All"),
    "articles.all_languages": _l("All languages"),
    "articles.search": _l("Search articles"),
    "articles.new": _l("New article"),
    "articles.new_title": _l("New article"),
    "articles.edit_title": _l("Edit: {title}"),
    "articles.count": _l("Articles: {count}"),
    "articles.none": _l("No articles match."),
    "articles.status": _l("Status"),
    "articles.updated": _l("Updated"),
    "articles.published": _l("Published"),
    "articles.unpublished": _l("Unpublished"),
    "articles.title": _l("Title"),
    "articles.slug": _l("Address (slug)"),
    "articles.slug_hint": _l("Lowercase letters, digits and hyphens; left empty, it is made "
                             "from the title."),
    "articles.language": _l("Language"),
    "articles.category": _l("Category"),
    "articles.category_hint": _l("An existing category, or a new name to create one."),
    "articles.kind": _l("Type"),
    "articles.video_url": _l("Video address"),
    "articles.summary": _l("Summary"),
    "articles.body": _l("Text (Markdown)"),
    "articles.body_hint": _l("**bold**, *italic*, # heading, - list, [link](https://…)"),
    "articles.preview": _l("Preview"),
    "articles.tags": _l("Tags"),
    "articles.tags_hint": _l("Separate them with commas."),
    "articles.routes": _l("App pages it helps with"),
    "articles.routes_hint": _l("One route per line, for example /invoices/:id or /reports/*."),
    "articles.audience": _l("Audience"),
    "articles.audience_hint": _l("Account types that may read it; none chosen means everyone."),
    "articles.publish_toggle": _l("Published: shown in the help center and in search"),
    "articles.save": _l("Save"),
    "articles.back": _l("Back to the list"),
    "articles.saved": _l("Article saved"),
    "articles.unpublish": _l("Unpublish"),
    "articles.unpublish_confirm": _l("Unpublish “{title}”? Readers will no longer find it."),
    "articles.unpublished_done": _l("Article unpublished"),
    "articles.view_public": _l("View in the help center"),
}


def console_strings():
    """Return every console string in the current request's language."""
    merged = {**COMMON, **STATUSES, **PRIORITIES, **TICKETS, **ARTICLES, **CHATS, **POSTS,
              **SETTINGS, **TEAM, **CONTENT, **INSIGHTS, **SEARCH,
              **REPORTS, **CONVERSATIONS, **REPLY, **SHORTCUTS, **TICKET_ACTIONS, **LABELS,
              **MAIL}
    merged.update({f"language.{code}": name for code, name in LANGUAGE_NAMES.items()})
    return {key: str(text) for key, text in merged.items()}


def languages(codes):
    """Return [(code, name)] of the configured languages."""
    return [(code, LANGUAGE_NAMES.get(code, code)) for code in codes]

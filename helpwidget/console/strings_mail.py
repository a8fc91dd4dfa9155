"""The console's words for incoming mail: the emails that were not posted, kept for a look."""
from flask_babel import lazy_gettext as _l

STRINGS = {
    "mail.title": _l("Incoming mail"),
    # Marks a reply, chat message or request that came by email rather than typed in the app.
    "mail.by_email": _l("By email"),
    "mail.by_email_hint": _l("Sent as an email reply; quoted text and signature were cut."),
    "mail.intro": _l("Emails received for this site that did not become a reply or a request, "
                     "and why."),
    "mail.filters": _l("Filter incoming mail"),
    "mail.site": _l("Site"),
    "mail.no_site": _l("Mail that matched no site"),
    "mail.show": _l("Show"),
    "mail.view.held": _l("Not posted or failed"),
    "mail.view.dropped": _l("Not posted"),
    "mail.view.failed": _l("Failed"),
    "mail.view.posted": _l("Posted"),
    "mail.view.all": _l("All"),
    "mail.state.received": _l("Waiting"),
    "mail.state.posted": _l("Posted"),
    "mail.state.dropped": _l("Not posted"),
    "mail.state.failed": _l("Failed"),
    "mail.count": _l("Emails: {count}"),
    "mail.none_held": _l("Nothing to look at: every email received for this site was posted."),
    "mail.none": _l("No emails here."),
    "mail.no_subject": _l("(no subject)"),
    "mail.from": _l("From {sender}"),
    "mail.ticket": _l("Request #{number}"),
    "mail.chat": _l("Chat {id}"),
    "mail.download": _l("Download .eml"),
    "mail.retry": _l("Try again"),
    "mail.retrying": _l("Trying…"),
    "mail.retried_posted": _l("The email was posted"),
    "mail.retried_held": _l("The email was still not posted"),
    "mail.page": _l("Page {page} of {pages}"),
    "mail.previous": _l("Previous"),
    "mail.next": _l("Next"),
}

"""The email an advisor gets when a requester replies on their ticket while they are signed out."""

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.extensions import db
from helpwidget.models import Advisor
from helpwidget.services import outbox, presence
from helpwidget.services.plain_text import without_controls

# A long reply is cut: the console shows the whole of it.
QUOTE_LIMIT = 4000


def requester_replied(ticket, comment):
    """Enqueue, when due, the email telling the ticket's assignee of a requester's reply.

    Only a public requester reply counts; the assignee must want these emails, be active and
    have no console open (an open console alerts them itself). The caller commits.
    """
    if comment.internal or comment.author_kind != "requester" or not ticket.assignee_id:
        return None
    advisor = db.session.get(Advisor, ticket.assignee_id)
    if advisor is None or not advisor.active or not advisor.email_on_reply:
        return None
    if presence.is_live(advisor.id):
        return None
    site = ticket.site
    with force_locale(_locale(advisor)):
        subject = _("Reply on request #%(number)s: %(subject)s", number=ticket.number,
                    subject=ticket.subject)
        name = comment.author_name or ticket.requester_name or _("The requester")
        content = {
            "paragraphs": [_("%(name)s replied on request #%(number)s, which is assigned to "
                             "you at %(product)s:", name=name, number=ticket.number,
                             product=site.name)],
            "quote": plain(comment.body), "quote_first": True,
            "fields": [(_("Subject"), ticket.subject)],
            "closing": [_("You get this email because you were not signed in to the console. "
                          "You can turn these emails off in My account.")],
            "link": (_("Open the request"), ticket_link(ticket.number))}
        context = {"subject": subject, "fields": [], "quote_label": "", "closing": [],
                   "signature": "", **content}
        text = render_template("email/message.txt", **context)
        html = render_template("email/message.html", **context)
    return outbox.enqueue_email([advisor.email], subject, text, html, site=site)


def plain(body):
    """Return a reply as plain text safe to quote: no control characters, cut when long."""
    text = without_controls(body).strip()
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT].rstrip() + "…"


def ticket_link(number):
    """Return the console's address that opens ticket `number`."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    # The console's own route: it asks a signed-out advisor to sign in, then opens the ticket.
    return f"{base}/console/tickets/{int(number)}"


def _locale(advisor):
    """Return the advisor's console language if the product speaks it, else English."""
    supported = current_app.config["LOCALES"]
    return advisor.locale if advisor.locale in supported else "en"

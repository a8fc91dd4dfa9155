"""The files of a received email: kept when they pass the upload checks, named when not."""
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import TicketComment
from helpwidget.services import attachments, emails


def keep(site, files, visitor=None):
    """Store the email's files that pass the upload checks; return (kept, refused names)."""
    kept, refused = [], []
    for filename, data in files[:current_app.config["ATTACHMENTS_PER_MESSAGE"]]:
        try:
            kept.append(attachments.store_bytes(site, filename, data, visitor=visitor))
        except Invalid as exc:
            refused.append(f"{attachments.display_name(filename)}: {exc}")
    refused.extend(f"{attachments.display_name(name)}: too many files"
                   for name, _data in files[current_app.config["ATTACHMENTS_PER_MESSAGE"]:])
    return kept, refused


def note_refused(ticket, refused):
    """Tell the team, in an internal note, which of an email's files were not accepted."""
    with force_locale(emails.locale_for(ticket.locale, ticket.site)):
        body = _("Files of an email reply that were not accepted:") + "\n" + "\n".join(refused)
    db.session.add(TicketComment(ticket=ticket, author_kind="system", author_name="",
                                 body=body, internal=True))


def refused_detail(refused):
    """Return what an email's row records of its files that were not accepted ("" if none)."""
    return ("files not accepted: " + "; ".join(refused)) if refused else ""

"""Received email as advisors review it: the site's held mail, its raw bytes, another try."""
import email
import email.policy
import re

from flask_babel import lazy_gettext as _l
from inscriptis import get_text

from helpwidget.errors import Conflict, NotFound
from helpwidget.extensions import db
from helpwidget.models import Chat, InboundEmail, Ticket
from helpwidget.services import advisors, inbound_mail

# What each listing shows; "held" (the default) is what needs a look: not posted, or broken.
VIEWS = {"held": ("dropped", "failed"), "dropped": ("dropped",), "failed": ("failed",),
         "posted": ("posted",), "received": ("received",), "all": None}
# Only mail that did not become a message is tried again: a posted one is done with.
RETRIABLE = ("dropped", "failed")
PREVIEW_CHARS = 500
# The text part nearly always comes before any attachment; parsing only the start keeps a page
# of 25-megabyte emails cheap, and the lenient parser reads a cut message without raising.
PREVIEW_BYTES = 256 * 1024
# Control characters and direction overrides: a sender could hide or reorder text with them.
_HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u202a-\u202e\u2066-\u2069]")

# Why an email was not posted, in words an advisor understands (codes: services/inbound_mail).
REASON_TEXTS = {
    "stranger": _l("The sender is not part of this conversation."),
    "auto_reply": _l("An automatic reply (an out-of-office message, for example)."),
    "loop": _l("It came from this server's own mail: answering it would start a loop."),
    "bounce": _l("A report that an email could not be delivered."),
    "unknown_token": _l("The reply address is not valid, or its conversation no longer "
                        "exists."),
    "no_site": _l("It is not a reply to a conversation, and no site has this support "
                  "address."),
    "intake_off": _l("It is not a reply, and this site does not open requests from email."),
    "rate_limited": _l("Too many emails from this sender in a short time."),
    "spoofed": _l("Our mail server found the sender's address forged."),
    "empty": _l("The email has no text to post."),
    "parse_error": _l("The email could not be read."),
    "post_error": _l("Posting the email failed."),
    "too_large": _l("It is larger than this server takes: it was left unread in the mailbox, "
                    "where someone can read it."),
}


def reason_text(code):
    """Return the translated words of a reason code ("" for none, the code if unknown)."""
    if not code:
        return ""
    text = REASON_TEXTS.get(code)
    return str(text) if text is not None else code


def listing(site, view="held", page=1, per_page=25):
    """Return (total, entries) of a site's received email (None: mail that matched no site).

    Newest first; each entry is a dict the schema dumps, with the ticket number and a preview.
    """
    where = [InboundEmail.site_id == site.id if site is not None
             else InboundEmail.site_id.is_(None)]
    if VIEWS[view] is not None:
        where.append(InboundEmail.state.in_(VIEWS[view]))
    total = db.session.execute(
        db.select(db.func.count()).select_from(InboundEmail).where(*where)).scalar_one()
    rows = db.session.execute(
        _with_links().where(*where)
        .order_by(InboundEmail.received_at.desc(), InboundEmail.id.desc())
        .limit(per_page).offset((page - 1) * per_page)).all()
    return total, [entry(row, number, chat_id) for row, number, chat_id in rows]


def _with_links():
    """Select rows with their ticket's number and chat id, only when of the row's own site."""
    # The site match is a second lock: a row pointing into another site shows no link there.
    return (db.select(InboundEmail, Ticket.number, Chat.id)
            .outerjoin(Ticket, (Ticket.id == InboundEmail.ticket_id)
                       & (Ticket.site_id == InboundEmail.site_id))
            .outerjoin(Chat, (Chat.id == InboundEmail.chat_id)
                       & (Chat.site_id == InboundEmail.site_id)))


def entry(row, ticket_number=None, chat_id=None):
    """Return one email as the API shows it."""
    return {"id": row.id, "received_at": row.received_at, "sender": row.sender,
            "subject": row.subject, "state": row.state, "reason": row.reason,
            "reason_text": reason_text(row.reason), "detail": row.detail,
            "ticket_id": row.ticket_id if ticket_number is not None else None,
            "ticket_number": ticket_number, "chat_id": chat_id,
            "preview": preview(row.raw), "retriable": retriable(row)}


def retriable(row):
    """Tell whether another try could post the email: it was not posted, and it is whole."""
    return row.state in RETRIABLE and row.reason != "too_large"


def entry_of(row):
    """Return one email as the API shows it, its links looked up."""
    found = db.session.execute(_with_links().where(InboundEmail.id == row.id)).one()
    return entry(*found)


def for_advisor(advisor, email_id):
    """Return a received email of one of the advisor's sites; mail of no site, owner only.

    Anything else is NotFound, the same whether the email exists or not.
    """
    row = db.session.get(InboundEmail, email_id)
    if row is None or not _may_see(advisor, row):
        raise NotFound(_l("This email is not available."))
    return row


def _may_see(advisor, row):
    """Tell whether the advisor may read the email (its site's team; the owner for no site)."""
    if row.site_id is None:
        # Mail that matched no site may be anyone's: only who runs the server reads it.
        return bool(advisor.is_owner)
    return row.site_id in advisors.site_ids_of(advisor)


def retry(row):
    """Run the email through the incoming mail rules again; return the row as it is now.

    Two advisors trying the same email at once post it once: posting is keyed by the row
    (client id "mail-<id>"), so the second run finds what the first posted.
    """
    db.session.refresh(row)  # what another advisor's try made of it meanwhile
    if not retriable(row):
        raise Conflict(_l("Only an email that was not posted, and that the server holds whole, "
                          "can be tried again."), code="not_retriable")
    row = inbound_mail.process(row) or row
    db.session.refresh(row)
    return row


def preview(raw):
    """Return the start of an email's text (its plain part, else its HTML as text), or ""."""
    try:
        message = email.message_from_bytes(bytes(raw or b"")[:PREVIEW_BYTES],
                                           policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        if body is None:
            return ""
        text = body.get_content()
        if body.get_content_subtype() == "html":
            text = get_text(text)
    except Exception:  # hostile or broken mail must never break a listing
        return ""
    return _shorten(text)


def _shorten(text):
    """Return text with spaces and blank lines folded, cut to PREVIEW_CHARS."""
    lines = [re.sub(r"\s+", " ", _HIDDEN.sub("", line)).strip()
             for line in str(text).splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return text if len(text) <= PREVIEW_CHARS else text[:PREVIEW_CHARS - 1].rstrip() + "…"

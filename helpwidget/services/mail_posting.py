"""Where a received email goes: its request, its chat, or a new request; and who may write.

Each `post` answers (state, reason, detail) for the stored row. A reply is posted under the
client id "mail-<row id>", so an email processed again after a crash is never posted twice.
"""
from email.utils import parseaddr

from flask import current_app

from helpwidget.extensions import db
from helpwidget.models import Chat, Site, Ticket, TicketComment
from helpwidget.services import (
    advisor_reply_mail,
    chat_messages,
    mail_files,
    mail_parsing,
    mail_tickets,
    reply_tokens,
    signals,
)
from helpwidget.services.tickets import after_commit, set_status
from helpwidget.services.timeutil import utcnow

TICKET_BODY_MAX = 20000


def post(row, parsed):
    """Post one parsed email; return (state, reason, detail) for its row."""
    refusal = _machine_written(parsed)
    if refusal:
        return refusal
    if not parsed.sender:
        return "dropped", "stranger", "no sender address"
    if parsed.authentication == "fail":
        return "dropped", "spoofed", parsed.sender
    named = _conversation_named(parsed)
    if named is not None:
        kind, conversation = named
        if conversation is None:
            return "dropped", "unknown_token", "the conversation no longer exists"
        row.site_id = conversation.site_id
        if kind == "ticket":
            return to_ticket(row, parsed, conversation)
        return _to_chat(row, parsed, conversation)
    if reply_tokens.has_token_shape(parsed.recipients):
        # A reply address whose signature does not match: changed by hand, or forged.
        return "dropped", "unknown_token", ", ".join(parsed.recipients)[:500]
    site = site_for_address(parsed.recipients)
    if site is None:
        return "dropped", "no_site", ", ".join(parsed.recipients)[:500]
    row.site_id = site.id
    if not site.mail_opens_tickets:
        return "dropped", "intake_off", site.key
    if not parsed.text and not parsed.files:
        return "dropped", "empty", ""
    return mail_tickets.open_from_mail(row, parsed, site)


def site_id_of(parsed):
    """Return the id of the site an email is for (its conversation's, else the site whose
    support address it was sent to), or None."""
    named = _conversation_named(parsed)
    if named is not None:
        conversation = named[1]
        return conversation.site_id if conversation is not None else None
    site = site_for_address(parsed.recipients)
    return site.id if site is not None else None


def _conversation_named(parsed):
    """Return (kind, request or chat) of the email's verified reply address, or None; the
    conversation is None when it no longer exists."""
    found = reply_tokens.find(parsed.recipients)
    if found is None:
        return None
    kind, conversation_id = found
    return kind, db.session.get(Ticket if kind == "ticket" else Chat, conversation_id)


def site_for_address(recipients):
    """Return the site whose support address is among `recipients`, or None."""
    wanted = {parseaddr(r)[1].lower() for r in recipients if r}
    wanted.discard("")
    if not wanted:
        return None
    for site in db.session.execute(db.select(Site).order_by(Site.id)).scalars():
        if wanted & support_addresses(site):
            return site
    return None


def support_addresses(site):
    """Return the lower-case addresses a site shows for support (Contact and hours)."""
    contact = site.contact or {}
    found = {str(contact.get("email") or "").lower()}
    found.update(str(e.get("email") or "").lower() for e in contact.get("emails") or ()
                 if isinstance(e, dict))
    found.discard("")
    return found


def to_ticket(row, parsed, ticket):
    """Add the email as the requester's (or a Cc's) reply; a closed request gets a follow-up.

    A reply to a request merged into another joins the one it was merged into: whoever was on
    the request they were written from may write there.
    """
    if not _may_write_ticket(ticket, parsed.sender):
        return "dropped", "stranger", parsed.sender
    ticket = _merged_target(ticket)
    if ticket.status == "closed":
        return mail_tickets.follow_up(row, parsed, ticket)
    stored = db.session.execute(db.select(TicketComment).filter_by(
        ticket_id=ticket.id, client_id=row.client_id)).scalar_one_or_none()
    if stored is not None:
        row.ticket_id = ticket.id
        return "posted", "", f"comment {stored.id}"
    if not parsed.text and not parsed.files:
        return "dropped", "empty", ""
    kept, refused = mail_files.keep(ticket.site, parsed.files)
    requester = parsed.sender == (ticket.requester_email or "").lower()
    comment = TicketComment(
        ticket=ticket, author_kind="requester",
        author_user_id=ticket.requester_user_id if requester else None,
        author_name=(ticket.requester_name if requester else "") or parsed.sender_name
        or parsed.sender, body=parsed.text[:TICKET_BODY_MAX], client_id=row.client_id)
    db.session.add(comment)
    db.session.flush()
    for attachment in kept:
        attachment.ticket, attachment.comment = ticket, comment
    if refused:
        mail_files.note_refused(ticket, refused)
    old = ticket.status
    if ticket.status in ("awaiting_reply", "resolved"):
        set_status(ticket, "open")
    ticket.updated_at = utcnow()
    advisor_reply_mail.requester_replied(ticket, comment)
    row.ticket_id = ticket.id
    row.state, row.processed_at = "posted", utcnow()
    db.session.commit()
    after_commit("comment", ticket, comment=comment, old_status=old)
    return "posted", "", mail_files.refused_detail(refused)


def _to_chat(row, parsed, chat):
    """Add the email to its chat while open; after, to the request it became or a new one."""
    allowed = {(chat.visitor_email or "").lower(),
               (chat.user.email or "").lower() if chat.user else ""} - {""}
    if parsed.sender not in allowed:
        return "dropped", "stranger", parsed.sender
    row.chat_id = chat.id
    if chat.status == "closed":
        if chat.ticket is not None:
            return to_ticket(row, parsed, chat.ticket)
        return mail_tickets.from_closed_chat(row, parsed, chat)
    if not parsed.text and not parsed.files:
        return "dropped", "empty", ""
    kept, refused = mail_files.keep(chat.site, parsed.files, visitor=chat.visitor)
    body = parsed.text[:current_app.config["CHAT_MESSAGE_MAX"]]
    message, created = chat_messages.post(
        chat, "visitor", row.client_id, body, [a.id for a in kept] or None,
        visitor=chat.visitor)
    if created:
        signals.announce(signals.chat_message_received, chat=chat, message=message)
    return "posted", "", mail_files.refused_detail(refused)


def _machine_written(parsed):
    """Return the drop of an email no person wrote, or of our own mail come back, else None."""
    ours = {_domain(current_app.config["MAIL_FROM"]),
            _domain(current_app.config.get("MAIL_REPLY_ADDRESS") or "")} - {""}
    if any(mail_parsing.own_message_id(parsed.message_id, d) for d in ours) or \
            parsed.sender == parseaddr(current_app.config["MAIL_FROM"])[1].lower():
        return "dropped", "loop", parsed.message_id
    if parsed.automatic:
        return "dropped", parsed.automatic, parsed.sender
    return None


def _merged_target(ticket):
    """Return the request a merged one went into (following merges of merges), else itself."""
    seen = {ticket.id}
    while ticket.merged_into_id is not None and ticket.merged_into_id not in seen:
        seen.add(ticket.merged_into_id)
        target = db.session.get(Ticket, ticket.merged_into_id)
        if target is None:
            break
        ticket = target
    return ticket


def _may_write_ticket(ticket, sender):
    """Tell whether an address is on the request: its requester's, its user's, or a Cc."""
    allowed = {(ticket.requester_email or "").lower()}
    allowed.update(str(c).lower() for c in ticket.cc or ())
    if ticket.requester_user is not None:
        allowed.add((ticket.requester_user.email or "").lower())
    allowed.discard("")
    return sender in allowed


def _domain(address):
    """Return the domain of an address (with or without a display name), lower case."""
    return parseaddr(address)[1].rpartition("@")[2].lower()

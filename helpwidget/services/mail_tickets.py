"""Requests opened by email: mail to a site's support address, a reply to a closed request,
and a reply to a chat that has ended."""
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.extensions import db
from helpwidget.models import Advisor, EndUser, Ticket
from helpwidget.services import (
    assignment,
    emails,
    mail_files,
    response_promise,
    ticket_categories,
)
from helpwidget.services.ticket_intake import general_category, insert_with_number
from helpwidget.services.tickets import after_commit, announce_created
from helpwidget.services.timeutil import utcnow

SUBJECT_MAX = 140
DESCRIPTION_MAX = 20000


def open_from_mail(row, parsed, site):
    """Open a request for the sender of an email to the site's support address."""
    if (done := _opened_by(row)) is not None:
        return done
    since = utcnow() - timedelta(hours=1)
    recent = db.session.execute(db.select(db.func.count(Ticket.id)).where(
        Ticket.site_id == site.id, Ticket.channel == "email",
        db.func.lower(Ticket.requester_email) == parsed.sender,
        Ticket.created_at >= since)).scalar_one()
    if recent >= int(current_app.config["MAIL_IN_TICKETS_PER_SENDER"]):
        return "dropped", "rate_limited", parsed.sender
    user = db.session.execute(db.select(EndUser).where(
        EndUser.site_id == site.id, db.func.lower(EndUser.email) == parsed.sender)
        .order_by(EndUser.id).limit(1)).scalar_one_or_none()
    locale = _locale(site, user, parsed)
    category, subcategory = general_category(site)
    with force_locale(locale):
        subject = parsed.subject or _("Email from %(sender)s", sender=parsed.sender)
    fields = _fields(site, row, parsed, category, subcategory, locale, subject,
                     parsed.text or "-")
    fields.update(requester_user_id=user.id if user else None,
                  requester_name=(user.name if user and user.name else parsed.sender_name),
                  account_id=user.account_id if user else "")
    return _open(row, parsed, site, fields, None)


def follow_up(row, parsed, closed):
    """Open a new request for a reply to a closed one, mentioning it, for its last advisor."""
    if (done := _opened_by(row)) is not None:
        return done
    site = closed.site
    with force_locale(emails.locale_for(closed.locale, site)):
        description = parsed.text + "\n\n" + _("Follow-up to the closed request #%(number)s.",
                                              number=closed.number)
    category = ticket_categories.find(site, closed.category) or general_category(site)[0]
    fields = _fields(site, row, parsed, category, closed.subcategory, closed.locale,
                     _re(closed.subject), description)
    fields.update(requester_user_id=closed.requester_user_id,
                  requester_visitor_id=closed.requester_visitor_id,
                  requester_name=closed.requester_name, account_id=closed.account_id,
                  requester_email=closed.requester_email, cc=list(closed.cc or []))
    return _open(row, parsed, site, fields, closed.assignee_id)


def from_closed_chat(row, parsed, chat):
    """Open a request for a reply to a chat that has ended; the chat points at it after."""
    if (done := _opened_by(row)) is not None:
        return done
    site = chat.site
    with force_locale(emails.locale_for(chat.locale, site)):
        subject = _("Reply by email to a chat")
        description = (parsed.text or "-") + "\n\n" + _(
            "Sent by email after the chat of %(date)s ended.",
            date=chat.created_at.strftime("%Y-%m-%d"))
    category, subcategory = general_category(site)
    user = chat.user
    fields = _fields(site, row, parsed, category, subcategory, chat.locale, subject,
                     description)
    fields.update(requester_visitor_id=chat.visitor_id,
                  requester_user_id=user.id if user else None,
                  requester_name=(user.name if user and user.name else chat.visitor_name),
                  requester_email=parsed.sender, account_id=user.account_id if user else "",
                  page_route=chat.page_route)
    return _open(row, parsed, site, fields, chat.advisor_id, chat=chat)


def _fields(site, row, parsed, category, subcategory, locale, subject, description):
    """Return the columns of a request opened from an email."""
    now = utcnow()
    priority = ticket_categories.default_priority(category)
    return dict(site_id=site.id, requester_visitor_id=None, requester_user_id=None,
                requester_name=parsed.sender_name, requester_email=parsed.sender,
                account_id="", shared=False, subject=" ".join(subject.split())[:SUBJECT_MAX],
                category=category["key"], subcategory=subcategory or "", platform="",
                description=description[:DESCRIPTION_MAX], priority=priority, status="open",
                cc=[], locale=locale, page_route="", channel="email",
                client_id=row.client_id, created_at=now, updated_at=now,
                due_at=response_promise.due_at(site, now, priority))


def _open(row, parsed, site, fields, assignee_id, chat=None):
    """Insert the request with the email's files, confirm it by email, and tell the team."""
    kept, refused = mail_files.keep(site, parsed.files)
    ticket = insert_with_number(fields)
    for attachment in kept:
        attachment.ticket = ticket
    if refused:
        mail_files.note_refused(ticket, refused)
    advisor = db.session.get(Advisor, assignee_id) if assignee_id else None
    if advisor is not None and advisor.active:
        ticket.assignee_id = advisor.id
    if chat is not None:
        chat.ticket_id = ticket.id
    emails.ticket_created(ticket)
    row.ticket_id = ticket.id
    row.state, row.processed_at = "posted", utcnow()
    db.session.commit()
    announce_created(ticket)
    if ticket.assignee_id is not None:
        after_commit("assigned", ticket)
    elif assignment.assign_ticket(ticket) is not None:
        after_commit("assigned", ticket)
    return "posted", "", "; ".join(filter(None, [f"request #{ticket.number}",
                                                 mail_files.refused_detail(refused)]))


def _opened_by(row):
    """Return the outcome of the request this email already opened (it is processed again after
    a crash), or None."""
    stored = db.session.execute(db.select(Ticket).filter_by(
        site_id=row.site_id, client_id=row.client_id)).scalar_one_or_none()
    return None if stored is None else ("posted", "", f"request #{stored.number}")


def _locale(site, user, parsed):
    """Return the sender's language: their user's, else the email's, else the site's."""
    supported = current_app.config["LOCALES"]
    for candidate in ((user.locale if user else ""), parsed.language):
        if candidate in supported and site.speaks(candidate):
            return candidate
    return emails.locale_for(site.default_locale, site)


def _re(subject):
    """Return a follow-up's subject: "Re: " once before the closed request's."""
    return subject if subject.lower().startswith("re:") else f"Re: {subject}"

"""Tickets: opening a request, its thread, its statuses, and what advisors do to it."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from helpwidget.errors import Conflict, Invalid
from helpwidget.extensions import db
from helpwidget.models import Site, Ticket, TicketComment
from helpwidget.models.ticket import PRIORITIES, STATUSES
from helpwidget.services import (
    assignment,
    attachments,
    emails,
    response_figures,
    response_promise,
    search_insights,
    signals,
    support_users,
    ticket_categories,
)
from helpwidget.services.ticket_intake import category_of, insert_with_number, submitted
from helpwidget.services.timeutil import aware, utcnow

# First-response hours per priority when a site does not set its own SLA.
DEFAULT_SLA_HOURS = response_promise.DEFAULT_SLA_HOURS
OPEN_STATUSES = ("open", "pending", "awaiting_reply")
FINISHED_STATUSES = ("resolved", "closed")


def sla_hours(site, priority):
    """Return the hours within which the site promises a first response at this priority."""
    return response_promise.hours(site, priority)


def create(site, visitor, data, locale, channel="widget"):
    """Open a ticket for the visitor from validated input; alert the team on an emergency.

    A submission sent again with the same `client_id` returns the ticket stored the first time.
    """
    client_id = data.get("client_id") or None
    stored = submitted(visitor.id, client_id)
    if stored is not None:
        return stored
    support_users.check_may_open(site, visitor)
    category, subcategory = category_of(site, data)
    user = visitor.user
    now = utcnow()
    priority = ticket_categories.default_priority(category)
    if not category.get("emergency") and data.get("priority"):
        priority = data["priority"]
    fields = dict(
        site_id=site.id, requester_visitor_id=visitor.id,
        requester_user_id=user.id if user else None,
        requester_name=(user.name if user and user.name else data.get("name", "")),
        requester_email=(user.email if user and user.email else data.get("email", "")),
        account_id=user.account_id if user else "", shared=bool(data.get("shared")) and bool(
            user and user.account_id),
        subject=data["subject"], category=category["key"], subcategory=subcategory,
        platform=data.get("platform", ""), description=data["description"], priority=priority,
        status="open", cc=data.get("cc", []), locale=locale,
        page_route=data.get("page_route", ""), client_id=client_id,
        diagnostics=data.get("diagnostics") or None, channel=channel, created_at=now,
        updated_at=now, due_at=response_promise.due_at(site, now, priority))
    if not fields["requester_email"]:
        raise Invalid(_l("Tell us your email address so we can answer you."),
                      fields={"email": [_l("Tell us your email address so we can answer you.")]})
    if not fields["requester_name"] and user is None:
        raise Invalid(_l("Tell us your name."), fields={"name": [_l("Tell us your name.")]})
    ticket = insert_with_number(fields)
    if ticket is None:  # the same submission, sent twice at once, was stored by the other
        return submitted(visitor.id, client_id)
    attachments.claim(site, data.get("attachments", []), ticket=ticket, visitor=visitor)
    emails.ticket_created(ticket)
    if category.get("emergency"):
        emails.urgent_alert(ticket)
    db.session.commit()
    search_insights.contacted(site, visitor)
    after_commit("created", ticket)
    if assignment.assign_ticket(ticket) is not None:
        after_commit("assigned", ticket)
    return ticket


def announce_created(ticket):
    """Tell widgets and consoles of a ticket another service opened and committed."""
    after_commit("created", ticket)


def public_thread(ticket):
    """Return the comments a requester may see: everything but internal notes."""
    return [c for c in ticket.comments if not c.internal]


def request_files(ticket):
    """Return the files attached to the request itself, not to one of its comments."""
    return [a for a in ticket.attachments if a.comment_id is None]


def close_by_requester(ticket):
    """Close the requester's own ticket (they no longer need help)."""
    if ticket.status == "closed":
        raise Conflict(_l("This request is already closed."))
    old = ticket.status
    set_status(ticket, "closed")
    db.session.commit()
    after_commit("status", ticket, old_status=old)
    return ticket


def advisor_comment(ticket, advisor, body, *, internal=False, status=None, attachment_ids=()):
    """Add an advisor's reply or internal note, optionally changing the status with it."""
    if ticket.status == "closed":
        raise Conflict(_l("This request is closed; it cannot take new comments."))
    if status is not None:
        _check_status(status)
    comment = TicketComment(ticket=ticket, author_kind="advisor", author_advisor_id=advisor.id,
                            author_name=advisor.name, body=body, internal=internal)
    db.session.add(comment)
    db.session.flush()
    attachments.claim(ticket.site, attachment_ids, ticket=ticket, comment=comment,
                      advisor=advisor)
    old = ticket.status
    if not internal:
        ticket.first_response_at = ticket.first_response_at or utcnow()
        response_figures.ticket_answered(ticket)
        # A public answer means someone is on it, unless the advisor says otherwise.
        new = status or ("pending" if ticket.status == "open" else ticket.status)
        if ticket.assignee_id is None:
            ticket.assignee_id = advisor.id
    else:
        new = status or ticket.status
    set_status(ticket, new)
    ticket.updated_at = utcnow()
    emails.advisor_replied(ticket, comment)
    if new != old:
        emails.status_changed(ticket, old)
    db.session.commit()
    after_commit("comment", ticket, comment=comment, old_status=old)
    return comment


def change_status(ticket, status, *, advisor=None):
    """Move a ticket to another status; closed tickets stay closed."""
    _check_status(status)
    if ticket.status == "closed" and status != "closed":
        raise Conflict(_l("A closed request cannot be reopened; the requester can open a new one."))
    old = ticket.status
    if status == old:
        return ticket
    set_status(ticket, status)
    emails.status_changed(ticket, old)
    db.session.commit()
    after_commit("status", ticket, old_status=old)
    return ticket


def assign(ticket, assignee, *, by=None):
    """Give the ticket to an advisor of its site, or to nobody."""
    if assignee is not None and not any(m.site_id == ticket.site_id
                                        for m in assignee.memberships):
        raise Invalid(_l("This advisor is not on this site's team."),
                      fields={"assignee_id": [_l("This advisor is not on this site's team.")]})
    ticket.assignee_id = assignee.id if assignee else None
    ticket.updated_at = utcnow()
    db.session.commit()
    after_commit("assigned", ticket)
    return ticket


def set_priority(ticket, priority, *, advisor=None):
    """Change the priority; the first-response deadline follows the site's SLA for it."""
    if priority not in PRIORITIES:
        raise Invalid(_l("Choose a priority."), fields={"priority": [_l("Choose a priority.")]})
    ticket.priority = priority
    # Counted in business hours from the moment the request came in, like at creation.
    ticket.due_at = response_promise.due_at(ticket.site, aware(ticket.created_at), priority)
    ticket.updated_at = utcnow()
    db.session.commit()
    after_commit("priority", ticket)
    return ticket


def close_resolved(now=None):
    """Close tickets resolved longer ago than their site's auto-close days; return how many."""
    now = now or utcnow()
    closed = []
    for site in db.session.execute(db.select(Site)).scalars().all():
        cutoff = now - timedelta(days=site.auto_close_days or 0)
        ids = db.session.execute(db.select(Ticket.id).filter(
            Ticket.site_id == site.id, Ticket.status == "resolved",
            Ticket.resolved_at <= cutoff)).scalars().all()
        for ticket_id in ids:
            # Conditional update: when two workers run this at once, one of them wins each
            # ticket, so the requester gets one email, not two.
            won = db.session.execute(db.update(Ticket).where(
                Ticket.id == ticket_id, Ticket.status == "resolved").values(
                status="closed", closed_at=now, updated_at=now)).rowcount
            if won:
                ticket = db.session.get(Ticket, ticket_id)
                db.session.refresh(ticket)
                emails.status_changed(ticket, "resolved")
                closed.append(ticket)
            db.session.commit()
    for ticket in closed:
        after_commit("status", ticket, old_status="resolved")
    return len(closed)


def is_breached(ticket, now=None):
    """Tell whether the first response came, or will come, later than the SLA promised."""
    due = aware(ticket.due_at)
    if ticket.first_response_at is not None:
        return aware(ticket.first_response_at) > due
    return (now or utcnow()) > due and ticket.status != "closed"


def _check_status(status):
    """Raise Invalid unless `status` is one of the ticket statuses."""
    if status not in STATUSES:
        raise Invalid(_l("Choose a status."), fields={"status": [_l("Choose a status.")]})


def set_status(ticket, status, now=None):
    """Apply a status with its timestamps."""
    now = now or utcnow()
    ticket.status = status
    ticket.updated_at = now
    if status == "resolved":
        ticket.resolved_at = now
        response_figures.ticket_resolved(ticket, now)
    elif status == "closed":
        ticket.closed_at = now
    else:
        ticket.resolved_at = ticket.closed_at = None


def after_commit(event, ticket, comment=None, old_status=None):
    """Tell open widgets and consoles; the data is already safe (the outbox wakes on commit)."""
    signals.announce(signals.ticket_changed, event=event, ticket=ticket, comment=comment,
                     old_status=old_status)


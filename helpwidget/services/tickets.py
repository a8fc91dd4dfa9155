"""Tickets: opening a request, its thread, statuses, ratings, and what advisors do to them."""
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from helpwidget.errors import Conflict, Invalid, NotFound
from helpwidget.extensions import db
from helpwidget.models import Ticket, TicketComment
from helpwidget.models.ticket import PRIORITIES, STATUSES
from helpwidget.services import attachments, emails, support_users, ticket_categories
from helpwidget.services.ticket_access import can_read, reader_filter
from helpwidget.services.timeutil import aware, utcnow

# First-response hours per priority when a site does not set its own SLA.
DEFAULT_SLA_HOURS = {"urgent": 1, "high": 4, "normal": 8, "low": 24}
OPEN_STATUSES = ("open", "pending", "awaiting_reply")
FINISHED_STATUSES = ("resolved", "closed")


def sla_hours(site, priority):
    """Return the hours within which the site promises a first response at this priority."""
    hours = {**DEFAULT_SLA_HOURS, **(site.sla_hours or {})}
    return float(hours.get(priority, DEFAULT_SLA_HOURS["normal"]))


def create(site, visitor, data, locale):
    """Open a ticket for the visitor from validated input; alert the team on an emergency.

    A submission sent again with the same `client_id` returns the ticket stored the first time.
    """
    client_id = data.get("client_id") or None
    stored = _submitted(visitor.id, client_id)
    if stored is not None:
        return stored
    support_users.check_may_open(site, visitor)
    category, subcategory = _category_of(site, data)
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
        page_route=data.get("page_route", ""), client_id=client_id, created_at=now,
        updated_at=now, due_at=now + timedelta(hours=sla_hours(site, priority)))
    if not fields["requester_email"]:
        raise Invalid(_l("Tell us your email address so we can answer you."),
                      fields={"email": [_l("Tell us your email address so we can answer you.")]})
    if not fields["requester_name"] and user is None:
        raise Invalid(_l("Tell us your name."), fields={"name": [_l("Tell us your name.")]})
    ticket = _insert_with_number(fields)
    if ticket is None:  # the same submission, sent twice at once, was stored by the other
        return _submitted(visitor.id, client_id)
    attachments.claim(site, data.get("attachments", []), ticket=ticket, visitor=visitor)
    emails.ticket_created(ticket)
    if category.get("emergency"):
        emails.urgent_alert(ticket)
    db.session.commit()
    _after_commit("created", ticket)
    return ticket


def open_from_chat(chat, subject, description):
    """Turn an unanswered chat into a ticket of its visitor, confirmed by email (caller commits)."""
    site = chat.site
    user = chat.user
    now = utcnow()
    category = next((c for c in ticket_categories.categories(site)
                     if c["key"] == "questions"), None) or next(
        c for c in ticket_categories.categories(site) if not c.get("emergency"))
    subcategory = "other" if ticket_categories.find_subcategory(category, "other") else ""
    priority = ticket_categories.default_priority(category)
    ticket = _insert_with_number(dict(
        site_id=site.id, requester_visitor_id=chat.visitor_id,
        requester_user_id=user.id if user else None,
        requester_name=(user.name if user and user.name else chat.visitor_name),
        requester_email=(user.email if user and user.email else chat.visitor_email),
        account_id=user.account_id if user else "", shared=False, subject=subject,
        category=category["key"], subcategory=subcategory, platform="", description=description,
        priority=priority, status="open", cc=[], locale=chat.locale, page_route=chat.page_route,
        created_at=now, updated_at=now, due_at=now + timedelta(hours=sla_hours(site, priority))))
    emails.ticket_created(ticket)
    return ticket


def announce_created(ticket):
    """Tell widgets and consoles of a ticket another service opened and committed."""
    _after_commit("created", ticket)


def _category_of(site, data):
    """Return the chosen category and subcategory key, or raise Invalid naming the field."""
    category = ticket_categories.find(site, data["category"])
    if category is None:
        raise Invalid(_l("Choose one of the request types."),
                      fields={"category": [_l("Choose one of the request types.")]})
    subcategory = data.get("subcategory", "")
    subs = category.get("subcategories", [])
    if subs and not subcategory:
        raise Invalid(_l("Choose a subcategory."), fields={"subcategory": [
            _l("Choose a subcategory; use \u201cOther\u201d when none fits.")]})
    if subcategory and not ticket_categories.find_subcategory(category, subcategory):
        raise Invalid(_l("Choose a subcategory of this request type."),
                      fields={"subcategory": [_l("Choose a subcategory of this request type.")]})
    platforms = site.platforms or []
    if platforms and data.get("platform") not in platforms:
        raise Invalid(_l("Choose your platform."),
                      fields={"platform": [_l("Choose one of: {choices}.").format(
                          choices=", ".join(platforms))]})
    if not platforms and data.get("platform"):
        raise Invalid(_l("This site does not ask for a platform."),
                      fields={"platform": [_l("This site does not ask for a platform.")]})
    return category, subcategory


def _submitted(visitor_id, client_id):
    """Return the ticket this visitor already submitted under `client_id`, or None."""
    if not client_id:
        return None
    return db.session.execute(db.select(Ticket).filter_by(
        requester_visitor_id=visitor_id, client_id=client_id)).scalar_one_or_none()


def _insert_with_number(fields):
    """Insert a ticket under a random six-digit number unused on its site; return it.

    Return None when the requester's submission with the same client id got stored meanwhile.
    """
    for attempt in range(20):
        digits = 6 if attempt < 10 else 7
        number = secrets.randbelow(9 * 10 ** (digits - 1)) + 10 ** (digits - 1)
        if db.session.execute(db.select(Ticket.id).filter_by(
                site_id=fields["site_id"], number=number)).first():
            continue
        ticket = Ticket(number=number, **fields)
        db.session.add(ticket)
        try:
            db.session.flush()
        except IntegrityError:
            # Another process took the number between our check and insert; nothing else
            # is in this transaction yet, so rolling back loses nothing.
            db.session.rollback()
            if _submitted(fields["requester_visitor_id"], fields.get("client_id")) is not None:
                return None
            continue
        return ticket
    raise RuntimeError("no free ticket number")


def for_reader(site, visitor, number):
    """Return ticket `number` if this visitor may see it; otherwise NotFound, whatever the cause."""
    ticket = db.session.execute(db.select(Ticket).filter_by(
        site_id=site.id, number=number)).scalar_one_or_none()
    if not can_read(visitor, ticket):
        raise NotFound(_l("We could not find this request."))
    return ticket


def mine(visitor, state, page=1, per_page=20):
    """Return (total, tickets) of the visitor's open or closed requests, latest update first."""
    statuses = OPEN_STATUSES if state == "open" else FINISHED_STATUSES
    query = db.select(Ticket).where(reader_filter(visitor), Ticket.status.in_(statuses))
    total = db.session.execute(query.with_only_columns(db.func.count(Ticket.id))).scalar()
    rows = db.session.execute(query.order_by(Ticket.updated_at.desc(), Ticket.id.desc())
                              .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    return total, rows


def public_thread(ticket):
    """Return the comments a requester may see: everything but internal notes."""
    return [c for c in ticket.comments if not c.internal]


def request_files(ticket):
    """Return the files attached to the request itself, not to one of its comments."""
    return [a for a in ticket.attachments if a.comment_id is None]


def requester_comment(ticket, visitor, body, attachment_ids=(), escalation=False,
                      client_id=None):
    """Add the requester's reply; a reply to an awaiting or resolved ticket reopens it.

    A reply sent again with the same `client_id` returns the comment stored the first time.
    """
    stored = _replied(ticket, client_id)
    if stored is not None:
        return stored
    if ticket.status == "closed":
        raise Conflict(_l("This request is closed. Open a new request and mention #{number}.")
                       .format(number=ticket.number))
    user = visitor.user
    comment = TicketComment(ticket=ticket, author_kind="requester",
                            author_user_id=user.id if user else None,
                            author_name=(user.name if user else ticket.requester_name),
                            body=body, escalation=escalation, client_id=client_id or None)
    db.session.add(comment)
    try:
        db.session.flush()
    except IntegrityError:
        # The same reply, sent twice at once: the other request stored it.
        db.session.rollback()
        stored = _replied(ticket, client_id)
        if stored is None:
            raise
        return stored
    attachments.claim(ticket.site, attachment_ids, ticket=ticket, comment=comment,
                      visitor=visitor)
    old = ticket.status
    if ticket.status in ("awaiting_reply", "resolved"):
        _set_status(ticket, "open")
    if escalation:
        ticket.escalated_at = utcnow()
    ticket.updated_at = utcnow()
    db.session.commit()
    _after_commit("comment", ticket, comment=comment, old_status=old)
    return comment


def _replied(ticket, client_id):
    """Return the reply stored in this ticket's thread under `client_id`, or None."""
    if not client_id:
        return None
    return db.session.execute(db.select(TicketComment).filter_by(
        ticket_id=ticket.id, client_id=client_id)).scalar_one_or_none()


def escalate(ticket, visitor, body, client_id=None):
    """Ask for escalation: a comment plus a flag advisors see in their inbox."""
    stored = _replied(ticket, client_id)
    if stored is not None:
        return stored
    if ticket.status in FINISHED_STATUSES:
        raise Conflict(_l("Only requests still in progress can be escalated."))
    return requester_comment(ticket, visitor, body, escalation=True, client_id=client_id)


def close_by_requester(ticket):
    """Close the requester's own ticket (they no longer need help)."""
    if ticket.status == "closed":
        raise Conflict(_l("This request is already closed."))
    old = ticket.status
    _set_status(ticket, "closed")
    db.session.commit()
    _after_commit("status", ticket, old_status=old)
    return ticket


def rate(ticket, score, comment=""):
    """Rate a resolved or closed ticket, once."""
    if ticket.status not in FINISHED_STATUSES:
        raise Conflict(_l("You can rate a request once it is resolved or closed."))
    if ticket.rating is not None:
        raise Conflict(_l("You have already rated this request. Thank you!"))
    ticket.rating, ticket.rating_comment, ticket.rated_at = score, comment, utcnow()
    db.session.commit()
    _after_commit("rated", ticket)
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
        # A public answer means someone is on it, unless the advisor says otherwise.
        new = status or ("pending" if ticket.status == "open" else ticket.status)
        if ticket.assignee_id is None:
            ticket.assignee_id = advisor.id
    else:
        new = status or ticket.status
    _set_status(ticket, new)
    ticket.updated_at = utcnow()
    emails.advisor_replied(ticket, comment)
    if new != old:
        emails.status_changed(ticket, old)
    db.session.commit()
    _after_commit("comment", ticket, comment=comment, old_status=old)
    return comment


def change_status(ticket, status, *, advisor=None):
    """Move a ticket to another status; closed tickets stay closed."""
    _check_status(status)
    if ticket.status == "closed" and status != "closed":
        raise Conflict(_l("A closed request cannot be reopened; the requester can open a new one."))
    old = ticket.status
    if status == old:
        return ticket
    _set_status(ticket, status)
    emails.status_changed(ticket, old)
    db.session.commit()
    _after_commit("status", ticket, old_status=old)
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
    _after_commit("assigned", ticket)
    return ticket


def set_priority(ticket, priority, *, advisor=None):
    """Change the priority; the first-response deadline follows the site's SLA for it."""
    if priority not in PRIORITIES:
        raise Invalid(_l("Choose a priority."), fields={"priority": [_l("Choose a priority.")]})
    ticket.priority = priority
    ticket.due_at = aware(ticket.created_at) + timedelta(hours=sla_hours(ticket.site, priority))
    ticket.updated_at = utcnow()
    db.session.commit()
    _after_commit("priority", ticket)
    return ticket


def close_resolved(now=None):
    """Close tickets resolved longer ago than their site's auto-close days; return how many."""
    from helpwidget.models import Site
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
        _after_commit("status", ticket, old_status="resolved")
    return len(closed)


def adopt(visitor, user):
    """Give a user the tickets they opened anonymously in this session (on identify)."""
    tickets = db.session.execute(db.select(Ticket).filter_by(
        requester_visitor_id=visitor.id, requester_user_id=None)).scalars().all()
    for ticket in tickets:
        ticket.requester_user_id = user.id
        ticket.account_id = user.account_id or ""
        ticket.requester_name = user.name or ticket.requester_name
        ticket.requester_email = user.email or ticket.requester_email
    return tickets


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


def _set_status(ticket, status, now=None):
    """Apply a status with its timestamps."""
    now = now or utcnow()
    ticket.status = status
    ticket.updated_at = now
    if status == "resolved":
        ticket.resolved_at = now
    elif status == "closed":
        ticket.closed_at = now
    else:
        ticket.resolved_at = ticket.closed_at = None


def _after_commit(event, ticket, comment=None, old_status=None):
    """Tell open widgets and consoles; the data is already safe (the outbox wakes on commit)."""
    from helpwidget.realtime import notify
    try:
        notify.ticket_event(event, ticket, comment=comment, old_status=old_status)
    except Exception:  # a message queue outage must not undo what is already stored
        current_app.logger.exception("could not publish ticket event %s", event)
        db.session.rollback()  # a failed reload (database gone) must not poison the answer


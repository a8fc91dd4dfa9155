"""Merging two requests of one requester: the thread moves, the source closes pointing at it."""
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_

from helpwidget.errors import Conflict, Invalid
from helpwidget.extensions import db
from helpwidget.models import Attachment, Ticket, TicketComment
from helpwidget.services import labels, tickets
from helpwidget.services.timeutil import utcnow

# How many open requests of the same requester the "Merge into…" choice lists.
CANDIDATES_LIMIT = 50


def same_requester(a, b):
    """Tell whether two tickets were asked by the same user, widget session or email address.

    Two identified users are told apart by who they are, even when they share an address;
    otherwise one widget session, or else one email address (the mailbox that got both
    threads' mail already), makes them one requester.
    """
    if a.requester_user_id is not None and b.requester_user_id is not None:
        return a.requester_user_id == b.requester_user_id
    if a.requester_visitor_id is not None and a.requester_visitor_id == b.requester_visitor_id:
        return True
    email_a = _address(a.requester_email)
    return bool(email_a) and email_a == _address(b.requester_email)


def check(source, target):
    """Raise Invalid (422) or Conflict (409) unless `source` may be merged into `target`."""
    if source.id == target.id:
        _refuse(_l("Choose another request to merge into."))
    if source.site_id != target.site_id:
        _refuse(_l("Only requests of the same site can be merged."))
    if not same_requester(source, target):
        _refuse(_l("Only requests of the same requester can be merged."))
    if source.requester_user_id is not None and target.requester_user_id is None:
        # The user's "my requests" would point at a request they cannot open.
        _refuse(_l("The requester signed in for this request but not for the other one: "
                   "merge the other one into this one."))
    if target.shared and not source.shared:
        # The account's people read a shared request: a private thread must not join it.
        _refuse(_l("A private request cannot be merged into one shared with the account."))
    if source.merged_into_id is not None:
        raise Conflict(_l("This request was already merged into another."))
    if target.status == "closed":
        raise Conflict(_l("A closed request cannot take another one; choose an open request."))


def candidates(source):
    """Return the requests of the source's site and requester, not closed, it may go into."""
    alike = []
    if source.requester_visitor_id is not None:
        alike.append(Ticket.requester_visitor_id == source.requester_visitor_id)
    if source.requester_user_id is not None:
        alike.append(Ticket.requester_user_id == source.requester_user_id)
    if _address(source.requester_email):
        alike.append(func.lower(Ticket.requester_email) == _address(source.requester_email))
    if not alike:
        return []
    rows = db.session.execute(
        db.select(Ticket).where(Ticket.site_id == source.site_id, Ticket.id != source.id,
                                Ticket.status != "closed", or_(*alike))
        .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
        .limit(CANDIDATES_LIMIT)).scalars().all()
    # The query finds look-alikes; the merge's own rules decide (two users, one address).
    return [target for target in rows if _mergeable(source, target)]


def merge(source, target, advisor):
    """Move the source's thread and files to the target, note it on both, close the source."""
    _lock(source, target)
    check(source, target)
    now = utcnow()
    with force_locale(target.locale or "en"):
        into_target = _("Request #%(number)s (%(subject)s) was merged into this one by "
                        "%(name)s. Its request:", number=source.number,
                        subject=source.subject, name=advisor.name)
    with force_locale(source.locale or "en"):
        into_source = _("This request was merged into request #%(number)s by %(name)s; the "
                        "conversation continues there.", number=target.number, name=advisor.name)
    note = _system(target, f"{into_target}\n\n{source.description}", now)
    db.session.flush()
    _move_thread(source, target, note)
    # The target carries the source's labels too (within the cap), so filters still find it.
    target.labels = list(dict.fromkeys([*target.labels, *source.labels]))[
        :labels.MAX_PER_CONVERSATION]
    closing = _system(source, into_source, now)
    old = source.status
    source.merged_into_id = target.id
    tickets.set_status(source, "closed", now)
    target.updated_at = now
    db.session.commit()  # which expires the loaded threads: they are read again
    tickets.after_commit("status", source, comment=closing, old_status=old)
    tickets.after_commit("comment", target, comment=note, old_status=target.status)
    return target


def _mergeable(source, target):
    """Tell whether `check` lets `source` go into `target`."""
    try:
        check(source, target)
    except (Invalid, Conflict):
        return False
    return True


def _move_thread(source, target, note):
    """Give the source's comments and files to the target, its own files to the note.

    In SQL rather than through the loaded collections: a reply stored since they were read
    moves too.
    """
    quiet = {"synchronize_session": False}
    db.session.execute(db.update(TicketComment).where(TicketComment.ticket_id == source.id)
                       .values(ticket_id=target.id), execution_options=quiet)
    db.session.execute(db.update(Attachment).where(
        Attachment.ticket_id == source.id, Attachment.comment_id.is_(None))
        .values(comment_id=note.id), execution_options=quiet)
    db.session.execute(db.update(Attachment).where(Attachment.ticket_id == source.id)
                       .values(ticket_id=target.id), execution_options=quiet)


def _lock(*rows):
    """Hold both tickets' rows until the commit and read them afresh (PostgreSQL).

    Two advisors merging A into B and B into A at once would otherwise close both.
    """
    ids = sorted({row.id for row in rows})
    db.session.execute(db.select(Ticket.id).where(Ticket.id.in_(ids)).order_by(Ticket.id)
                       .with_for_update())
    for row in rows:
        db.session.refresh(row)


def _system(ticket, body, now):
    """Add a comment told by the system, seen by the requester and the team."""
    comment = TicketComment(ticket_id=ticket.id, author_kind="system", author_name="",
                            body=body, internal=False, created_at=now)
    db.session.add(comment)
    return comment


def _address(email):
    """Return an email address as compared: trimmed, lower case."""
    return (email or "").strip().lower()


def _refuse(message):
    """Refuse the merge, the message shown on the `into` field."""
    raise Invalid(message, fields={"into": [message]})

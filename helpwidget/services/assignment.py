"""Automatic assignment: new chats and tickets go round robin to the site's online advisors.

An advisor is eligible when they chose "online", have a live console and (for chats) answer
fewer chats than their capacity. Whoever waited longest since their last assignment is picked;
ties go to the one with fewest active chats, then the lowest id. The site's membership rows and
the candidates' advisor rows are locked while picking, so two processes never both fill the
same capacity (on PostgreSQL; SQLite serializes writers anyway).
"""
from datetime import datetime, timezone

from sqlalchemy import func

from helpwidget.extensions import db
from helpwidget.models import Advisor, Chat, SiteMembership
from helpwidget.services import presence, response_figures, signals
from helpwidget.services.timeutil import aware, utcnow

CAPACITY_MIN, CAPACITY_MAX = 1, 20
# Whoever was never assigned sorts before everyone who was.
_NEVER = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _active_counts(advisor_ids):
    """Return {advisor id: chats they answer now} for these advisors."""
    if not advisor_ids:
        return {}
    return dict(db.session.execute(
        db.select(Chat.advisor_id, func.count(Chat.id))
        .where(Chat.advisor_id.in_(advisor_ids), Chat.status == "active")
        .group_by(Chat.advisor_id)).all())


def _pick(site, *, for_chat, exclude=()):
    """Lock the site's team and return the membership whose turn it is, or None."""
    memberships = db.session.execute(
        db.select(SiteMembership).where(SiteMembership.site_id == site.id)
        .order_by(SiteMembership.id).with_for_update()).scalars().all()
    online = presence.online_advisor_ids(site) - set(exclude)
    candidates = sorted(m.advisor_id for m in memberships if m.advisor_id in online)
    if not candidates:
        return None
    # Capacity counts every site's chats, so the advisors themselves are locked too.
    advisors = {a.id: a for a in db.session.execute(
        db.select(Advisor).where(Advisor.id.in_(candidates)).order_by(Advisor.id)
        .with_for_update()).scalars()}
    counts = _active_counts(candidates)
    eligible = [m for m in memberships if m.advisor_id in advisors and (
        not for_chat or counts.get(m.advisor_id, 0) < advisors[m.advisor_id].chat_capacity)]
    if not eligible:
        return None
    return min(eligible, key=lambda m: (aware(m.last_assigned_at) if m.last_assigned_at
                                        else _NEVER, counts.get(m.advisor_id, 0), m.advisor_id))


def assign_chat(chat, exclude=()):
    """Give a queued chat of an auto-assigning site to the advisor whose turn it is.

    Return the chat when it was assigned, else None; a chat claimed meanwhile stays claimed.
    """
    site = chat.site
    if not site.auto_assign or chat.status != "queued":
        return None
    membership = _pick(site, for_chat=True, exclude=exclude)
    if membership is None:
        db.session.rollback()
        return None
    now = utcnow()
    won = db.session.execute(
        db.update(Chat).where(Chat.id == chat.id, Chat.status == "queued")
        .values(status="active", advisor_id=membership.advisor_id, claimed_at=now,
                wait_seconds=response_figures.chat_waited(chat, now))).rowcount
    if not won:
        db.session.rollback()
        return None
    membership.last_assigned_at = now
    db.session.commit()
    db.session.refresh(chat)
    signals.announce(signals.chat_assigned, chat=chat)
    return chat


def fill(site, exclude=()):
    """Assign the site's queued chats, oldest first, while an advisor has room; return them."""
    assigned = []
    if not site.auto_assign:
        return assigned
    waiting = db.session.execute(
        db.select(Chat).where(Chat.site_id == site.id, Chat.status == "queued")
        .order_by(Chat.created_at, Chat.id)).scalars().all()
    for chat in waiting:
        if assign_chat(chat, exclude) is None:
            db.session.refresh(chat)
            if chat.status == "queued":
                break  # nobody has room: the rest wait too
            continue
        assigned.append(chat)
    return assigned


def offer_to(advisor):
    """Fill the queues of the advisor's sites now that they may take chats; return assigned."""
    assigned = []
    for membership in list(advisor.memberships):
        assigned += fill(membership.site)
    return assigned


def assign_ticket(ticket):
    """Give a new, unassigned ticket of an auto-assigning site to the next online advisor.

    Tickets are not bounded by chat capacity. Return the advisor, or None; the caller
    announces the assignment.
    """
    if not ticket.site.auto_assign or ticket.assignee_id is not None:
        return None
    membership = _pick(ticket.site, for_chat=False)
    if membership is None:
        db.session.rollback()
        return None
    now = utcnow()
    ticket.assignee_id = membership.advisor_id
    membership.last_assigned_at = now
    db.session.commit()
    return membership.advisor

"""One change to many tickets of an inbox page, each through the single-ticket services."""
from flask_babel import lazy_gettext as _l

from helpwidget.errors import AppError, NotFound
from helpwidget.extensions import db
from helpwidget.models import Ticket
from helpwidget.services import advisors, labels, tickets
from helpwidget.services.ticket_access import advisor_can_read

# What one batch may change; exactly one of them at a time.
CHANGES = ("status", "priority", "assignee_id", "label")
MAX_TICKETS = 100


def tickets_of(advisor, ids):
    """Return the tickets `ids` in that order, or NotFound when one is not of the team's sites."""
    ids = list(dict.fromkeys(ids))
    found = {t.id: t for t in db.session.execute(
        db.select(Ticket).where(Ticket.id.in_(ids))).scalars()}
    chosen = [found.get(i) for i in ids]
    # Nothing changes unless every ticket is the advisor's to change: no half-done batch
    # reveals which ids exist elsewhere.
    if any(t is None or not advisor_can_read(advisor, t.site_id) for t in chosen):
        raise NotFound(_l("We could not find one of these requests."))
    return chosen


def apply(advisor, ids, change):
    """Apply `change` (one of status, priority, assignee_id or label) to each ticket.

    Returns (changed ids, [{id, number, message}] of the tickets that refused it).
    """
    done, refused = [], []
    for ticket in tickets_of(advisor, ids):
        # Read before trying: a refusal rolls the session back and expires the ticket.
        ticket_id, number = ticket.id, ticket.number
        try:
            _one(advisor, ticket, change)
        except AppError as error:
            db.session.rollback()
            refused.append({"id": ticket_id, "number": number, "message": str(error.message)})
        else:
            done.append(ticket_id)
    return done, refused


def _one(advisor, ticket, change):
    """Make the change on one ticket, as its single-ticket action would."""
    if "status" in change:
        tickets.change_status(ticket, change["status"], advisor=advisor)
    elif "priority" in change:
        tickets.set_priority(ticket, change["priority"], advisor=advisor)
    elif "assignee_id" in change:
        assignee = None
        if change["assignee_id"] is not None:
            # Each ticket's own site decides: the advisor may be on one team and not another.
            assignee = advisors.team_member(ticket.site, change["assignee_id"])
            if assignee is None:
                raise NotFound(_l("This advisor is not on this site's team."))
        tickets.assign(ticket, assignee, by=advisor)
    elif "label" in change:
        labels.add_ticket_label(ticket, change["label"])

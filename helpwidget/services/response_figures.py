"""Durations reports count, stored on a ticket or chat the moment each one ends.

Each is kept in wall-clock seconds, and for tickets also in the site's support hours as they
were then, so a report sums columns instead of replaying calendars over every row.
"""
from helpwidget.services import business_hours
from helpwidget.services.timeutil import aware, utcnow


def _seconds(start, end):
    """Return whole seconds from start to end, never negative."""
    return max(0, int((aware(end) - aware(start)).total_seconds()))


def ticket_answered(ticket, now=None):
    """Record the first public answer's delay, once."""
    if ticket.first_response_seconds is not None:
        return
    now = now or utcnow()
    ticket.first_response_seconds = _seconds(ticket.created_at, now)
    ticket.first_response_business_seconds = business_hours.business_seconds(
        ticket.site, ticket.created_at, now)


def ticket_resolved(ticket, now=None):
    """Record how long the ticket took to resolve (the latest resolution counts)."""
    now = now or utcnow()
    ticket.resolution_seconds = _seconds(ticket.created_at, now)
    ticket.resolution_business_seconds = business_hours.business_seconds(
        ticket.site, ticket.created_at, now)


def chat_waited(chat, now):
    """Return the seconds a chat waited in the queue until `now`."""
    return _seconds(chat.created_at, now)


def chat_answered(chat, now):
    """Record the delay of the chat's first advisor message, once."""
    if chat.first_response_seconds is None:
        chat.first_response_seconds = _seconds(chat.created_at, now)

"""What a ticket's dumps show besides its columns, worked out before schemas/ticket.py dumps it.

The schemas dump what they are given: labels in the reader's language, the response promise,
the request's own files and the thread are found here, once, by the caller.
"""
from flask import current_app
from flask_babel import get_locale

from helpwidget.services import (
    platforms,
    response_promise,
    ticket_categories,
    ticket_labels,
    tickets,
)


def reader_locale():
    """Return the language of the current request, for category and status words."""
    try:
        return str(get_locale() or current_app.config["DEFAULT_LOCALE"])
    except RuntimeError:
        return "en"


class Shown:
    """A ticket and the values its dump needs besides the ticket's own attributes."""

    def __init__(self, ticket, **values):
        self.ticket = ticket
        self.__dict__.update(values)

    def __getattr__(self, name):
        """Read the ticket's own columns and relations."""
        return getattr(self.ticket, name)


def for_requester(ticket, detail=False, locale=None):
    """Return what TicketSummarySchema (TicketDetailSchema with `detail`) dumps of a ticket."""
    locale = locale or reader_locale()
    site = ticket.site
    values = {
        "category_title": ticket_categories.title(site, ticket.category, ticket.subcategory,
                                                  locale),
        "status_label": ticket_labels.status_label(ticket.status),
        "priority_label": ticket_labels.priority_label(ticket.priority),
        "expected_response_hours": tickets.sla_hours(site, ticket.priority),
        "expected_response_when": response_promise.moment(site, ticket.due_at, locale),
        "expected_response_text": response_promise.sentence(ticket, locale),
    }
    if detail:
        values.update(platform_label=platforms.label(site, ticket.platform, locale),
                      request_files=tickets.request_files(ticket),
                      public_comments=tickets.public_thread(ticket))
    return Shown(ticket, **values)


def many_for_requester(rows, locale=None):
    """Return what TicketSummarySchema(many=True) dumps of these tickets."""
    return [for_requester(ticket, locale=locale) for ticket in rows]


def for_advisor(ticket, detail=False, now=None):
    """Return what InboxTicketSchema (InboxTicketDetailSchema with `detail`) dumps of a ticket."""
    values = {"site_key": ticket.site.key, "breached": tickets.is_breached(ticket, now),
              "label_names": [label.name for label in ticket.labels]}
    if detail:
        values.update(platform_label=platforms.label(ticket.site, ticket.platform,
                                                     str(get_locale())),
                      request_files=tickets.request_files(ticket),
                      thread=list(ticket.comments))
    return Shown(ticket, **values)


def many_for_advisor(rows, now=None):
    """Return what InboxTicketSchema(many=True) dumps of these tickets."""
    return [for_advisor(ticket, now=now) for ticket in rows]

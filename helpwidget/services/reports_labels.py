"""The report's volume per label: tickets and chats opened in the range under each label.

A conversation with two labels counts under each; those with none are counted apart. Labels
are grouped by name, so across sites the same name (each site has its own "billing") is one
row. One query reads the range's tickets and chats once each, outer-joined to their labels (a
conversation with none gives one row with no name): the same SQL on PostgreSQL and SQLite.
"""
from sqlalchemy import func, literal, union_all

from helpwidget.extensions import db
from helpwidget.models import Chat, Label, Ticket
from helpwidget.models.label import chat_labels, ticket_labels


def _names(kind, model, link, key, where):
    """Return a SELECT of (kind, label name or NULL) per label of each row matching `where`."""
    return (db.select(literal(kind).label("kind"), Label.name.label("name"))
            .select_from(model).outerjoin(link, key == model.id)
            .outerjoin(Label, Label.id == link.c.label_id).where(where))


def by_label(tickets, chats):
    """Return ([{key, tickets, chats}] busiest first, {tickets, chats} without a label)."""
    named = union_all(
        _names("tickets", Ticket, ticket_labels, ticket_labels.c.ticket_id, tickets),
        _names("chats", Chat, chat_labels, chat_labels.c.chat_id, chats)).subquery()
    found, none = {}, {"tickets": 0, "chats": 0}
    for kind, name, count in db.session.execute(
            db.select(named.c.kind, named.c.name, func.count())
            .group_by(named.c.kind, named.c.name)):
        if name is None:
            none[kind] = count
        else:
            found.setdefault(name, {"key": name, "tickets": 0, "chats": 0})[kind] = count
    rows = sorted(found.values(), key=lambda r: (-(r["tickets"] + r["chats"]), r["key"]))
    return rows, none

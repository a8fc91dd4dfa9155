"""Labels of a site's tickets and chats: made on first use by name, normalised, capped."""
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_
from sqlalchemy.exc import IntegrityError

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Label, chat_labels, ticket_labels
from helpwidget.models.label import LABEL_NAME_MAX
from helpwidget.services import signals, tickets
from helpwidget.services.timeutil import utcnow

# More labels than this on one conversation stop being a way to find it.
MAX_PER_CONVERSATION = 20


def normalise(name):
    """Return the label's stored form: NFC, lower case, control characters out, spaces collapsed."""
    text = unicodedata.normalize("NFC", str(name or ""))
    # A tab or a line break separates words like a space; other control characters just go.
    kept = "".join(c for c in text if c.isspace() or unicodedata.category(c)[0] != "C")
    return " ".join(kept.split()).lower()


def clean_names(names):
    """Return the distinct normalised names, or raise Invalid (empty, too long, too many)."""
    cleaned = list(dict.fromkeys(normalise(n) for n in names))
    if any(not n for n in cleaned):
        _refuse(_l("A label needs a name."))
    if any(len(n) > LABEL_NAME_MAX for n in cleaned):
        _refuse(_l("Use at most %(max)s characters for a label.", max=LABEL_NAME_MAX))
    if len(cleaned) > MAX_PER_CONVERSATION:
        _refuse(_l("Use at most %(max)s labels on one conversation.", max=MAX_PER_CONVERSATION))
    return cleaned


def of_site(site):
    """Return the site's labels, by name."""
    return db.session.execute(db.select(Label).where(Label.site_id == site.id)
                              .order_by(Label.name)).scalars().all()


def counted(site):
    """Return the site's labels by name, each with id, name and its tickets and chats counts."""
    def uses(table):
        return (db.select(db.func.count()).select_from(table)
                .where(table.c.label_id == Label.id).correlate(Label).scalar_subquery())
    return db.session.execute(
        db.select(Label.id, Label.name, uses(ticket_labels).label("tickets"),
                  uses(chat_labels).label("chats"))
        .where(Label.site_id == site.id).order_by(Label.name)).all()


def carrying(key, label, by_id=False):
    """Return a query of the ids in `key` whose item carries a label named `label`, any site."""
    # `key` is ticket_labels.c.ticket_id or chat_labels.c.chat_id; with `by_id`, digits may
    # also name a label by its id (Conversations' filter accepts either).
    named = Label.name == normalise(label)
    if by_id and label.isdecimal() and len(label) <= 9:
        named = or_(Label.id == int(label), named)
    return db.select(key).join(Label, Label.id == key.table.c.label_id).where(named)


def labels_named(site, names):
    """Return the site's labels of these names, creating those used for the first time."""
    names = clean_names(names)
    found = {label.name: label for label in db.session.execute(db.select(Label).where(
        Label.site_id == site.id, Label.name.in_(names))).scalars()} if names else {}
    for name in names:
        if name not in found:
            found[name] = _create(site, name)
    return [found[n] for n in names]


def set_ticket_labels(ticket, names):
    """Replace a ticket's labels; consoles hear the ticket changed (unless nothing did)."""
    chosen = labels_named(ticket.site, names)
    if _same(ticket.labels, chosen):
        return ticket
    ticket.labels = chosen
    ticket.updated_at = utcnow()
    db.session.commit()
    tickets.after_commit("labels", ticket)
    return ticket


def add_ticket_label(ticket, name):
    """Add one label to a ticket (kept when it is there already)."""
    names = [label.name for label in ticket.labels]
    return set_ticket_labels(ticket, [*names, name])


def set_chat_labels(chat, names):
    """Replace a chat's labels; the consoles of the site's team hear it (unless nothing changed)."""
    chosen = labels_named(chat.site, names)
    if _same(chat.labels, chosen):
        return chat
    chat.labels = chosen
    db.session.commit()
    signals.announce(signals.chat_labels_changed, chat=chat)
    return chat


def _same(current, chosen):
    """Tell whether two lists of labels hold the same labels."""
    return {label.id for label in current} == {label.id for label in chosen}


def _create(site, name):
    """Insert a new label; when another request made the same one meanwhile, use theirs."""
    label = Label(site_id=site.id, name=name)
    try:
        with db.session.begin_nested():
            db.session.add(label)
    except IntegrityError:  # the unique (site, name) pair was taken a moment ago
        label = db.session.execute(db.select(Label).where(
            Label.site_id == site.id, Label.name == name)).scalar_one()
    return label


def _refuse(message):
    """Refuse the names, the message shown on the labels field."""
    raise Invalid(message, fields={"labels": [message]})

"""New tickets: the choices a request must make, a free number, a ticket made from a chat."""
import secrets

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Ticket
from helpwidget.services import emails, platforms, response_promise, ticket_categories
from helpwidget.services.timeutil import utcnow


def open_from_chat(chat, subject, description):
    """Turn an unanswered chat into a ticket of its visitor, confirmed by email (caller commits)."""
    site = chat.site
    user = chat.user
    now = utcnow()
    category, subcategory = general_category(site)
    priority = ticket_categories.default_priority(category)
    ticket = insert_with_number(dict(
        site_id=site.id, requester_visitor_id=chat.visitor_id,
        requester_user_id=user.id if user else None,
        requester_name=(user.name if user and user.name else chat.visitor_name),
        requester_email=(user.email if user and user.email else chat.visitor_email),
        account_id=user.account_id if user else "", shared=False, subject=subject,
        category=category["key"], subcategory=subcategory, platform="", description=description,
        priority=priority, status="open", cc=[], locale=chat.locale, page_route=chat.page_route,
        channel="chat", created_at=now, updated_at=now,
        due_at=response_promise.due_at(site, now, priority)))
    emails.ticket_created(ticket)
    return ticket


def general_category(site):
    """Return (category, subcategory key) for a request nobody filed: questions, other."""
    category = next((c for c in ticket_categories.categories(site)
                     if c["key"] == "questions"), None) or next(
        c for c in ticket_categories.categories(site) if not c.get("emergency"))
    subcategory = "other" if ticket_categories.find_subcategory(category, "other") else ""
    return category, subcategory


def category_of(site, data):
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
    # The choices are named in the language the error is written in.
    offered = platforms.choices(site, str(get_locale()))
    if offered and data.get("platform") not in [choice["key"] for choice in offered]:
        raise Invalid(_l("Choose your platform."),
                      fields={"platform": [_l("Choose one of: {choices}.").format(
                          choices=", ".join(choice["label"] for choice in offered))]})
    if not offered and data.get("platform"):
        raise Invalid(_l("This site does not ask for a platform."),
                      fields={"platform": [_l("This site does not ask for a platform.")]})
    return category, subcategory


def submitted(visitor_id, client_id):
    """Return the ticket this visitor already submitted under `client_id`, or None."""
    if not client_id:
        return None
    return db.session.execute(db.select(Ticket).filter_by(
        requester_visitor_id=visitor_id, client_id=client_id)).scalar_one_or_none()


def insert_with_number(fields):
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
            if submitted(fields["requester_visitor_id"], fields.get("client_id")) is not None:
                return None
            continue
        return ticket
    raise RuntimeError("no free ticket number")

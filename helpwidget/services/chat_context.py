"""What an advisor sees beside a chat: who the visitor is, where they are, what may help."""
from flask import current_app

from helpwidget.extensions import db
from helpwidget.models import Ticket
from helpwidget.services import page_help
from helpwidget.services.tickets import OPEN_STATUSES


def for_chat(chat):
    """Return the visitor, their route, their open tickets and the help articles for that route."""
    user = chat.user
    visitor = {"id": chat.visitor_id, "name": chat.shown_name,
               "email": user.email if user and user.email else chat.visitor_email,
               "account_name": user.account_name if user else "",
               "account_type": user.account_type if user else "",
               "identified": user is not None, "user_id": chat.user_id}
    requester = (Ticket.requester_user_id == user.id) if user else (
        Ticket.requester_visitor_id == chat.visitor_id)
    tickets = db.session.execute(
        db.select(Ticket).where(Ticket.site_id == chat.site_id, requester,
                                Ticket.status.in_(OPEN_STATUSES))
        .order_by(Ticket.created_at.desc()).limit(20)).scalars().all()
    site = chat.site
    locale = chat.locale if site.speaks(chat.locale) else site.default_locale
    help_ = page_help.for_route(site, locale, chat.page_route or "/",
                                account_type=visitor["account_type"]) if chat.page_route else {
        "articles": []}
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    articles = [{"slug": a.slug, "title": a.title, "summary": a.summary,
                 "url": f"{base}/help/{site.key}/{locale}/articles/{a.slug}"}
                for a in help_["articles"]]
    return {"visitor": visitor, "page_route": chat.page_route, "open_tickets": tickets,
            "articles": articles}

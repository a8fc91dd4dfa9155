"""Live chats: starting one, claims, transfers, closing and rating."""
from flask import current_app
from flask_babel import lazy_gettext as _l

from helpwidget.errors import AppError, Conflict, Forbidden, Invalid
from helpwidget.extensions import db
from helpwidget.models import Chat
from helpwidget.services import (
    advisors,
    assignment,
    presence,
    quotas,
    response_figures,
    search_insights,
)
from helpwidget.services.chat_messages import post
from helpwidget.services.chat_queries import for_advisor, open_chat_of
from helpwidget.services.timeutil import utcnow


class Unavailable(AppError):
    """No advisor can take a chat now; the widget offers a ticket instead."""

    status = 409


class TooManyChats(AppError):
    """Too many new chats from one address in a short time."""

    status = 429


def start(site, visitor, data, locale, start_ip=""):
    """Open a chat for the visitor (or return their open one); post the first message if given.

    New chats count against RATELIMIT_CHAT_START per IP address: fresh visitor tokens are free
    to make, an address is not.
    """
    chat = open_chat_of(visitor)
    if chat is None:
        if not presence.availability(site)["can_chat"]:
            raise Unavailable(_l("No advisor is available right now. Leave us a request and "
                                 "we will answer you as soon as we can."), code="unavailable")
        if not quotas.take(current_app.config["RATELIMIT_CHAT_START"], "chat-start-ip",
                           start_ip):
            raise TooManyChats(_l("Too many chats were started from your network. Wait a "
                                  "while, or leave us a request."), code="rate_limited")
        user = visitor.user
        chat = Chat(site_id=site.id, visitor_id=visitor.id, user_id=user.id if user else None,
                    visitor_name=data.get("name", ""), visitor_email=data.get("email", ""),
                    topic=_topic(site, data.get("topic", "")),
                    page_route=data.get("page_route", ""), start_ip=start_ip[:64],
                    locale=locale, status="queued", created_at=utcnow(), last_message_at=utcnow())
        db.session.add(chat)
        db.session.commit()
        search_insights.contacted(site, visitor)
        created = True
    else:
        created = False
    message = None
    if data.get("client_id") and (data.get("body") or data.get("attachments")):
        message, _ = post(chat, "visitor", data["client_id"], data.get("body", ""),
                          data.get("attachments"), visitor=visitor)
    return chat, created, message


def _topic(site, topic):
    """Return the topic if the site offers it (or offers none), else raise Invalid."""
    keys = [t.get("key") for t in site.chat_topics or [] if isinstance(t, dict)]
    if topic and keys and topic not in keys:
        message = _l("Choose one of the topics.")
        raise Invalid(message, fields={"topic": [message]})
    return topic


def claim(advisor, chat_id):
    """Take a queued chat; only one advisor wins, the others get Conflict("taken")."""
    chat = for_advisor(advisor, chat_id)
    now = utcnow()
    taken = db.session.execute(
        db.update(Chat).where(Chat.id == chat.id, Chat.status == "queued")
        .values(status="active", advisor_id=advisor.id, claimed_at=now,
                wait_seconds=response_figures.chat_waited(chat, now))).rowcount
    db.session.commit()
    db.session.refresh(chat)
    if not taken and chat.advisor_id != advisor.id:
        if chat.status == "closed":
            raise Conflict(_l("This chat has ended."), code="closed")
        raise Conflict(_l("Another advisor has already taken this chat."), code="taken")
    return chat


def transfer(advisor, chat_id, target_id):
    """Hand the advisor's chat to another active advisor of the site's team."""
    chat = for_advisor(advisor, chat_id)
    if chat.status == "closed":
        raise Conflict(_l("This chat has ended."), code="closed")
    if chat.advisor_id != advisor.id and not advisors.is_admin(advisor, chat.site):
        raise Forbidden(_l("Only the advisor answering this chat can transfer it."),
                        code="not_yours")
    target = advisors.team_member(chat.site, target_id)
    if target is None or not target.active:
        raise Invalid(_l("Choose an advisor of this team."),
                      fields={"advisor_id": [_l("Choose an advisor of this team.")]})
    if chat.advisor_id is not None and chat.advisor_id != target.id:
        chat.transfer_count = (chat.transfer_count or 0) + 1
    if chat.claimed_at is None:
        chat.claimed_at = utcnow()
        chat.wait_seconds = response_figures.chat_waited(chat, chat.claimed_at)
    chat.advisor_id = target.id
    chat.status = "active"
    db.session.commit()
    return chat


def team(advisor, chat_id):
    """Return the advisors a chat can go to, with whether each is online."""
    chat = for_advisor(advisor, chat_id)
    online = presence.online_advisor_ids(chat.site)
    members = [a for a in advisors.team(chat.site) if a.active]
    return [{"id": a.id, "name": a.name, "status": a.presence, "online": a.id in online}
            for a in members]


def close(chat, reason):
    """End a chat; closing an ended chat changes nothing."""
    if chat.status != "closed":
        freed = chat.status == "active"
        chat.status = "closed"
        chat.closed_at = utcnow()
        chat.closed_reason = reason
        db.session.commit()
        if freed:  # its advisor has room again: the oldest waiting chat may go to someone
            assignment.fill(chat.site)
    return chat


def rate(chat, rating, comment=""):
    """Record the visitor's one rating of an ended chat."""
    if chat.status != "closed":
        raise Conflict(_l("You can rate the chat once it has ended."), code="open")
    if chat.rating is not None:
        raise Conflict(_l("You have already rated this chat."), code="rated")
    chat.rating = rating
    chat.rating_comment = comment
    db.session.commit()
    return chat

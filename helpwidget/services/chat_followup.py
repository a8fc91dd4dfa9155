"""Chat follow-up by email: advisor answers a visitor left without reading go to them by mail.

The app keeps no record of widget connections a worker could read (each server process tracks
its own sockets in memory), so "the visitor left" is read from the database: the answers are
still unread CHAT_EMAIL_GRACE_SECONDS after the oldest of them, and the visitor did nothing in
that time either (no message in the chat, no widget session opened or resumed). A visitor who
reads the answers before the job runs gets nothing: only messages after both the read mark
and the emailed mark are sent.
"""
import logging
from collections import namedtuple
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, or_
from sqlalchemy.orm import selectinload

from helpwidget.extensions import db
from helpwidget.models import Chat, ChatMessage, EndUser, Site, Visitor
from helpwidget.services import addresses, chat_transcripts, emails, outbox, quotas, reply_tokens
from helpwidget.services.advisor_reply_mail import plain
from helpwidget.services.timeutil import aware, utcnow

log = logging.getLogger(__name__)

# Answers older than this are never emailed: stale by then, and chats from before this feature
# (emailed_seq 0) would otherwise all be mailed at once on the first run after an upgrade.
STALE_AFTER = timedelta(days=1)
# Chats handled per run; the rest wait for the next run, 30 seconds later.
BATCH = 200

# What one email is made of, worked out before the chat is claimed.
Plan = namedtuple("Plan", "chat_id site_id read_seq emailed_seq last_seq sent_seq to verified "
                          "subject text html reply_to references")


def send_due(now=None):
    """Email every due chat its unread advisor answers; return how many emails were queued.

    Safe in several workers at once: each chat is claimed by a conditional UPDATE of its
    emailed mark, so one set of answers is emailed once. Commits.
    """
    now = now or utcnow()
    grace = timedelta(seconds=current_app.config["CHAT_EMAIL_GRACE_SECONDS"])
    chat_ids = _due_chat_ids(now - grace, now - STALE_AFTER)
    # End the reading transaction: SQLite cannot turn it into a writing one while another
    # process writes, and each chat below is its own short transaction anyway.
    db.session.commit()
    queued = 0
    for chat_id in chat_ids:
        try:
            queued += _send_one(chat_id, now - grace, now - STALE_AFTER)
        except Exception:  # one broken chat must not keep the others' answers from going
            log.exception("chat follow-up email of chat %s failed", chat_id)
            db.session.rollback()
    return queued


def _due_chat_ids(cutoff, oldest):
    """Return the ids of chats with an address and an unread advisor answer before `cutoff`."""
    unread = (ChatMessage.chat_id == Chat.id) & (ChatMessage.author_kind == "advisor") & \
        (ChatMessage.seq > Chat.visitor_read_seq) & (ChatMessage.seq > Chat.emailed_seq) & \
        (ChatMessage.created_at >= oldest)
    query = (db.select(Chat.id).join(ChatMessage, unread)
             .outerjoin(EndUser, EndUser.id == Chat.user_id)
             # Cheap column tests first: most chats have nothing unread, or are old.
             .where(Chat.last_seq > Chat.visitor_read_seq, Chat.last_seq > Chat.emailed_seq,
                    Chat.last_message_at >= oldest,
                    or_(Chat.visitor_email != "", EndUser.email != ""))
             .group_by(Chat.id).having(func.min(ChatMessage.created_at) <= cutoff)
             .order_by(Chat.id).limit(BATCH))
    return db.session.execute(query).scalars().all()


def _send_one(chat_id, cutoff, oldest):
    """Claim one chat's unread answers and queue their email; return 1, or 0 if not due."""
    plan = _plan(chat_id, cutoff, oldest)
    db.session.rollback()  # end the read: the claim below starts its own writing transaction
    if plan is None:
        return 0
    # The claim holds only if the chat is as planned: nobody emailed, read or wrote meanwhile.
    claimed = db.session.execute(
        db.update(Chat).where(Chat.id == plan.chat_id, Chat.emailed_seq == plan.emailed_seq,
                              Chat.visitor_read_seq == plan.read_seq,
                              Chat.last_seq == plan.last_seq)
        .values(emailed_seq=plan.sent_seq)
        .execution_options(synchronize_session=False)).rowcount
    if claimed != 1:
        db.session.rollback()
        return 0
    site = db.session.get(Site, plan.site_id)
    if not plan.verified and not quotas.mail_to_unverified(site):
        # The site's allowance is spent: the claim rolls back and a later run tries again.
        db.session.rollback()
        return 0
    outbox.enqueue_email([plan.to], plan.subject, plan.text, plan.html, site=site,
                         reply_to=plan.reply_to, references=plan.references)
    db.session.commit()
    return 1


def _plan(chat_id, cutoff, oldest):
    """Return the Plan of the email a chat is due, or None when nothing is to be sent now."""
    chat = db.session.get(Chat, chat_id)
    if chat is None:
        return None
    start = max(chat.visitor_read_seq, chat.emailed_seq)
    messages = db.session.execute(
        db.select(ChatMessage).where(ChatMessage.chat_id == chat.id,
                                     ChatMessage.author_kind == "advisor",
                                     ChatMessage.seq > start, ChatMessage.created_at >= oldest)
        .options(selectinload(ChatMessage.advisor), selectinload(ChatMessage.attachments))
        .order_by(ChatMessage.seq)).scalars().all()
    if not messages or aware(messages[0].created_at) > cutoff or _active_since(chat, cutoff):
        return None
    found = chat_transcripts.recipients(chat)
    if not found:
        return None
    to = found[0]
    # Only an identified user's own address is verified; a typed one counts against the cap.
    verified = bool(chat.user and chat.user.email and
                    addresses.limit_key(chat.user.email) == addresses.limit_key(to))
    site = chat.site
    reply_to = reply_tokens.address("chat", chat.id) or (site.contact or {}).get("email") or None
    subject, text, html = _render(chat, site, messages, bool(reply_to))
    return Plan(chat.id, site.id, chat.visitor_read_seq, chat.emailed_seq, chat.last_seq,
                messages[-1].seq, to, verified, subject, text, html, reply_to,
                emails.chat_thread_id(chat, site))


def _active_since(chat, cutoff):
    """Tell whether the visitor wrote in the chat or opened its widget session after `cutoff`."""
    wrote = db.session.execute(
        db.select(func.max(ChatMessage.created_at)).where(
            ChatMessage.chat_id == chat.id, ChatMessage.author_kind == "visitor")).scalar()
    seen = db.session.execute(db.select(Visitor.last_seen_at).where(
        Visitor.id == chat.visitor_id)).scalar()
    return any(moment is not None and aware(moment) > cutoff for moment in (wrote, seen))


def _render(chat, site, messages, can_reply):
    """Return the subject, text and HTML quoting `messages`, in the chat's language."""
    with force_locale(emails.locale_for(chat.locale, site)):
        names = [m.advisor.name if m.advisor and m.advisor.name else "" for m in messages]
        if names[-1]:
            intro = _("%(name)s, of the %(product)s support team, answered you in the chat "
                      "after you left:", name=names[-1], product=site.name)
        else:
            intro = _("The %(product)s support team answered you in the chat after you left:",
                      product=site.name)
        # Name each message only when more than one advisor wrote them (after a transfer).
        several = len(set(names)) > 1
        quote = "\n\n".join(_quoted(m, name if several else "") for m, name in zip(messages, names))
        closing = [_("You can answer this email to reply to %(name)s.",
                     name=names[-1] or _("the support team"))] if can_reply else []
        subject = _("New reply to your chat with %(product)s", product=site.name)
        text, html = emails.render(subject, {
            "paragraphs": [intro], "quote": quote, "quote_first": True, "closing": closing,
            "signature": _("The %(product)s support team", product=site.name)})
    return subject, text, html


def _quoted(message, name):
    """Return one message as plain text, with its files named (they stay in the widget)."""
    files = "".join(f"\n[{_('File')}: {plain(a.filename)}]" for a in message.attachments)
    body = f"{plain(message.body)}{files}".strip()
    return f"{name}:\n{body}" if name else body

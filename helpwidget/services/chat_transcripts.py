"""Chat transcripts: for the visitor's email, and for the ticket an unanswered chat becomes."""
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpwidget.errors import AppError, Conflict, Invalid
from helpwidget.extensions import db
from helpwidget.services import addresses, emails, outbox, quotas, reply_tokens, response_promise
from helpwidget.services.chat_messages import messages_after
from helpwidget.services.timeutil import aware, utcnow


def text(chat):
    """Return the conversation as plain text, one message per paragraph (call in force_locale)."""
    visitor = chat.shown_name
    paragraphs = []
    for message in messages_after(chat, 0):
        if message.author_kind == "advisor":
            who = message.advisor.name if message.advisor else _("Advisor")
        elif message.author_kind == "system":
            who = chat.site.name
        else:
            who = visitor or _("You")
        # In the site's time zone, labelled: the same clock as its support hours.
        when = response_promise.stamp(chat.site, message.created_at, str(get_locale()))
        files = "".join(f"\n[{_('File')}: {a.filename}]" for a in message.attachments)
        paragraphs.append(f"[{when}] {who}:\n{message.body}{files}".rstrip())
    return "\n\n".join(paragraphs)


class TooMany(AppError):
    """Too many transcripts asked for in a short time."""

    status = 429


def recipients(chat):
    """Return the addresses a chat's transcript may go to, verified ones first: the identified
    user's, then the one the chat was started with."""
    found = [addresses.one_address(chat.user.email) if chat.user else None,
             addresses.one_address(chat.visitor_email)]
    return list(dict.fromkeys(a for a in found if a))


def email(chat, address, client_ip="", now=None):
    """Enqueue the transcript of a recently closed chat to one of its own addresses (the
    identified user's when none is given); return the address.

    Never to any other address, only within CHAT_TRANSCRIPT_WINDOW of its end, and at most
    RATELIMIT_TRANSCRIPTS per visitor and RATELIMIT_TRANSCRIPTS_IP per IP address: the
    server is no way of mailing strangers.
    """
    config = current_app.config
    allowed = recipients(chat)
    if not allowed:
        message = _l("This chat has no email address to send it to.")
        raise Invalid(message, fields={"email": [message]})
    address = addresses.one_address(address) if address else allowed[0]
    if address not in allowed:
        message = _l("We can only send the conversation to your own address, or the one you "
                     "gave when the chat began.")
        raise Invalid(message, fields={"email": [message]})
    if chat.status != "closed" or chat.closed_at is None:
        raise Conflict(_l("You can have the conversation by email once the chat has ended."),
                       code="open")
    now = now or utcnow()
    if aware(chat.closed_at) + timedelta(seconds=config["CHAT_TRANSCRIPT_WINDOW"]) < now:
        raise Conflict(_l("This chat ended too long ago to send it by email."), code="closed")
    if not quotas.take_all([(config["RATELIMIT_TRANSCRIPTS"], "transcript", chat.visitor_id, 1),
                            (config["RATELIMIT_TRANSCRIPTS_IP"], "transcript-ip", client_ip, 1)]):
        raise TooMany(_l("You asked for this too often. Try again later."), code="rate_limited")
    site = chat.site
    verified = chat.user is not None and address == addresses.one_address(chat.user.email)
    if not verified and not quotas.mail_to_unverified(site):
        raise TooMany(_l("You asked for this too often. Try again later."), code="rate_limited")
    with force_locale(emails.locale_for(chat.locale, site)):
        subject = _("Your conversation with the %(product)s support team", product=site.name)
        content = {"paragraphs": [_("Here is a copy of your chat of %(date)s.",
                                    date=response_promise.moment(site, chat.created_at,
                                                                 str(get_locale())))],
                   "quote": text(chat), "quote_first": False,
                   "signature": _("The %(product)s support team", product=site.name)}
        body_text, body_html = emails.render(subject, content)
    # An answer to the copy is a reply to the chat (a request, once the chat has ended).
    outbox.enqueue_email([address], subject, body_text, body_html, site=site,
                         reply_to=reply_tokens.address("chat", chat.id)
                         or (site.contact or {}).get("email") or None,
                         references=emails.chat_thread_id(chat, site))
    db.session.commit()
    return address

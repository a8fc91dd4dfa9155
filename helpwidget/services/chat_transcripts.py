"""Chat transcripts: for the visitor's email, and for the ticket an unanswered chat becomes."""
from flask_babel import force_locale, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.services import emails, outbox
from helpwidget.services.chats import messages_after
from helpwidget.services.timeutil import aware


def text(chat):
    """Return the conversation as plain text, one message per paragraph (call in force_locale)."""
    visitor = chat.user.name if chat.user and chat.user.name else chat.visitor_name
    paragraphs = []
    for message in messages_after(chat, 0):
        if message.author_kind == "advisor":
            who = message.advisor.name if message.advisor else _("Advisor")
        elif message.author_kind == "system":
            who = chat.site.name
        else:
            who = visitor or _("You")
        when = format_datetime(aware(message.created_at), "short")
        files = "".join(f"\n[{_('File')}: {a.filename}]" for a in message.attachments)
        paragraphs.append(f"[{when} UTC] {who}:\n{message.body}{files}".rstrip())
    return "\n\n".join(paragraphs)


def email(chat, address):
    """Enqueue the transcript to `address` (or the identified user's email); return the address."""
    address = address or (chat.user.email if chat.user else "") or chat.visitor_email
    if not address:
        message = _l("Tell us the email address to send the conversation to.")
        raise Invalid(message, fields={"email": [message]})
    site = chat.site
    with force_locale(emails.locale_for(chat.locale, site)):
        subject = _("Your conversation with the %(product)s support team", product=site.name)
        content = {"paragraphs": [_("Here is a copy of your chat of %(date)s.",
                                    date=format_datetime(aware(chat.created_at), "long"))],
                   "quote": text(chat), "quote_first": False,
                   "signature": _("The %(product)s support team", product=site.name)}
        body_text, body_html = emails.render(subject, content)
    outbox.enqueue_email([address], subject, body_text, body_html, site=site,
                         reply_to=(site.contact or {}).get("email") or None)
    db.session.commit()
    return address

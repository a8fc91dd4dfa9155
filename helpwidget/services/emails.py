"""The ticket emails: rendered in the reader's language and put in the outbox (never sent here).

Each function only adds outbox rows to the session; the caller commits them together with the
ticket or comment they tell about, so an email exists exactly when its cause was saved.
"""
from flask import current_app, render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from helpwidget.extensions import db
from helpwidget.models import EndUser, Site
from helpwidget.services import (
    addresses,
    outbox,
    platforms,
    quotas,
    reply_tokens,
    response_promise,
    ticket_categories,
)
from helpwidget.services.ticket_labels import priority_label, status_label
from helpwidget.services.timeutil import aware, utcnow

URGENT_EVENT = "ticket.urgent"


def ticket_created(ticket):
    """Enqueue the confirmation to the requester (and Cc) of a new ticket."""
    site = _site(ticket)
    with force_locale(locale_for(ticket.locale, site)):
        fields = [(_("Subject"), ticket.subject), (_("Category"), _category(ticket, site)),
                  (_("Priority"), priority_label(ticket.priority)),
                  (_("Expected first response"), _when(ticket.due_at, site))]
        content = {
            "paragraphs": [
                _("We received your request #%(number)s and our team will look into it.",
                  number=ticket.number),
                response_promise.sentence(ticket, str(get_locale()), site)],
            "fields": fields, "quote_label": _("Your message"), "quote": ticket.description}
        subject = _("We received your request #%(number)s", number=ticket.number)
        if requester_verified(ticket) or quotas.mail_to_unverified(site):
            _to_requester(ticket, site, subject, content, with_cc=False)
        _copy_notice(ticket, site, subject)


def requester_verified(ticket):
    """Tell whether the requester's address comes from a signed identity (or a sign-in link)."""
    user = db.session.get(EndUser, ticket.requester_user_id) if ticket.requester_user_id \
        else None
    return bool(user is not None and user.email and ticket.requester_email and
                addresses.limit_key(user.email) == addresses.limit_key(ticket.requester_email))


def _copy_notice(ticket, site, subject):
    """Tell the Cc of a new request of it, quoting nothing of it but its subject (call in
    force_locale): nobody verified these addresses, so the requester's text never goes there."""
    cc = list(ticket.cc or [])
    if not cc or not quotas.mail_to_unverified(site, len(cc)):
        return None
    content = {"paragraphs": [
        _("You were added in copy of request #%(number)s to the %(product)s support team.",
          number=ticket.number, product=site.name)],
        "fields": [(_("Subject"), ticket.subject)],
        "signature": _("The %(product)s support team", product=site.name)}
    text, html = render(subject, content)
    return outbox.enqueue_email(cc, subject, text, html, site=site,
                                reply_to=reply_address(ticket, site),
                                references=_thread_id(ticket, site))


def advisor_replied(ticket, comment):
    """Enqueue an advisor's public answer to the requester (and Cc); internal notes never go."""
    if comment.internal:
        return
    site = _site(ticket)
    with force_locale(locale_for(ticket.locale, site)):
        if comment.author_name:
            intro = _("%(name)s, of the support team, replied to your request #%(number)s:",
                      name=comment.author_name, number=ticket.number)
        else:
            intro = _("Our support team replied to your request #%(number)s:",
                      number=ticket.number)
        content = {"paragraphs": [intro], "quote": comment.body, "quote_first": True,
                   "fields": [(_("Subject"), ticket.subject),
                              (_("Status"), status_label(ticket.status))]}
        _to_requester(ticket, site, _("New reply to your request #%(number)s: %(subject)s",
                                      number=ticket.number, subject=ticket.subject), content)


def status_changed(ticket, old_status):
    """Enqueue the news of a ticket's new status to the requester (and Cc)."""
    if ticket.status == old_status:
        return
    site = _site(ticket)
    with force_locale(locale_for(ticket.locale, site)):
        new = status_label(ticket.status)
        paragraphs = [_("Your request #%(number)s has a new status: %(status)s.",
                        number=ticket.number, status=new)]
        advice = _status_advice(ticket.status, site)
        if advice:
            paragraphs.append(advice)
        content = {"paragraphs": paragraphs,
                   "fields": [(_("Subject"), ticket.subject),
                              (_("Previous status"), status_label(old_status))]}
        _to_requester(ticket, site, _("Your request #%(number)s is now: %(status)s",
                                      number=ticket.number, status=new), content)


def _status_advice(status, site):
    """Return what the requester may do now that the ticket has this status, if anything."""
    if status == "awaiting_reply":
        return _("We need some information from you to go on. Please answer from the help "
                 "button in %(product)s.", product=site.name)
    if status == "resolved":
        return _("We consider your request solved. If something is still wrong, tell us from "
                 "the help button in %(product)s.", product=site.name)
    if status == "closed":
        return _("This request is closed. If you need more help, open a new request from the "
                 "help button in %(product)s.", product=site.name)
    return ""


def urgent_alert(ticket):
    """Alert the site's technical team at once: email to alert_emails, and the alert webhook."""
    site = _site(ticket)
    if site.alert_emails:
        with force_locale(locale_for(site.default_locale, site)):
            requester = ticket.requester_name or ""
            if ticket.requester_email:
                requester = f"{requester} <{ticket.requester_email}>".strip()
            fields = [(_("Product"), site.name), (_("Subject"), ticket.subject),
                      (_("Category"), _category(ticket, site)),
                      (_("Platform"),
                       platforms.label(site, ticket.platform, site.default_locale) or "-"),
                      (_("Priority"), priority_label(ticket.priority)),
                      (_("Requested by"), requester or "-"),
                      (_("Opened"), _when(ticket.created_at or utcnow(), site)),
                      (_("Expected first response"), _when(ticket.due_at, site))]
            content = {"paragraphs": [_("An urgent request was just opened and needs attention "
                                        "now.")],
                       "fields": fields, "quote_label": _("Description"),
                       "quote": ticket.description}
            subject = _("URGENT: request #%(number)s at %(product)s: %(subject)s",
                        number=ticket.number, product=site.name, subject=ticket.subject)
            text, html = render(subject, content)
            # Replies from the team go straight to the person who is stuck.
            outbox.enqueue_email(site.alert_emails, subject, text, html, site=site,
                                 reply_to=ticket.requester_email or None,
                                 references=_thread_id(ticket, site))
    if site.alert_webhook_url:
        outbox.enqueue_webhook(site.alert_webhook_url, URGENT_EVENT,
                               urgent_payload(ticket, site), site)


def urgent_payload(ticket, site):
    """Return the JSON body of the urgent alert webhook: the ticket's facts, no secrets."""
    created = aware(ticket.created_at) or utcnow()
    return {"event": URGENT_EVENT, "site": site.key, "ticket": {
        "number": ticket.number, "subject": ticket.subject, "category": ticket.category,
        "subcategory": ticket.subcategory or "", "platform": ticket.platform or "",
        "priority": ticket.priority, "requester_name": ticket.requester_name or "",
        "requester_email": ticket.requester_email or "", "created_at": created.isoformat(),
        "description": ticket.description}}


def _to_requester(ticket, site, subject, content, with_cc=True):
    """Render and enqueue an email to the requester, Cc the ticket's cc (call in force_locale)."""
    to = [ticket.requester_email] if ticket.requester_email else []
    cc = (ticket.cc or ()) if with_cc else ()
    if not to and not cc:
        return None
    reply_to = reply_address(ticket, site)
    closing = [_("You can follow your request and add to it from the help button in "
                 "%(product)s.", product=site.name)]
    if reply_to != _site_address(site):
        closing.append(_("You can also answer this email: your reply is added to the request."))
    content = {**content, "closing": closing,
               "signature": _("The %(product)s support team", product=site.name),
               "link": (_("Help center"), _help_center_url(site, ticket.locale))}
    text, html = render(subject, content)
    return outbox.enqueue_email(to, subject, text, html, cc=cc, reply_to=reply_to,
                                site=site, references=_thread_id(ticket, site))


def reply_address(ticket, site):
    """Return where a requester's or Cc's answer to a ticket email goes: the ticket's reply
    address when the server takes mail, else the site's support address (or None)."""
    return reply_tokens.address("ticket", ticket.id) or _site_address(site)


def _site_address(site):
    """Return the site's support address, or None."""
    return (site.contact or {}).get("email") or None


def render(subject, content):
    """Return the text and HTML bodies of an email from its content."""
    context = {"subject": subject, "paragraphs": [], "fields": [], "quote_label": "",
               "quote": "", "quote_first": False, "closing": [], "signature": "", "link": None,
               **content}
    return (render_template("email/message.txt", **context),
            render_template("email/message.html", **context))


def _site(ticket):
    """Return the ticket's site, also before the ticket is flushed."""
    return ticket.site or db.session.get(Site, ticket.site_id)


def locale_for(locale, site):
    """Return `locale` if the product speaks it, else the site's language."""
    supported = current_app.config["LOCALES"]
    if locale in supported:
        return locale
    return site.default_locale if site.default_locale in supported else "en"


def _category(ticket, site):
    """Return the ticket's category (and subcategory) title in the current language."""
    return ticket_categories.title(site, ticket.category, ticket.subcategory, str(get_locale()))


def _when(moment, site):
    """Return a date and time in the current language, in the site's zone, labelled."""
    if moment is None:
        return "-"
    return response_promise.moment(site, moment, str(get_locale()))


def _help_center_url(site, locale):
    """Return the address of the site's public help center in the reader's language."""
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    locale = locale if site.speaks(locale) else site.default_locale
    return f"{base}/help/{site.key}/{locale}/"


def _thread_id(ticket, site):
    """Return a Message-ID shared by a ticket's emails, so mail clients show one conversation."""
    return f"<ticket-{site.key}-{ticket.number}@{_thread_domain()}>"


def chat_thread_id(chat, site):
    """Return a Message-ID shared by a chat's emails, so mail clients show one conversation."""
    return f"<chat-{site.key}-{chat.id}@{_thread_domain()}>"


def _thread_domain():
    """Return the domain of thread ids: this server's public host name."""
    domain = current_app.config["PUBLIC_URL"].split("//")[-1].split("/")[0].split(":")[0]
    return domain or "helpwidget.localhost"

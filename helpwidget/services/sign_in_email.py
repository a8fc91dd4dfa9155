"""The email carrying a help center sign-in link, in the reader's language, via the outbox."""
from flask_babel import force_locale
from flask_babel import gettext as _

from helpwidget.services import emails, outbox


def sign_in_link(site, address, url, locale, minutes):
    """Enqueue the sign-in link to `address` (the caller commits it with the link's row)."""
    with force_locale(emails.locale_for(locale, site)):
        subject = _("Sign in to the %(product)s help center", product=site.name)
        content = {
            "paragraphs": [
                _("Open this link to sign in to the %(product)s help center. It works once, "
                  "within %(minutes)s minutes.", product=site.name, minutes=minutes),
                _("If you did not ask to sign in, ignore this email: nobody can sign in "
                  "without the link.")],
            "signature": _("The %(product)s support team", product=site.name),
            "link": (_("Sign in"), url)}
        text, html = emails.render(subject, content)
    return outbox.enqueue_email([address], subject, text, html, site=site)

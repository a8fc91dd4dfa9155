"""Helpers for incoming-mail tests: emails as mail clients write them, and what became of them."""
from email.message import EmailMessage
from email.utils import make_msgid

from helpwidget.extensions import db
from helpwidget.models import InboundEmail, OutboxMessage

REPLY_ADDRESS = "reply@mail.acme.test"


def reply_mail(to, sender, text, *, subject="Re: your request", html=None, files=(),
               quoted="", **headers):
    """Return the bytes of an email to `to` from `sender`, with a quoted history if given."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="client.example.com")
    body = text + ("\n\n" + quoted if quoted else "")
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, data, maintype, subtype in files:
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    # After the body: setting content would drop Content-* headers given before.
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    return message.as_bytes()


def outgoing(address):
    """Return the queued email payloads to `address`, oldest first."""
    db.session.expire_all()
    rows = db.session.execute(db.select(OutboxMessage).filter_by(kind="email")
                              .order_by(OutboxMessage.id)).scalars()
    return [row.payload for row in rows if address in row.payload["to"] + row.payload["cc"]]


def received():
    """Return the stored incoming emails, oldest first."""
    db.session.expire_all()
    return db.session.execute(db.select(InboundEmail).order_by(InboundEmail.id)).scalars().all()

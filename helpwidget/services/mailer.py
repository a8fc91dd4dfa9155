"""SMTP delivery: build a proper email from an outbox payload and hand it to the mail server."""
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses, make_msgid, parseaddr

from helpwidget.models.base import utcnow


class MailError(Exception):
    """An email the server did not take; `permanent` ones are not retried."""

    def __init__(self, message, permanent=False):
        """Keep the reason and whether retrying can help."""
        super().__init__(message)
        self.permanent = permanent


def message_id(config):
    """Return a new Message-ID in the domain of MAIL_FROM."""
    # make_msgid() would otherwise ask DNS for this host's name, which can hang.
    domain = parseaddr(config["MAIL_FROM"])[1].rpartition("@")[2] or "helpwidget.localhost"
    return make_msgid(domain=domain)


def build(payload, config):
    """Return the EmailMessage of an outbox payload (to, cc, subject, text, html, ...)."""
    msg = EmailMessage()
    msg["From"] = config["MAIL_FROM"]
    msg["To"] = ", ".join(payload["to"])
    if payload.get("cc"):
        msg["Cc"] = ", ".join(payload["cc"])
    if payload.get("reply_to"):
        msg["Reply-To"] = payload["reply_to"]
    msg["Subject"] = payload["subject"]
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = payload.get("message_id") or message_id(config)
    if payload.get("references"):
        msg["In-Reply-To"] = payload["references"]
        msg["References"] = payload["references"]
    # Asks vacation responders and ticket systems not to answer automatically (RFC 3834).
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(payload["text"])
    if payload.get("html"):
        msg.add_alternative(payload["html"], subtype="html")
    return msg


def recipients(payload):
    """Return the bare addresses the server must deliver to: To and Cc."""
    return [addr for _name, addr in getaddresses(list(payload["to"]) + list(payload.get("cc", ())))
            if addr]


class Connection:
    """One SMTP session reused for the emails of a delivery pass; use it with `with`."""

    def __init__(self, config):
        """Remember the settings; nothing connects until the first send."""
        self.config = config
        self._smtp = None
        # Once the server cannot be reached, the rest of the pass fails fast with that reason.
        self._down = None

    def __enter__(self):
        """Return the connection."""
        return self

    def __exit__(self, *exc_info):
        """Say goodbye to the server."""
        self.close()

    def send(self, payload):
        """Send one payload; return refused recipients ({addr: (code, reply)}) if some were.

        Raises MailError, permanent when the server refuses every recipient or the message
        itself with a 5xx reply, or when the payload cannot become an email.
        """
        try:
            msg = build(payload, self.config)
            to_addrs = recipients(payload)
        except (KeyError, TypeError, ValueError) as exc:
            raise MailError(f"cannot build the email: {exc}", permanent=True) from exc
        if not to_addrs:
            raise MailError("no recipient", permanent=True)
        smtp = self._connect()
        try:
            return smtp.send_message(msg, from_addr=self._sender(), to_addrs=to_addrs)
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _reply in exc.recipients.values()]
            detail = "; ".join(f"{addr}: {code} {_text(reply)}"
                               for addr, (code, reply) in exc.recipients.items())
            raise MailError(f"recipients refused: {detail}",
                            permanent=all(code >= 500 for code in codes)) from exc
        except smtplib.SMTPDataError as exc:
            raise MailError(f"message refused: {exc.smtp_code} {_text(exc.smtp_error)}",
                            permanent=exc.smtp_code >= 500) from exc
        except smtplib.SMTPSenderRefused as exc:
            # Our own MAIL_FROM was refused: a setting to fix, after which the mail must go.
            self.close()
            raise MailError(f"sender {exc.sender} refused: {exc.smtp_code} "
                            f"{_text(exc.smtp_error)}") from exc
        except (smtplib.SMTPException, OSError) as exc:
            self.close()  # the session is in an unknown state
            raise MailError(f"{type(exc).__name__}: {exc}") from exc

    def close(self):
        """End the SMTP session if one is open."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (smtplib.SMTPException, OSError):
                smtp.close()

    def _sender(self):
        """Return the envelope sender: the bare address of MAIL_FROM."""
        return parseaddr(self.config["MAIL_FROM"])[1]

    def _connect(self):
        """Return the open SMTP session, opening (TLS, login) it on first use."""
        if self._down is not None:
            raise self._down
        if self._smtp is not None:
            return self._smtp
        cfg = self.config
        host, port, timeout = cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), float(cfg["MAIL_TIMEOUT"])
        smtp = None
        try:
            if cfg["MAIL_SSL"]:
                smtp = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                        context=ssl.create_default_context())
            else:
                smtp = smtplib.SMTP(host, port, timeout=timeout)
                if cfg["MAIL_STARTTLS"]:
                    smtp.starttls(context=ssl.create_default_context())
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
        except (smtplib.SMTPException, OSError) as exc:
            if smtp is not None:
                smtp.close()
            # Bad credentials or TLS settings are fixed by an admin; keep the mail until then.
            self._down = MailError(f"cannot reach {host}:{port}: {type(exc).__name__}: {exc}")
            raise self._down from exc
        self._smtp = smtp
        return smtp


def send(payload, config):
    """Send one payload on its own SMTP session (see Connection.send)."""
    with Connection(config) as connection:
        return connection.send(payload)


def _text(reply):
    """Return an SMTP reply (bytes or str) as text."""
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


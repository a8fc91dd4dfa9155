"""Reading a received email: who sent it, to whom, whether a machine wrote it, and its reply.

The reply is what the person wrote this time: quoted history and signatures are cut by
mail-parser-reply (English, Spanish and Polish reply headers), HTML mail is turned into text by
inscriptis, and files (attachments and inline images) are returned as (name, bytes) for the
same checks as uploads.
"""
import email
import email.policy
import hashlib
import re
from dataclasses import dataclass, field
from email.utils import getaddresses, parseaddr

import authres
from inscriptis import get_text
from mailparser_reply import EmailReplyParser

from helpwidget.services import addresses
from helpwidget.services.plain_text import without_controls

# Reply headers ("On Mon, ... wrote:") are recognised in these languages.
REPLY_LANGUAGES = ["en", "es", "pl"]
# Precedence values of bulk mail and auto-answers (RFC 3834 section 2, and common practice).
_AUTO_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
# Headers only auto-responders set (Exchange, various vacation tools).
_AUTO_HEADERS = ("X-Autoreply", "X-Autorespond", "X-Autoresponder")
_BOUNCE_SENDERS = re.compile(r"^(mailer-daemon|postmaster)@", re.IGNORECASE)
# Our own Message-IDs and thread ids end in "@<domain>>": mail we sent coming back is a loop.
_MESSAGE_ID_DOMAIN = re.compile(r"@([^>\s]+)>?\s*$")


@dataclass
class ParsedMail:
    """What the rules need of one email."""

    message_id: str = ""
    sender: str = ""
    sender_name: str = ""
    subject: str = ""
    recipients: list = field(default_factory=list)
    # "auto_reply" or "bounce" when a machine wrote it, else "".
    automatic: str = ""
    # "fail" when the receiving mail server found the sender forged (see `sender_check`).
    authentication: str = ""
    language: str = ""
    text: str = ""
    files: list = field(default_factory=list)


def dedupe_key(raw):
    """Return the key that makes one email one row: its Message-ID, else a hash of its bytes."""
    message = email.message_from_bytes(raw, policy=email.policy.compat32)
    message_id = " ".join(str(message.get("Message-ID", "")).split())
    if message_id and len(message_id) <= 250:
        return "mid:" + message_id
    return "sha:" + hashlib.sha256(raw).hexdigest()


def parse(raw, envelope_to=(), authserv_id=""):
    """Return the ParsedMail of raw bytes; raises ValueError when they are not an email."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not message.keys():
        raise ValueError("no headers")
    name, sender = parseaddr(str(message.get("From", "")))
    parsed = ParsedMail(
        message_id=" ".join(str(message.get("Message-ID", "")).split()),
        sender=addresses.one_address(sender) or "", sender_name=_clean_name(name),
        subject=" ".join(str(message.get("Subject", "")).split())[:300],
        recipients=_recipients(message, envelope_to), automatic=_automatic(message, sender),
        language=str(message.get("Content-Language", "")).split(",")[0].strip()[:2].lower(),
        authentication=sender_check(message, authserv_id))
    parsed.text = reply_text(_body(message))
    parsed.files = list(_files(message))
    return parsed


def sender_check(message, authserv_id):
    """Return "fail" when our own mail server's Authentication-Results say the From is forged.

    Only results stamped with `authserv_id` count: a sender can write any header, but the
    receiving server (Postfix with OpenDMARC, say) removes forged ones carrying its own id.
    DMARC decides when it ran; else SPF failing with no passing DKIM signature.
    """
    if not authserv_id:
        return ""
    found = {}
    for value in message.get_all("Authentication-Results", ()):
        try:
            header = authres.AuthenticationResultsHeader.parse_value(str(value))
        except Exception:  # a malformed header is no verdict
            continue
        if str(header.authserv_id).lower() != authserv_id.lower():
            continue
        for result in header.results:
            found.setdefault(str(result.method).lower(), set()).add(str(result.result).lower())
    if "dmarc" in found:
        return "fail" if "fail" in found["dmarc"] else ""
    if "fail" in found.get("spf", ()) and "pass" not in found.get("dkim", ()):
        return "fail"
    return ""


def own_message_id(message_id, domain):
    """Tell whether a Message-ID was made by this server (its domain is ours)."""
    found = _MESSAGE_ID_DOMAIN.search(message_id or "")
    return bool(found and domain and found.group(1).lower() == domain.lower())


def reply_text(body):
    """Return the new part of a reply: no quoted history, no signature, tidy blank lines."""
    body = without_controls(body).strip()
    if not body:
        return ""
    parsed = EmailReplyParser(languages=REPLY_LANGUAGES).read(text=body)
    text = parsed.replies[0].body if parsed.replies else body
    # A quote at the end with no "On ... wrote:" line before it is history too; quotes between
    # the person's own lines (an answer point by point) are kept.
    lines = text.rstrip().split("\n")
    while lines and (lines[-1].startswith(">") or not lines[-1].strip()):
        lines.pop()
    text = "\n".join(lines)
    # A message that is only a quote (or only a signature) leaves nothing: keep nothing then.
    return re.sub(r"\n{3,}", "\n\n", text.strip())


def _recipients(message, envelope_to):
    """Return every address the email was for: the envelope first, then the headers."""
    values = list(envelope_to or ())
    for header in ("Delivered-To", "X-Original-To", "To", "Cc"):
        values.extend(str(v) for v in message.get_all(header, ()))
    return [addr for _name, addr in getaddresses(values) if addr]


def _automatic(message, sender):
    """Return "bounce" or "auto_reply" when no person wrote this email, else ""."""
    content_type = message.get_content_type()
    if content_type == "multipart/report" or _BOUNCE_SENDERS.match(sender or "") or \
            str(message.get("Return-Path", "")).strip() == "<>":
        return "bounce"
    auto_submitted = str(message.get("Auto-Submitted", "")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto_reply"
    if str(message.get("Precedence", "")).strip().lower() in _AUTO_PRECEDENCE:
        return "auto_reply"
    if any(message.get(h) for h in _AUTO_HEADERS):
        return "auto_reply"
    suppress = str(message.get("X-Auto-Response-Suppress", "")).lower()
    if "oof" in suppress or "all" in suppress:
        return "auto_reply"
    return ""


def _body(message):
    """Return the text of the email's body, from its plain part or else its HTML one."""
    for kind in ("plain", "html"):
        part = message.get_body(preferencelist=(kind,))
        text = _part_text(part) if part is not None else ""
        if text.strip():
            return text
    return ""


def _part_text(part):
    """Return one body part as text; HTML becomes text only."""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, ValueError):
        payload = part.get_payload(decode=True) or b""
        content = payload.decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        # Text only: nothing of the markup (scripts, styles, links' targets) survives.
        return get_text(content)
    return content


def _files(message):
    """Yield (filename, bytes) of the attachments and inline images."""
    body = message.get_body(preferencelist=("plain", "html"))
    for part in message.walk():
        if part.is_multipart() or part is body:
            continue
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if disposition is None and not part.get_content_maintype() == "image":
            continue  # an alternative text part, not a file
        data = part.get_payload(decode=True) or b""
        if not filename:
            extension = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}.get(
                part.get_content_type(), "bin")
            filename = f"image.{extension}"
        yield filename, data


def _clean_name(name):
    """Return a display name without control characters, cut to a sane length."""
    return " ".join("".join(c for c in (name or "") if c.isprintable()).split())[:200]

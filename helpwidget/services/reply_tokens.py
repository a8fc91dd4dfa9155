"""Reply addresses: a signed token per conversation in the local part of the Reply-To address.

`reply+t1f-k3m9q2x7d4a8b5c6@support.example.com` answers request 0x1f (its row id, in base 36);
`c` marks a chat. The token is an HMAC of the conversation with a key derived from SECRET_KEY,
so nobody can make one for a conversation they were not written about, and lower case only,
because some mail servers fold the case of local parts.
"""
import base64
import hashlib
import hmac
import re

from flask import current_app

KINDS = {"t": "ticket", "c": "chat"}
_TOKEN = re.compile(r"\+([tc])([0-9a-z]{1,13})-([a-z2-7]{16})@", re.IGNORECASE)


def address(kind, conversation_id):
    """Return the reply address of a ticket's or chat's emails, or None when mail-in is off."""
    base = current_app.config.get("MAIL_REPLY_ADDRESS") or ""
    local, at, domain = base.rpartition("@")
    if not at or not local or not domain:
        return None
    return f"{local}+{token(kind, conversation_id)}@{domain}"


def token(kind, conversation_id):
    """Return the token of one conversation (`kind` is "ticket" or "chat")."""
    letter = {v: k for k, v in KINDS.items()}[kind]
    number = _base36(int(conversation_id))
    return f"{letter}{number}-{_signature(letter, number)}"


def find(recipients):
    """Return (kind, id) of the first recipient carrying a valid token, or None.

    A tampered or unknown token is the same as none: a caller cannot tell which part was wrong.
    """
    for recipient in recipients:
        for match in _TOKEN.finditer(str(recipient or "") + "@"):
            letter, number, signature = (part.lower() for part in match.groups())
            if hmac.compare_digest(signature, _signature(letter, number)):
                return KINDS[letter], int(number, 36)
    return None


def has_token_shape(recipients):
    """Tell whether any recipient looks like a reply address, valid or not."""
    return any(_TOKEN.search(str(r or "") + "@") for r in recipients)


def _signature(letter, number):
    """Return the 16 characters (80 bits) signing one conversation."""
    key = hashlib.sha256(b"helpwidget reply address\0" +
                         current_app.config["SECRET_KEY"].encode()).digest()
    digest = hmac.new(key, f"{letter}{number}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest[:10]).decode().lower()


def _base36(value):
    """Return a non-negative integer in base 36, lower case."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
        if not value:
            return out

"""Email addresses: exactly one address per claim or field, and one form for keying limits."""
import unicodedata
from email.utils import getaddresses

import email_validator

MAX_LENGTH = 320


def one_address(text):
    """Return `text` as exactly one address in its stored form (lowercase), or None.

    Lists ("a@x, b@y"), display names, quoted local parts, header breaks and anything a mail
    server would read as more than one recipient are refused.
    """
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_LENGTH:
        return None
    try:
        checked = email_validator.validate_email(text.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError:
        return None
    address = checked.normalized.lower()
    # What the mail server will be told must be this one address and nothing else.
    parsed = getaddresses([address])
    if len(parsed) != 1 or parsed[0][1].lower() != address:
        return None
    return address


def is_single(text):
    """Tell whether `text` is one bare address as a mail server reads it (syntax only: the
    outbox's last check, which operator-set addresses such as alert@x.test also pass)."""
    if not isinstance(text, str) or not text or len(text) > MAX_LENGTH:
        return False
    if any(c.isspace() or c in ",;<>\"()" for c in text) or text.count("@") != 1:
        return False
    parsed = getaddresses([text])
    return len(parsed) == 1 and parsed[0] == ("", text)


def limit_key(text):
    """Return the form every limit keyed on an address uses: NFKC, casefolded, IDNA domain.

    Sign-in maps a typed address through IDNA (fullwidth letters, a Unicode domain, case), so
    every variant that reaches one account must count against one key, valid or not.
    """
    folded = unicodedata.normalize("NFKC", str(text or "")).casefold().strip()
    address = one_address(folded)
    return address if address is not None else folded

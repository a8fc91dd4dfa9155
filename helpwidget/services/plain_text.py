"""Text from outside (emails, replies quoted in emails) made safe to store and show as text."""
import re

# Control characters other than tab and newline, and the bidirectional overrides that can make
# text read differently from what it holds.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def without_controls(text):
    """Return `text` with Windows line ends made plain and control characters removed."""
    return _CONTROL.sub("", str(text or "").replace("\r\n", "\n"))

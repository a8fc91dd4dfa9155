"""The types of a host identity token's claims: a claim of the wrong type refuses the token."""
import math

from flask_babel import lazy_gettext as _l

from helpwidget.errors import Unauthorized

# JSON types each claim may have; None (null) always means "not given".
_TEXT = (str,)
_ID = (str, int)  # ids may be numbers in the host's database
_TYPES = {"sub": _TEXT, "name": _TEXT, "email": _TEXT, "account_id": _ID, "account_name": _TEXT,
          "account_type": _TEXT, "locale": _TEXT, "support_user": (bool,)}
_TIMES = ("exp", "iat", "nbf")


def is_time(value):
    """Tell whether a claim is a JSON number usable as a time (not a string, not a boolean)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) and abs(value) < 1e12


def check(claims, purpose=None):
    """Raise Unauthorized unless every known claim has its type and the token's purpose fits.

    Identity tokens carry no `purpose`; a token signed for another purpose (revoking a user's
    sessions) never signs anyone in, and an identity token never revokes.
    """
    if claims.get("purpose") != purpose:
        raise Unauthorized(_l("The identity token is not valid for this site."))
    for name in _TIMES:
        if name in claims and not is_time(claims[name]):
            raise _wrong_type(name)
    for name, types in _TYPES.items():
        value = claims.get(name)
        # bool is an int in Python, but `true` is no id and `1` is no boolean.
        if value is not None and (not isinstance(value, types) or (
                isinstance(value, bool) and bool not in types)):
            raise _wrong_type(name)
    return claims


def _wrong_type(name):
    """Return the refusal of a claim whose JSON type is wrong."""
    return Unauthorized(_l("The identity token's claim “%(claim)s” has the wrong type.",
                           claim=name), code="invalid_claim")

"""Host route patterns: `/invoices/new` (exact), `/invoices/:id` (one segment), `/reports/*`."""
import re
from functools import lru_cache
from urllib.parse import unquote, urlsplit

_ID_LIKE = re.compile(r"^(\d+|[0-9a-f]{8,}(-[0-9a-f]{4,})*|[0-9a-z]{20,})$", re.I)


def normalize(route):
    """Return the path of a route or URL: no host, query or fragment, no trailing slash."""
    path = unquote(urlsplit((route or "").strip()).path)
    path = "/" + "/".join(part for part in path.lower().split("/") if part)
    return path


def is_exact(pattern):
    """Tell whether a normalized pattern has no parameters or wildcards."""
    return not any(seg.startswith(":") or seg == "*" for seg in pattern.split("/"))


@lru_cache(maxsize=4096)
def _compile(pattern):
    """Compile a normalized pattern to a regular expression and its specificity."""
    parts, literal, params, rest = [], 0, 0, False
    segments = [seg for seg in pattern.split("/") if seg]
    for i, seg in enumerate(segments):
        if seg == "*" and i == len(segments) - 1:
            rest = True
            break
        if seg.startswith(":") or seg == "*":
            parts.append("/[^/]+")
            params += 1
        else:
            parts.append("/" + re.escape(seg))
            literal += 1
    tail = "(?:/.*)?" if rest else ""
    regex = re.compile("^" + "".join(parts) + tail + "$")
    # Exact beats parameters beats wildcards; more literal segments beat fewer.
    specificity = (not params and not rest, literal, not rest, params)
    return regex, specificity


def specificity(pattern, route):
    """Return how specifically `pattern` matches `route` (higher is better), or None."""
    regex, rank = _compile(normalize(pattern))
    return rank if regex.match("" if route == "/" else route) else None


def route_words(route):
    """Return the words of a route worth searching for (ids and numbers dropped)."""
    words = []
    for seg in normalize(route).split("/"):
        if seg and not _ID_LIKE.match(seg):
            words.extend(w for w in re.split(r"[-_.~+]+", seg) if len(w) > 1 and not w.isdigit())
    return words

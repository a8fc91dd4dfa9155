"""Counters for limits a route decorator cannot express: bytes, mails, attempts, conversions.

They share the rate-limit storage (RATELIMIT_STORAGE_URI), so every process of a deployment
counts together; while it is unreachable each process counts in its own memory.
"""
import functools

import limits
from flask import current_app
from limits.storage import MemoryStorage
from limits.strategies import FixedWindowRateLimiter

from helpwidget.extensions import limiter

_fallback = FixedWindowRateLimiter(MemoryStorage())


def _items(value):
    """Return the limits of a setting: "5 per minute; 30 per hour", or (amount, seconds)."""
    if isinstance(value, (list, tuple)):
        amount, seconds = value
        return [limits.RateLimitItemPerSecond(int(amount), int(seconds))]
    return _parsed(value)


@functools.lru_cache(maxsize=64)
def _parsed(text):
    """Return the limits a setting's text names (parsed once: chat messages read it each time)."""
    return tuple(limits.parse_many(text))


def _ids(scope, key):
    """Return the storage identifiers of (scope, key), apart from other installations'."""
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return (prefix, scope, str(key)) if prefix else (scope, str(key))


def _enabled():
    """Tell whether limits apply (tests of other things may turn them off)."""
    return current_app.config.get("RATELIMIT_ENABLED", True)


def _with_strategy(work):
    """Run `work(strategy)` on the shared storage, or on this process's memory without it."""
    try:
        strategy = limiter.limiter
        return work(strategy)
    except Exception:
        current_app.logger.warning("rate-limit storage unreachable; counting in memory")
        return work(_fallback)


def take(value, scope, key, cost=1):
    """Count `cost` against every limit of `value` for (scope, key); False, counting nothing,
    when one of them has no room left."""
    if not _enabled():
        return True
    items = _items(value)

    def work(strategy):
        if not all(strategy.test(item, *_ids(scope, key), cost=cost) for item in items):
            return False
        return all([strategy.hit(item, *_ids(scope, key), cost=cost) for item in items])
    return _with_strategy(work)


def take_all(claims):
    """Take several (value, scope, key, cost) at once: all of them, or none."""
    if not _enabled():
        return True
    claims = list(claims)
    if not all(room(value, scope, key, cost) for value, scope, key, cost in claims):
        return False
    for value, scope, key, cost in claims:
        take(value, scope, key, cost)
    return True


def room(value, scope, key, cost=1):
    """Tell whether `cost` more fits within every limit of `value` for (scope, key)."""
    if not _enabled():
        return True
    items = _items(value)
    return _with_strategy(
        lambda strategy: all(strategy.test(item, *_ids(scope, key), cost=cost) for item in items))


def hit_first(value, scope, key):
    """Count one attempt at once, atomically, and tell whether it was within every limit.

    Counting before the work (not after it) is what keeps concurrent attempts from all
    passing a check that none of them has counted yet; see refund().
    """
    if not _enabled():
        return True
    items = _items(value)
    return _with_strategy(
        lambda strategy: all([strategy.hit(item, *_ids(scope, key)) for item in items]))


def refund(value, scope, key, cost=1):
    """Give back what hit_first counted (an attempt that succeeded)."""
    if not _enabled():
        return
    items = _items(value)

    def work(strategy):
        for item in items:
            strategy.storage.incr(item.key_for(*_ids(scope, key)), item.get_expiry(), amount=-cost)
    _with_strategy(work)


def mail_to_unverified(site, count=1):
    """Count `count` emails to addresses nobody verified (typed by a visitor, Cc) against the
    site's hourly allowance (UNVERIFIED_MAIL_PER_SITE); False, counting nothing, when full."""
    if count <= 0:
        return True
    return take(current_app.config["UNVERIFIED_MAIL_PER_SITE"], "unverified-mail", site.id,
                cost=count)

"""Rate limits keyed by who is calling: visitor token, IP address, or the email signing in."""
import functools

from flask import current_app, request
from flask_limiter.util import get_remote_address
from werkzeug.exceptions import TooManyRequests

from helpwidget.auth.bearer import bearer_token
from helpwidget.services import addresses, quotas
from helpwidget.services.identity import hash_token


def rate_key():
    """Key rate limits by visitor token when there is one, else by IP address."""
    token = bearer_token()
    # Its own prefix: endpoints that also stack ip_key must not count one request twice.
    return "t:" + hash_token(token) if token else "anon:" + (request.remote_addr or "")


def ip_key():
    """Key a rate limit by IP address alone, so fresh tokens do not reset it."""
    return "ip:" + (request.remote_addr or "")


def limit_per_visitor_and_ip(setting, key_func=None, methods=None):
    """Limit a write per visitor (key_func: the bearer token by default) and, separately, per
    IP address, to config[setting].

    Every endpoint of one setting counts together, and so does what the services count under
    it: an unanswered chat that becomes a ticket counts as a ticket (chat_handoff).
    """
    def wrap(view):
        @functools.wraps(view)
        def limited(*args, **kwargs):
            if methods is None or request.method in methods:
                value = current_app.config[setting]
                if not quotas.take_all([(value, setting, (key_func or rate_key)(), 1),
                                        (value, setting, ip_key(), 1)]):
                    raise TooManyRequests()
            return view(*args, **kwargs)
        return limited
    return wrap


def login_email_key():
    """Key the sign-in rate limit by the email tried, in the one form every address limit uses
    (so fullwidth or Unicode variants of a locked address share its count), hashed."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        data = request.form  # the console's sign-in form
    email = data.get("email")
    return "advisor-email:" + hash_token(addresses.limit_key(email if isinstance(email, str)
                                                              else ""))


def limit_sign_in(view):
    """Limit failed sign-ins per address and per email, the API and the console counted together.

    Each attempt is counted atomically before the password is checked and given back when it
    succeeds, so concurrent guesses cannot all pass a check none of them has counted yet; a
    busy office behind one address is still only held back by its failures.
    """
    @functools.wraps(view)
    def counted(*args, **kwargs):
        value = current_app.config["RATELIMIT_ADVISOR_LOGIN"]
        keys = [("advisor-sign-in-ip", get_remote_address()),
                ("advisor-sign-in-email", login_email_key())]
        within = [quotas.hit_first(value, scope, key) for scope, key in keys]
        if not all(within):
            raise TooManyRequests()
        response = current_app.make_response(view(*args, **kwargs))
        if response.status_code < 400:
            for scope, key in keys:
                quotas.refund(value, scope, key)
        return response
    return counted

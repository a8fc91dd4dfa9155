"""The console's session: an advisor token kept in the Flask session cookie."""
from flask import session

from helpwidget.api.advisor_auth import SESSION_TOKEN_KEY, session_token
from helpwidget.services import advisors

__all__ = ["advisor_from_session", "session_token", "sign_in", "sign_out"]


def sign_in(advisor):
    """Start a console session for the advisor in a fresh session cookie."""
    token = advisors.issue_token(advisor)
    # Rotate: nothing of the signed-out session (its CSRF token included) carries over.
    session.clear()
    session[SESSION_TOKEN_KEY] = token
    return token


def sign_out():
    """End the console session: revoke its token and empty the cookie."""
    token = session_token()
    if token is not None:
        advisors.revoke_token(token)
    session.clear()


def advisor_from_session():
    """Return the advisor of the current Flask session's live token, or None."""
    return advisors.advisor_for_token(session_token())

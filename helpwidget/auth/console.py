"""The console's session: an advisor token kept in the Flask session cookie."""
from flask import session

from helpwidget.services import advisors

# Where the console's session cookie keeps the advisor's token.
SESSION_TOKEN_KEY = "advisor_token"


def session_token():
    """Return the advisor token of the console's session cookie, or None."""
    token = session.get(SESSION_TOKEN_KEY)
    return token if isinstance(token, str) and token else None


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

"""The signed-in advisor's own account: their name, language and password."""
from flask import current_app
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash

from helpwidget.errors import Invalid
from helpwidget.models.advisor import PASSWORD_MAX_LENGTH
from helpwidget.services import advisors


def update(advisor, *, name=None, locale=None, email_on_reply=None):
    """Change the advisor's own name, console language or reply emails; other fields are kept."""
    if email_on_reply is not None:
        advisor.email_on_reply = bool(email_on_reply)  # committed by update_advisor
    return advisors.update_advisor(advisor, name=name, locale=locale)


def change_password(advisor, current, new, *, keep_token_id=None):
    """Replace the password after checking the current one; every other session ends."""
    current = current if isinstance(current, str) else ""
    if not check_password_hash(advisor.password_hash, current[:PASSWORD_MAX_LENGTH + 1]):
        raise Invalid(_l("Check the advisor's details."), fields={
            "current_password": [_l("This is not your current password.")]})
    try:
        advisors.set_password(advisor, new, keep_token_id=keep_token_id)
    except Invalid as error:
        # The rules speak of "password"; the form's field is the new one.
        raise Invalid(error.message, fields={"new_password": error.fields.get("password", [])})
    current_app.logger.info("advisor %s changed their password", advisor.id)

"""The page of an emailed one-time link: a new advisor or a forced reset chooses a password."""
import hmac

from flask import current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import refresh

from helpwidget.auth.console import sign_in
from helpwidget.console import bp
from helpwidget.errors import Invalid
from helpwidget.extensions import db
from helpwidget.models import Advisor
from helpwidget.services import invitations
from helpwidget.services.advisors import PASSWORD_MIN_LENGTH


@bp.get("/invitation/<token>")
def invitation_page(token):
    """Show the form to set a password, or say that the link no longer works."""
    try:
        row = invitations.find(token)
    except invitations.LinkNotValid as error:
        return _expired(error)
    return _form(token, db.session.get(Advisor, row.advisor_id))


@bp.post("/invitation/<token>")
def invitation_submit(token):
    """Set the password typed twice, sign the advisor in and open the console."""
    try:
        advisor = db.session.get(Advisor, invitations.find(token).advisor_id)
    except invitations.LinkNotValid as error:
        return _expired(error)
    password = request.form.get("password", "")
    # Both typed by the same person, yet compared in constant time like any password.
    if not hmac.compare_digest(password.encode(), request.form.get("password_again", "").encode()):
        return _form(token, advisor, _("The two passwords are not the same."), status=422)
    try:
        invitations.redeem(token, password)
    except invitations.LinkNotValid as error:
        return _expired(error)
    except Invalid as error:
        messages = [str(m) for m in error.fields.get("password", [])] or [str(error.message)]
        return _form(token, advisor, " ".join(messages), status=422)
    sign_in(advisor)
    return redirect(url_for(".console_app"))


def _form(token, advisor, error=None, status=200):
    """Render the password form in the advisor's language (unless ?locale= names one)."""
    if request.args.get("locale") not in current_app.config["LOCALES"]:
        g.locale = advisor.locale
        refresh()
    return render_template("console/invitation.html", advisor=advisor, token=token,
                           error=error, min_length=PASSWORD_MIN_LENGTH), status


def _expired(error):
    """Render the page saying the link is used or expired and who gives a new one."""
    return render_template("console/invitation.html", advisor=None, error=error.message), 404

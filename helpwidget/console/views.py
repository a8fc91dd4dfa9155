"""Console pages: sign-in, sign-out, language, and the shell of the single-page console."""
import re

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale, refresh
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from helpwidget.auth.console import advisor_from_session, sign_in, sign_out
from helpwidget.auth.limits import limit_sign_in
from helpwidget.console import bp
from helpwidget.console.strings import console_strings, languages
from helpwidget.errors import Forbidden, Invalid
from helpwidget.services import advisors

# The console runs only its own files: no inline script or style, no other origin.
CSP = ("default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
       "style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")


@bp.after_request
def _headers(response):
    """Send the console's security headers; keep its pages (with CSRF tokens) out of caches."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.context_processor
def _page_language():
    """Give templates the language the page is written in."""
    return {"lang": str(get_locale()), "languages": languages(current_app.config["LOCALES"])}


@bp.errorhandler(CSRFError)
def _form_expired(error):
    """Answer a form posted without a valid CSRF token: show the form again, change nothing."""
    if request.endpoint == "console.invitation_submit":
        return redirect(request.path)  # a fresh form, with a fresh token
    if request.endpoint == "console.sign_in_submit" or advisor_from_session() is None:
        return _login_page(_("This page has expired. Reload it and try again."), status=400)
    return redirect(url_for(".console_app"))


@bp.errorhandler(429)
def _too_many(error):
    """Answer too many failed sign-ins with the form and a message, not a bare error page."""
    return _login_page(_("Too many requests. Wait a moment and try again."), status=429)


@bp.get("/login")
def sign_in_page():
    """Show the sign-in form (in the browser's language unless ?locale= names one)."""
    if advisor_from_session() is not None:
        return redirect(_console_at(_next_view()))
    return _login_page()


@bp.post("/login")
@limit_sign_in
def sign_in_submit():
    """Check the email and password; on success start a console session."""
    email = request.form.get("email", "")
    try:
        advisor = advisors.authenticate(email[:320], request.form.get("password", ""))
    except Forbidden as refused:  # the right password, but an admin forced a new one
        return _login_page(refused.message, email=email, status=403)
    if advisor is None:
        # One message for unknown email, wrong password, disabled account and empty fields.
        return _login_page(_("The email or password is not right."), email=email, status=401)
    sign_in(advisor)
    return redirect(_console_at(_next_view()))


@bp.post("/logout")
def sign_out_submit():
    """End the console session (the CSRF check keeps other sites from signing people out)."""
    sign_out()
    return redirect(url_for(".sign_in_page"))


@bp.post("/language")
def change_language():
    """Save the console language the advisor picked."""
    advisor = advisor_from_session()
    if advisor is None:
        return redirect(url_for(".sign_in_page"))
    try:
        advisors.update_advisor(advisor, locale=request.form.get("locale", ""))
    except Invalid:
        pass  # an unknown language changes nothing; the page shows the current one
    return redirect(url_for(".console_app"))


@bp.get("/")
@bp.get("")
def console_app():
    """Serve the single-page console to a signed-in advisor; others go to the sign-in form."""
    advisor = advisor_from_session()
    if advisor is None:
        session.clear()  # a revoked or expired token: the old cookie is worth nothing now
        return redirect(url_for(".sign_in_page", locale=request.args.get("locale")))
    if request.args.get("locale") not in current_app.config["LOCALES"]:
        g.locale = advisor.locale
        refresh()
    # The owner gets the admin tabs even before any site exists, to create the first one.
    admin = bool(advisor.is_owner) or any(
        role == "admin" for _site, role in advisors.sites_of(advisor))
    return render_template("console/app.html", advisor=advisor, admin=admin,
                           strings=console_strings(), api_base=request.script_root + "/api/v1")


@bp.get("/tickets/<int:number>")
def ticket_page(number):
    """Open ticket `number` in the console (emails link here), signing in first if needed."""
    view = f"tickets/{number}"
    if advisor_from_session() is None:
        return redirect(url_for(".sign_in_page", next=view))
    return redirect(_console_at(view))


# Where the console may be asked to open after sign-in: a view of its own, never another URL.
_NEXT_VIEW = re.compile(r"tickets/\d{1,12}")


def _next_view():
    """Return the console view the sign-in was asked to open afterwards, or ""."""
    view = request.args.get("next", "")
    return view if _NEXT_VIEW.fullmatch(view) else ""


def _console_at(view):
    """Return the console's address, opening `view` (a fragment the console reads) if given."""
    return url_for(".console_app") + (f"#{view}" if view else "")


def _login_page(error=None, email="", status=200):
    """Render the sign-in form, optionally with an error message."""
    return render_template("console/login.html", error=error, email=email), status

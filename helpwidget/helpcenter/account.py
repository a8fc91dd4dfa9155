"""Help center sign-in: from the host product (SSO), by emailed link, and sign-out."""
from flask import current_app, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError

from helpwidget.errors import Unauthorized
from helpwidget.extensions import limiter
from helpwidget.helpcenter import bp, session
from helpwidget.schemas.sign_in import SignInRequestSchema
from helpwidget.services import helpcenter_accounts as accounts
from helpwidget.services.identity import hash_token

_SIGN_IN_PAGES = {"helpcenter.sign_in", "helpcenter.sign_in_link"}


def _address_key():
    """Key the sign-in limit by the address asked for, normalized, so case or Unicode
    variants of one address share it; hashed, so the counters hold no addresses."""
    return f"hc-sign-in:{g.site.key}:" + hash_token(accounts.limit_key(
        request.form.get("email", "")))


def _ip_key():
    """Key the sign-in limit by IP address alone."""
    return "hc-sign-in-ip:" + (request.remote_addr or "")


def _too_many(_limit):
    """Answer too many sign-in requests with the form and a message, not a bare error page."""
    return _sign_in_page(error=_("Too many sign-in requests. Wait a while and try again."),
                         status=429)


def _limit(setting, key_func):
    """Limit posts of the sign-in form to config[setting] per key."""
    return limiter.limit(lambda: current_app.config[setting], key_func=key_func,
                         methods=["POST"], on_breach=_too_many)


def _private(response):
    """Keep pages about a sign-in out of caches and their address out of Referer headers."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _next_path():
    """Return the safe help center path of ?next= or the form's next field, or ""."""
    return accounts.safe_return_path(g.site, request.values.get("next", ""))


def _sign_in_page(error=None, fields=None, email="", sent=False, status=200):
    """Render the sign-in form (or its answer) in the page's language."""
    response = current_app.make_response((render_template(
        "helpcenter/sign_in.html", error=error, fields=fields or {}, email=email, sent=sent,
        next=_next_path()), status))
    return _private(response)


@bp.errorhandler(CSRFError)
def _form_expired(_error):
    """Answer a help center form posted without a valid CSRF token; nothing changes."""
    message = _("This page has expired. Reload it and try again.")
    if request.endpoint in _SIGN_IN_PAGES and "locale" in g:
        return _sign_in_page(error=message, status=400)
    g.locale = g.get("locale") or (g.site.default_locale if "site" in g else "en")
    if "site" not in g:
        return message, 400
    return _private(current_app.make_response((render_template(
        "helpcenter/sign_in_error.html", title=_("This page has expired"), message=message,
        return_to=""), 400)))


@bp.context_processor
def _account_links():
    """Give the header who is signed in and where their pages are (once those pages exist)."""
    if "site" not in g or "locale" not in g:
        return {}
    site, locale = g.site, g.locale
    user = session.current_user()

    def link(endpoint):
        # Another module adds some of these pages; until it does the header leaves them out.
        if endpoint not in current_app.view_functions:
            return None
        return url_for(endpoint, site_key=site.key, locale=locale)

    here = accounts.safe_return_path(site, request.full_path.rstrip("?")) \
        if request.method == "GET" and request.endpoint not in _SIGN_IN_PAGES else ""
    return {"hc_account": {
        "user": user, "name": (user.name or user.email or _("My account")) if user else "",
        "sign_in": url_for("helpcenter.sign_in", site_key=site.key, locale=locale,
                           next=here or None),
        "sign_out": link("helpcenter.sign_out"),
        "activity": link("helpcenter.activity"), "new_request": link("helpcenter.new_request")}}


@bp.get("/<site_key>/sso")
def sso(site_key):
    """Sign in a user the host product sends with a short-lived identity token in the link."""
    wanted = request.args.get("return_to", "")
    return_to = accounts.safe_return_path(g.site, wanted)
    g.locale = (accounts.locale_of_path(g.site, return_to) if return_to else None) or (
        request.accept_languages.best_match(g.site.locales or [g.site.default_locale])
        or g.site.default_locale)
    if wanted and not return_to:
        # A link that would lead off this help center is refused before any sign-in.
        return _sso_failed(_("This link leads outside the help center."), "", 400)
    try:
        _visitor, raw, claims = accounts.sso_sign_in(g.site, request.args.get("jwt", ""),
                                                     previous=session.current_visitor())
    except Unauthorized as error:
        return _sso_failed(str(error.message), return_to, 401)
    response = redirect(return_to or accounts.home_path(g.site, claims.get("locale") or g.locale))
    session.remember(response, g.site, raw)
    return _private(response)


def _sso_failed(message, return_to, status):
    """Show why the host's link did not sign the reader in, and the email sign-in instead."""
    return _private(current_app.make_response((render_template(
        "helpcenter/sign_in_error.html", title=_("We could not sign you in"), message=message,
        return_to=return_to, offer_sign_in=True), status)))


@bp.route("/<site_key>/<locale>/sign-in", methods=["GET", "POST"])
@_limit("RATELIMIT_SIGN_IN_ADDRESS", _address_key)
@_limit("RATELIMIT_SIGN_IN_IP", _ip_key)
def sign_in(site_key, locale):
    """Ask for an email sign-in link; the answer never tells whether the address is known."""
    if request.method == "GET":
        if session.current_visitor() is not None:
            return redirect(_next_path() or accounts.home_path(g.site, locale))
        return _sign_in_page()
    try:
        data = SignInRequestSchema().load(request.form.to_dict())
    except ValidationError as error:
        return _sign_in_page(error=_("Enter a valid email address."), fields=error.messages,
                             email=request.form.get("email", "")[:320], status=422)
    accounts.request_link(g.site, data["email"], locale, _next_path())
    return _sign_in_page(sent=True, email=data["email"])


@bp.route("/<site_key>/<locale>/sign-in/<token>", methods=["GET", "POST"])
def sign_in_link(site_key, locale, token):
    """Open an emailed link: a page with one button, so mail scanners' fetches sign nobody in."""
    if request.method == "GET":
        if accounts.usable_link(g.site, token) is None:
            return _link_spent()
        return _private(current_app.make_response(render_template(
            "helpcenter/sign_in_link.html")))
    try:
        _visitor, raw, link = accounts.consume_link(g.site, token,
                                                    previous=session.current_visitor())
    except Unauthorized:
        return _link_spent()
    response = redirect(link.return_to or accounts.home_path(g.site, link.locale or locale))
    session.remember(response, g.site, raw)
    return _private(response)


def _link_spent():
    """Say that the link no longer works, with the form to get another."""
    return _sign_in_page(error=_("This sign-in link has expired or was already used. Enter "
                                 "your email to get a new one."), status=410)


@bp.post("/<site_key>/<locale>/sign-out")
def sign_out(site_key, locale):
    """End the reader's sessions everywhere (every browser, and their widgets), drop the cookie."""
    visitor = session.current_visitor()
    if visitor is not None:
        accounts.sign_out(visitor)
    response = redirect(accounts.home_path(g.site, locale))
    session.forget(response, g.site)
    return _private(response)

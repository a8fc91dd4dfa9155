"""/demo: a pretend host product that embeds the widget, for trying it right after `flask demo`."""
import functools
import hmac
import os
import re
import time

import jwt
import yaml
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from helpwidget import demo
from helpwidget.extensions import csrf, db
from helpwidget.models import Site

bp = Blueprint("demo_host", __name__, static_folder="static", static_url_path="/demo/static",
               template_folder="templates")
DEFAULT_SITE = "facturafacil"
# A demo user's sign-in lasts an hour; the page asks for a new one when it reloads.
TOKEN_TTL = 3600
# A token in a help center link (/help/<site>/sso) must expire within minutes.
HELP_CENTER_TOKEN_TTL = 120
_PATH = re.compile(r"^[A-Za-z0-9/_.-]{0,200}$")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; "
       "object-src 'none'; frame-ancestors 'none'")


@functools.cache
def host_pages():
    """Return the pretend products' screens by site key (demo/host_pages.yaml, read once)."""
    with open(os.path.join(demo.HERE, "host_pages.yaml"), encoding="utf-8") as source:
        return yaml.safe_load(source)


@bp.before_request
def _only_in_the_demo():
    """Serve nothing unless the app runs the demo (`flask demo` or DEMO_HOST = True)."""
    if not current_app.config["DEMO_HOST"]:
        abort(404)


@bp.after_request
def _headers(response):
    """Hold the demo page to the strict policy the README tells host products to use."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def _demo_site(site_key):
    """Return the seeded demo site `site_key` and its pages, or answer 404 saying what to do."""
    pages = host_pages().get(site_key)
    site = db.session.execute(db.select(Site).filter_by(key=site_key)).scalar_one_or_none() \
        if pages else None
    # Only sites still holding the demo's own secret: never sign for a real product's users.
    # Compared in constant time, so answer times tell nothing of a real product's secret.
    expected = (demo.demo_secrets().get(site_key) or "").encode()
    if site is None or not expected or not hmac.compare_digest(
            site.identity_secret.encode(), expected):
        abort(Response(str(_l("This demo site is not set up. Run `flask --app wsgi demo` "
                              "on an empty database, or `flask --app wsgi seed-demo`.")),
                       status=404, content_type="text/plain; charset=utf-8"))
    return site, pages


@bp.get("/demo")
@bp.get("/demo/<site_key>")
@bp.get("/demo/<site_key>/<path:route>")
def page(site_key=DEFAULT_SITE, route=""):
    """Show the pretend product at `route`; its script shows the screen for that route."""
    if not _PATH.match(route):
        abort(404)
    site, pages = _demo_site(site_key)
    wanted = request.args.get("locale")
    g.locale = wanted if wanted in current_app.config["LOCALES"] else site.default_locale
    user = pages["user"]["name"]
    config = {"site": site.key, "name": site.name, "base": f"/demo/{site.key}",
              "home": pages["home"], "try": pages["try"], "user": user,
              "text": {"signed_in": _("Signed in as %(name)s (demo user).", name=user),
                       "signed_out": _("Not signed in: the widget treats you as an anonymous "
                                       "visitor."),
                       "failed": _("Signing in did not work. Reload the page and try again.")}}
    others = db.session.execute(db.select(Site.key, Site.name).where(
        Site.key.in_([key for key in host_pages() if key != site.key]))).all()
    return render_template("demo_host/page.html", site=site, pages=pages, config=config,
                           locale=g.locale, others=others)


@bp.post("/demo/<site_key>/identity")
@csrf.exempt
def identity(site_key):
    """Sign the demo user in: an identity token signed with the demo site's secret."""
    site, pages = _demo_site(site_key)
    now = int(time.time())
    locale = request.args.get("locale")
    locale = locale if locale in current_app.config["LOCALES"] else site.default_locale
    claims = {**pages["user"], "locale": locale, "iat": now, "exp": now + TOKEN_TTL}
    token = jwt.encode(claims, site.identity_secret, algorithm="HS256")
    response = current_app.json.response({"jwt": token, "user": pages["user"]["name"]})
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/demo/<site_key>/help-center")
def help_center(site_key):
    """Open the help center signed in as the demo user, as a host product links to it (SSO)."""
    site, pages = _demo_site(site_key)
    locale = request.args.get("locale")
    locale = locale if site.speaks(locale or "") else site.default_locale
    now = int(time.time())
    claims = {**pages["user"], "locale": locale, "iat": now, "exp": now + HELP_CENTER_TOKEN_TTL}
    token = jwt.encode(claims, site.identity_secret, algorithm="HS256")
    response = redirect(url_for("helpcenter.sso", site_key=site.key, jwt=token,
                                return_to=url_for("helpcenter.home", site_key=site.key,
                                                  locale=locale)))
    response.headers["Cache-Control"] = "no-store"
    return response

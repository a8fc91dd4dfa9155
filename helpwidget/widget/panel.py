"""The help panel page the loader frames: served only to the site's allowed host origins."""
import re

from flask import Response, g, render_template, request
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from helpwidget import widget_strings
from helpwidget.errors import NotFound
from helpwidget.i18n import content_locale
from helpwidget.realtime.origins import origin_of, own_origins
from helpwidget.services import sites
from helpwidget.services.widget_config import widget_config
from helpwidget.status_feed import feed_url
from helpwidget.widget import bp, build

# Only plain origins go into the CSP: a stray ";" or space in a setting must not add directives.
_ORIGIN = re.compile(r"^https?://[a-z0-9.\-\[\]:]+$")
# Pages without the panel (refusals, unknown sites) load nothing at all.
BARE_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'"


def panel_csp(site):
    """Return the panel page's Content-Security-Policy for `site`."""
    host = request.host.lower()
    sockets = f" ws://{host} wss://{host}" if _ORIGIN.match(f"http://{host}") else ""
    ancestors = sorted(_allowed_origins(site) | own_origins(request.environ))
    return "; ".join([
        "default-src 'none'", "script-src 'self'", "style-src 'self'",
        "img-src 'self' data: https:", f"connect-src 'self'{sockets}",
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
        "media-src 'self' https:", "font-src 'self'", "base-uri 'none'", "form-action 'none'",
        "frame-ancestors " + " ".join(["'self'", *[o for o in ancestors if _ORIGIN.match(o)]]),
    ])


def _allowed_origins(site):
    """Return the site's allowed host origins, normalised."""
    return {o for o in (origin_of(x) for x in site.allowed_origins or []) if o}


def _page(template, status, csp, **context):
    """Render a panel-side page with the headers every one of them carries."""
    context.setdefault("locale", str(get_locale()))
    response = Response(render_template(template, **context), status=status,
                        content_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = csp
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/widget/panel")
def panel():
    """Serve the panel for `site`, framed by `origin`, in `locale` (or the site's language)."""
    try:
        site = sites.get_site(request.args.get("site", ""))
    except NotFound:
        return _page("widget/message.html", 404, BARE_CSP,
                     message=_l("No help center is configured for this site."))
    origin = origin_of(request.args.get("origin", ""))
    if not origin or origin not in _allowed_origins(site) | own_origins(request.environ):
        return _page("widget/message.html", 403, BARE_CSP,
                     message=_l("The help panel is not available on this page."),
                     hint=_l("The site's administrator can allow this address in the site's "
                             "settings (allowed origins)."))
    locale = content_locale(site, request.args.get("locale"))
    g.locale = locale
    js, css = build.require("panel.js"), build.require("panel.css")
    boot = {"site": site.key, "hostOrigin": origin, "locale": locale,
            "strings": widget_strings.render(locale),
            "config": widget_config(site, locale, feed_url(site, locale))}
    with force_locale(locale):
        return _page("widget/panel.html", 200, panel_csp(site), site=site, locale=locale,
                     boot=boot, js_hash=build.content_hash(js),
                     css_hash=build.content_hash(css))

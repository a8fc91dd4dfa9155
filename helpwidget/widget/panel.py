"""The help panel page the loader frames: served only to the site's allowed host origins."""
import base64
import hashlib
import re

from flask import Response, g, render_template, request
from flask_babel import force_locale, get_locale
from flask_babel import lazy_gettext as _l

from helpwidget import widget_strings
from helpwidget.errors import NotFound
from helpwidget.i18n import content_locale
from helpwidget.schemas.status import feed_url, summary
from helpwidget.services import sites, status
from helpwidget.services.widget_config import widget_config
from helpwidget.web.origins import origin_of, own_origins
from helpwidget.widget import bp, build

# Only plain origins go into the CSP: a stray ";" or space in a setting must not add directives.
_ORIGIN = re.compile(r"^https?://[a-z0-9.\-\[\]:]+$")
# Pages without the panel (refusals, unknown sites) load no file: their look and their close
# button are fixed text inside the page, allowed by hash. The button only asks the frame's parent
# to close the panel (the loader accepts that from the panel's origin alone); nothing else runs.
MESSAGE_STYLE = (
    "html,body{height:100%;margin:0}body{display:flex;flex-direction:column;font:16px/1.45 "
    "system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1f2328;background:#fff}"
    "header{display:flex;align-items:center;min-height:56px;padding:.4rem .5rem .4rem 1rem;"
    "background:#1d4ed8;color:#fff}header p{flex:1;margin:0;font-size:1.1rem;font-weight:650}"
    "button{width:44px;height:44px;border:0;border-radius:8px;background:none;color:inherit;"
    "font:inherit;font-size:1.75rem;line-height:1;cursor:pointer}button:hover{background:"
    "rgba(127,127,127,.25)}button:focus-visible{outline:3px solid #fff;outline-offset:-4px}"
    "main{padding:1rem}h1{margin:0 0 .5rem;font-size:1.15rem;line-height:1.3}"
    "p.hint{margin:0;color:#57606a}")
MESSAGE_SCRIPT = (
    "(function(){function close(){if(parent!==window)parent.postMessage({source:'helpwidget',"
    "type:'close'},'*')}document.getElementById('hw-close').addEventListener('click',close);"
    "document.addEventListener('keydown',function(e){if(e.key==='Escape')close()})})();")


def _csp_hash(text):
    """Return the CSP source that allows exactly this inline text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


BARE_CSP = (f"default-src 'none'; style-src {_csp_hash(MESSAGE_STYLE)}; "
            f"script-src {_csp_hash(MESSAGE_SCRIPT)}; base-uri 'none'; form-action 'none'")


def panel_csp(site):
    """Return the panel page's Content-Security-Policy for `site`."""
    host = request.host.lower()
    sockets = f" ws://{host} wss://{host}" if _ORIGIN.match(f"http://{host}") else ""
    ancestors = sorted(_allowed_origins(site) | own_origins(request.environ))
    # Video guides play in the panel from wherever their files are, as in the help center; a
    # panel served over plain HTTP (a demo) may play plain-HTTP files too.
    media = "media-src 'self' https:" + (" http:" if request.scheme == "http" else "")
    return "; ".join([
        "default-src 'none'", "script-src 'self'", "style-src 'self'",
        "img-src 'self' data: https:", f"connect-src 'self'{sockets}",
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
        media, "font-src 'self'", "base-uri 'none'", "form-action 'none'",
        "frame-ancestors " + " ".join(["'self'", *[o for o in ancestors if _ORIGIN.match(o)]]),
    ])


def _allowed_origins(site):
    """Return the site's allowed host origins, normalised."""
    return {o for o in (origin_of(x) for x in site.allowed_origins or []) if o}


def _page(template, status, csp, **context):
    """Render a panel-side page with the headers every one of them carries."""
    context.setdefault("locale", str(get_locale()))
    if csp == BARE_CSP:
        context.update(message_style=MESSAGE_STYLE, message_script=MESSAGE_SCRIPT)
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
            "config": _config(site, locale)}
    with force_locale(locale):
        return _page("widget/panel.html", 200, panel_csp(site), site=site, locale=locale,
                     boot=boot, js_hash=build.content_hash(js), preloads=build.preloads(),
                     css_hash=build.content_hash(css))


def _config(site, locale):
    """Return the widget configuration the panel boots with (GET /api/v1/widget's)."""
    loaded = status.current_state(site, locale)
    return widget_config(site, locale, summary(loaded, feed_url(site, locale)), now=loaded.now)

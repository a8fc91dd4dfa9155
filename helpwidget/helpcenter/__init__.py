"""The public help center: server-rendered, linkable pages per site and locale."""
from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound as HTTPNotFound

from helpwidget import search as search_index
from helpwidget.errors import NotFound
from helpwidget.services import articles, sites

bp = Blueprint("helpcenter", __name__, url_prefix="/help", template_folder="templates",
               static_folder="static", static_url_path="/static")


@bp.url_value_preprocessor
def _load_site(endpoint, values):
    """Resolve the site and locale of the URL; unknown ones are 404."""
    if not values or "site_key" not in values:
        return
    g.site = sites.get_site(values["site_key"])
    locale = values.get("locale")
    if locale is not None:
        if not g.site.speaks(locale):
            abort(404)
        g.locale = locale


@bp.errorhandler(NotFound)
def _not_found(error):
    """Answer unknown or hidden sites, categories and articles with a plain 404."""
    return HTTPNotFound()


@bp.after_request
def _headers(response):
    """Keep the help center's pages script-safe and out of foreign frames."""
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' https: data:; media-src https:; "
        "frame-src https:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


@bp.get("/")
def index():
    """List the help centers served here."""
    return render_template("helpcenter/index.html", sites=sites.all_sites())


@bp.get("/<site_key>/")
def site_home(site_key):
    """Send visitors to the help center in their language, or the site's."""
    best = request.accept_languages.best_match(g.site.locales or [g.site.default_locale])
    return redirect(url_for(".home", site_key=site_key, locale=best or g.site.default_locale))


@bp.get("/<site_key>/<locale>/")
def home(site_key, locale):
    """Show the categories and the most read articles."""
    return render_template("helpcenter/home.html",
                           categories=articles.categories(g.site, locale),
                           popular=articles.popular(g.site, locale))


@bp.get("/<site_key>/<locale>/categories/<slug>")
def category(site_key, locale, slug):
    """List the articles of one category."""
    found = articles.get_category(g.site, locale, slug)
    return render_template("helpcenter/category.html", category=found,
                           articles=articles.in_category(g.site, locale, found),
                           categories=articles.categories(g.site, locale))


@bp.get("/<site_key>/<locale>/articles/<slug>")
def article(site_key, locale, slug):
    """Show one public article."""
    found = articles.get_article(g.site, locale, slug)
    articles.record_view(found)
    return render_template("helpcenter/article.html", article=found,
                           categories=articles.categories(g.site, locale))


@bp.get("/<site_key>/<locale>/search")
def search(site_key, locale):
    """Show search results for the `q` parameter."""
    query = request.args.get("q", "")[:200]
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) <= 100 else 1
    found = search_index.get_index().search(g.site.key, locale, query, page=page)
    return render_template("helpcenter/search.html", query=query, found=found,
                           categories=articles.categories(g.site, locale))


@bp.app_context_processor
def _helpers():
    """Give templates the translated name of each kind of article and date formatting."""
    from flask_babel import format_date
    from flask_babel import lazy_gettext as _l
    labels = {"article": _l("Guide"), "faq": _l("FAQ"), "video": _l("Video"),
              "download": _l("Download guide")}
    return {"kind_label": lambda kind: labels.get(kind, kind), "format_date": format_date}

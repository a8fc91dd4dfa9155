"""The public help center: server-rendered, linkable pages per site and locale."""
from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import NotFound as HTTPNotFound

from helpwidget.errors import NotFound
from helpwidget.helpcenter import session
from helpwidget.services import (
    article_reading,
    article_translations,
    help_search,
    response_promise,
    search_insights,
    sites,
)

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
@bp.errorhandler(HTTPNotFound)
def _not_found(error):
    """Answer unknown or hidden sites, locales and pages with the help center's own 404 page.

    The page depends only on the site and the reader's language, never on why nothing was
    found: a restricted article looks exactly like one that does not exist.
    """
    site = g.get("site")
    if site is not None and not g.get("locale"):
        # An unknown language of a known site: the reader's own, among the site's.
        spoken = site.locales or [site.default_locale]
        g.locale = request.accept_languages.best_match(spoken) or site.default_locale
    from flask_babel import get_locale
    return render_template("helpcenter/not_found.html", site=site,
                           lang=g.get("locale") or str(get_locale())), 404


@bp.route("/<site_key>/<path:rest>", methods=["GET", "POST"])
def unknown_page(site_key, rest):
    """Answer any other address under a help center with its 404 page, in the URL's language."""
    first = rest.split("/", 1)[0]
    if g.site.speaks(first):
        g.locale = first
    abort(404)


@bp.after_request
def _headers(response):
    """Keep the help center's pages script-safe and out of foreign frames."""
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' https: data:; media-src https:; "
        "frame-src https:; frame-ancestors 'self'; base-uri 'none'; form-action 'self'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    # A signed-in reader's pages hold their name and restricted articles: no cache keeps them.
    if request.cookies.get(session.COOKIE) or g.get("hc_visitor") is not None:
        response.headers["Cache-Control"] = "private, no-store"
    response.vary.add("Cookie")
    return response


@bp.get("/")
def index():
    """List the help centers served here, where the operator makes the list public."""
    # Which companies use this server is their business: the list is off unless asked for.
    if not (current_app.config["HELPCENTER_SITE_LIST"] or current_app.config["DEMO_HOST"]):
        abort(404)
    return render_template("helpcenter/index.html", sites=sites.all_sites())


@bp.get("/<site_key>/")
def site_home(site_key):
    """Send visitors to the help center in their language, or the site's."""
    best = request.accept_languages.best_match(g.site.locales or [g.site.default_locale])
    return redirect(url_for(".home", site_key=site_key, locale=best or g.site.default_locale))


@bp.get("/<site_key>/<locale>/")
def home(site_key, locale):
    """Show the categories and the most read articles."""
    reader = session.account_type()
    return render_template("helpcenter/home.html",
                           categories=article_reading.categories(g.site, locale, reader),
                           popular=article_reading.popular(g.site, locale, reader))


@bp.get("/<site_key>/<locale>/categories/<slug>")
def category(site_key, locale, slug):
    """List the articles of one category."""
    reader = session.account_type()
    found = article_reading.get_category(g.site, locale, slug, reader)
    return render_template("helpcenter/category.html", category=found,
                           articles=article_reading.in_category(g.site, locale, found, reader),
                           categories=article_reading.categories(g.site, locale, reader))


@bp.get("/<site_key>/<locale>/articles/<slug>")
def article(site_key, locale, slug):
    """Show one public article."""
    reader = session.account_type()
    found = article_reading.get_article(g.site, locale, slug, reader)
    visitor = session.current_visitor()
    article_reading.record_view(found, f"v:{visitor.id}" if visitor else "",
                                request.remote_addr or "")
    _record_click(found, visitor)
    return render_template("helpcenter/article.html", article=found,
                           translations=article_translations.listed(found, reader),
                           categories=article_reading.categories(g.site, locale, reader))


@bp.get("/<site_key>/<locale>/search")
def search(site_key, locale):
    """Show search results for the `q` parameter."""
    query = request.args.get("q", "")[:200]
    page = request.args.get("page", "1")
    page = int(page) if page.isdecimal() and len(page) <= 3 and 0 < int(page) <= 100 else 1
    reader = session.account_type()
    found = help_search.search(g.site, locale, query, page=page, account_type=reader,
                               community=g.site.community_enabled,
                               visitor=session.current_visitor())
    return render_template("helpcenter/search.html", query=query, found=found,
                           categories=article_reading.categories(g.site, locale, reader))


def _record_click(article, visitor):
    """Count the opening of a search result (`?from_search=<id>&rank=<n>`) for insights.

    Only the reader who searched is counted; any other link reads the same, without a word.
    """
    search_id, rank = request.args.get("from_search", ""), request.args.get("rank", "")
    if not (search_id.isdecimal() and len(search_id) <= 9 and rank.isdecimal() and len(rank) <= 3
            and 1 <= int(rank) <= 100):
        return
    search_insights.opened_from_results(g.site, int(search_id), visitor, article.id, int(rank))


@bp.app_context_processor
def _helpers():
    """Give templates the translated name of each kind of article and date formatting."""
    labels = {"article": _l("Guide"), "faq": _l("FAQ"), "video": _l("Video"),
              "download": _l("Download guide")}
    return {"kind_label": lambda kind: labels.get(kind, kind), "format_date": format_date,
            # The first-answer promise and its time, in the site's zone (labelled).
            "response_promise": lambda ticket: response_promise.sentence(ticket, g.locale),
            "site_moment": lambda site, when: response_promise.moment(site, when, g.locale)}


# Signed-in pages: sign-in and sign-out, my activity and requests, public comments, community.
from helpwidget.helpcenter import (  # noqa: E402,F401
    account,
    activity,
    comments,
    community,
    new_request,
    request_pages,
)

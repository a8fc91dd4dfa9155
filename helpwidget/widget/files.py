"""The loader script, the panel's built files and the panel strings per locale."""
import json

from flask import Response, abort, current_app, jsonify, render_template, request

from helpwidget import widget_strings
from helpwidget.web import compression
from helpwidget.widget import bp, build

LOADER = "widget.js"
# Hosts pick up a new loader within minutes; the ETag makes the re-check cheap.
LOADER_MAX_AGE = 300
STRINGS_MAX_AGE = 300
IMMUTABLE = "public, max-age=31536000, immutable"
# Rendered answers compressed per request: they hold no secret (see compression.compress_page).
COMPRESSED_PAGES = {"widget.panel", "widget.strings"}


@bp.errorhandler(build.MissingBuild)
def _missing_build(error):
    """Answer a missing build with 503 and what to do, never a crash."""
    current_app.logger.warning("widget build missing: %s in %s", error.name, build.dist_dir())
    if error.name.endswith(".js"):
        body = f"console.error({json.dumps(str(error.message))});\n"
        response = Response(body, status=503, content_type=compression.content_type(error.name))
    else:
        response = Response(render_template("widget/message.html", message=error.message),
                            status=503, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = "default-src 'none'"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Retry-After"] = "30"
    return response


@bp.after_request
def _compress_pages(response):
    """Compress the panel page and its strings, the largest rendered part of a first open."""
    if request.endpoint in COMPRESSED_PAGES:
        return compression.compress_page(response)
    return response


def _file_response(name, max_age=None, immutable=False):
    """Return the built file `name`, compressed as the client accepts, with caching and ETag."""
    response = compression.file_response(
        build.require(name), compression.content_type(name),
        IMMUTABLE if immutable else f"public, max-age={max_age}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Host pages on other origins load these (also under COEP, and with SRI if they want).
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response.make_conditional(request)


@bp.get("/widget.js")
def loader():
    """Serve the loader host pages embed with a script tag."""
    return _file_response(LOADER, max_age=LOADER_MAX_AGE)


@bp.get("/widget/assets/<name>")
def asset(name):
    """Serve a built panel file; a chunk, or a `v` equal to its content hash, is cached for good."""
    path = build.path_of(name)
    if path is None:
        if name in ("panel.js", "panel.css"):
            raise build.MissingBuild(name)
        abort(404)
    versioned = build.is_chunk(name) or request.args.get("v") == build.content_hash(path)
    return _file_response(name, max_age=0, immutable=versioned)


@bp.get("/widget/strings/<locale>.json")
def strings(locale):
    """Serve the panel strings of `locale` (the panel switches language with them)."""
    if locale not in current_app.config["LOCALES"]:
        abort(404)
    response = jsonify(widget_strings.render(locale))
    response.headers["Cache-Control"] = f"public, max-age={STRINGS_MAX_AGE}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response

"""The advisor console: its sign-in pages and the single-page app advisors work in."""
from helpwidget.web.compression import CompressedStaticBlueprint

# Its scripts and styles are sent brotli- or gzip-compressed, compressed once per file version.
bp = CompressedStaticBlueprint("console", __name__, url_prefix="/console",
                               template_folder="templates", static_folder="static",
                               static_url_path="/static")

from helpwidget.console import invitation, views  # noqa: E402,F401

"""The advisor console: its sign-in pages and the single-page app advisors work in."""
from flask import Blueprint

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
               static_folder="static", static_url_path="/static")

from helpwidget.console import views  # noqa: E402,F401

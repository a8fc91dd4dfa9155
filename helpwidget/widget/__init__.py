"""The embeddable widget as the help server serves it: loader, panel page, assets and strings."""
from flask import Blueprint

bp = Blueprint("widget", __name__)

from helpwidget.widget import files, panel  # noqa: E402,F401

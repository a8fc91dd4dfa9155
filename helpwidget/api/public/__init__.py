"""The API anyone may call: widget settings, chat hours, system status and this API's document.

Who calls: anyone; no view reads a token or a cookie, so there is nothing to forge: no CSRF
check.
"""
from flask import Blueprint

from helpwidget.auth import csrf

bp = csrf.exempt(Blueprint("public", __name__))

from helpwidget.api.public import chat, openapi, status, widget  # noqa: E402,F401

"""What the signed-in pages share: their frame, limits per session, files, field errors."""
from flask import current_app, g, render_template, request
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from helpwidget.auth.limits import limit_per_visitor_and_ip
from helpwidget.errors import AppError, NotFound, stringify
from helpwidget.helpcenter import bp
from helpwidget.helpcenter.session import COOKIE, account_type
from helpwidget.services import article_reading, attachment_downloads, attachments, identity
from helpwidget.services.timeutil import aware

# Forms that carry files: their requests may be as large as the files they may attach.
_UPLOAD_ENDPOINTS = ("helpcenter.new_request", "helpcenter.request_reply")


def _session_key():
    """Key a rate limit by the help center session, or the IP address without one."""
    raw = request.cookies.get(COOKIE)
    return "hc:" + identity.hash_token(raw) if raw else "anon:" + (request.remote_addr or "")


def limited(setting):
    """Limit a form's POSTs per help center session and, separately, per IP."""
    return limit_per_visitor_and_ip(setting, key_func=_session_key, methods=["POST"])


@bp.url_value_preprocessor
def _room_for_files(endpoint, values):
    """Let forms with files be as large as their attachments may be (before CSRF reads them)."""
    if endpoint in _UPLOAD_ENDPOINTS and request.method == "POST":
        config = current_app.config
        request.max_content_length = (config["ATTACHMENTS_PER_MESSAGE"]
                                      * config["ATTACHMENT_MAX_BYTES"] + 1024 * 1024)


@bp.app_template_filter("hc_when")
def _when(moment):
    """Format a stored moment as a short date and time (UTC)."""
    return format_datetime(aware(moment), "short") + " UTC" if moment else ""


def render(template, status=200, **context):
    """Render a signed-in page with the side list of categories."""
    return render_template(template, categories=article_reading.categories(
        g.site, g.locale, account_type()), **context), status


def field_messages(error_fields):
    """Return {field: [message]} from a schema's or a service's per-field errors."""
    flat = {}
    for name, value in stringify(error_fields or {}).items():
        if isinstance(value, dict):  # one list of messages per item (CC addresses)
            flat[name] = [m for item in value.values() for m in stringify(item)
                          if isinstance(m, str)]
            flat[name + "_rows"] = {int(k): v for k, v in value.items() if str(k).isdecimal()}
        else:
            flat[name] = value
    return flat


def store_files(visitor, kept):
    """Store the form's new files next to the kept ones; return (ids, {field: messages})."""
    files = [f for f in request.files.getlist("files") if f and f.filename]
    limit = current_app.config["ATTACHMENTS_PER_MESSAGE"]
    if len(kept) + len(files) > limit:
        return kept, {"attachments": [str(_l("Attach at most %(limit)s files to one message.",
                                             limit=limit))]}
    ids, problems = list(kept), []
    for file in files:
        try:
            ids.append(attachments.store(g.site, file, visitor=visitor).id)
        except AppError as error:
            problems.append(f"{attachments.display_name(file.filename)}: {error.message}")
    return ids, ({"attachments": problems} if problems else {})


def kept_files(visitor, ids):
    """Return the visitor's own uploads among `ids` (what a failed send already stored)."""
    found = []
    for attachment_id in list(dict.fromkeys(ids))[:current_app.config["ATTACHMENTS_PER_MESSAGE"]]:
        try:
            found.append(attachment_downloads.get_for_visitor(g.site, attachment_id, visitor))
        except NotFound:
            continue
    return [a for a in found if a.ticket_id is None and a.chat_message_id is None]

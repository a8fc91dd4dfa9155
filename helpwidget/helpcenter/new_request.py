"""Opening a request from the help center: the request types, then the form, or who to ask."""
import secrets

from flask import current_app, g, redirect, request, url_for
from marshmallow import ValidationError

from helpwidget.errors import AppError, Forbidden
from helpwidget.helpcenter import bp
from helpwidget.helpcenter.session import current_visitor, sign_in_required
from helpwidget.helpcenter.signed_in import (
    field_messages,
    kept_files,
    limited,
    render,
    store_files,
)
from helpwidget.schemas.diagnostics import from_form
from helpwidget.schemas.ticket import TicketInputSchema
from helpwidget.services import (
    business_hours,
    platforms,
    support_users,
    ticket_categories,
    tickets,
)
from helpwidget.services.widget_config import hours_text

_DIAGNOSTICS_MAX = 70000  # above the schema's own limit, which then says so


def _read_form():
    """Return the new request form as typed, with CC rows and kept uploads."""
    get = request.form.get
    form = {name: get(name, "") for name in ("category", "subcategory", "platform", "priority",
                                             "subject", "description", "email", "client_id")}
    form["client_id"] = form["client_id"][:64] or secrets.token_hex(16)
    form["cc"] = [c.strip() for c in request.form.getlist("cc") if c.strip()][:20]
    form["shared"] = get("shared") == "on"
    form["attach_diagnostics"] = get("attach_diagnostics") == "on"
    form["diagnostics"] = get("diagnostics", "")[:_DIAGNOSTICS_MAX]
    return form


def _payload(form, user, types, ids):
    """Return the input of the ticket schema from the form, as the widget would send it."""
    category = next((c for c in types if c["key"] == form["category"]), None)
    payload = {"site": g.site.key, "category": form["category"],
               "subcategory": form["subcategory"], "subject": form["subject"],
               "description": form["description"], "cc": form["cc"], "attachments": ids,
               "client_id": form["client_id"], "locale": g.locale}
    if g.site.platforms:
        payload["platform"] = form["platform"]
    if category and not category["emergency"] and form["priority"]:
        payload["priority"] = form["priority"]
    if user.account_id:
        payload["shared"] = form["shared"]
    if not user.email:
        payload["email"] = form["email"]
    if form["attach_diagnostics"]:  # only when ticked, whatever the hidden field holds
        payload["diagnostics"] = from_form(form["diagnostics"])
    return payload


def _form_page(types, form, errors=None, kept=(), status=200, failed=""):
    """Render the request form for the chosen card."""
    category = next((c for c in types if c["key"] == form["category"]), None)
    if category is None:
        return render("helpcenter/new_request.html", status, types=types, category=None,
                      form=form, errors=errors or {}, failed=failed)
    priority = form["priority"] or (category["priority"] if category["priority"] in (
        "low", "high") else "normal")
    return render("helpcenter/new_request.html", status, types=types, category=category,
                  form={**form, "priority": priority}, errors=errors or {}, kept=kept,
                  me=current_visitor().user, platforms=platforms.choices(g.site, g.locale),
                  failed=failed, max_files=current_app.config["ATTACHMENTS_PER_MESSAGE"],
                  max_bytes=current_app.config["ATTACHMENT_MAX_BYTES"])


def _refused(visitor, message=None, status=200):
    """Explain who may open requests here, and how else to get help: never a dead end."""
    contact = g.site.contact or {}
    return render("helpcenter/new_request_refused.html", status, message=message,
                  designated=support_users.designated_for(g.site, visitor.user),
                  phones=[p for p in contact.get("phones") or [] if isinstance(p, dict)
                          and p.get("number")],
                  email=contact.get("email") or "", hours=hours_text(g.site),
                  open_now=business_hours.is_open(g.site))


@bp.route("/<site_key>/<locale>/requests/new", methods=["GET", "POST"])
@limited("RATELIMIT_TICKETS")
@sign_in_required
def new_request(site_key, locale):
    """Open a request from the help center: the cards, then the form, then its page."""
    visitor = current_visitor()
    if not support_users.may_open(g.site, visitor):
        return _refused(visitor)
    types = ticket_categories.localized(g.site, locale)
    if request.method == "GET":
        form = {"category": request.args.get("category", "")[:64], "subcategory": "",
                "platform": "", "priority": "", "subject": "", "description": "", "email": "",
                "cc": [], "shared": False, "attach_diagnostics": False, "diagnostics": "",
                "client_id": secrets.token_hex(16)}
        return _form_page(types, form)
    form = _read_form()
    ids, errors = store_files(visitor, request.form.getlist("attachments"))
    kept = kept_files(visitor, ids)
    if errors:
        return _form_page(types, form, errors, kept, 422)
    try:
        data = TicketInputSchema().load(_payload(form, visitor.user, types, ids))
        ticket = tickets.create(g.site, visitor, data, locale, channel="helpcenter")
    except ValidationError as error:
        return _form_page(types, form, field_messages(error.messages), kept, 422)
    except Forbidden as error:
        if error.code == "support_user_required":
            return _refused(visitor, error.message, 403)
        return _form_page(types, form, {}, kept, 403, failed=str(error.message))
    except AppError as error:
        return _form_page(types, form, field_messages(error.fields), kept, error.status,
                          failed="" if error.fields else str(error.message))
    return redirect(url_for(".request", site_key=site_key, locale=locale,
                            number=ticket.number, sent=1), 303)

"""Received email for the site's team: the held emails, their raw bytes, another try."""
from flask import Response, g, request
from flask_babel import lazy_gettext as _l

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_advisor
from helpwidget.errors import Forbidden
from helpwidget.schemas.inbound_mail import (
    InboundEmailSchema,
    InboundMailListSchema,
    InboundMailQuerySchema,
)
from helpwidget.services import inbound_mail_admin


@bp.get("/advisor/inbound-mail")
@operation("A site's received email, newest first (the site's team): by default the emails "
           "that were not posted (dropped: a stranger, an auto-reply, a bad reply address...) "
           "or failed, each with why and the start of its text. Without a site, the mail that "
           "matched no site (the server's owner only, 403 for others).",
           query=InboundMailQuerySchema, response=InboundMailListSchema)
def inbound_mail_list():
    """List received email of a site (or of none, for the owner), a page at a time."""
    args = InboundMailQuerySchema().load(request.args)
    if args.get("site"):
        site = site_for_advisor(g.advisor, args["site"])
    elif g.advisor.is_owner:
        site = None
    else:
        raise Forbidden(_l("Only the server's owner can see mail that matched no site."),
                        code="owner_required")
    total, emails = inbound_mail_admin.listing(site, args["state"], args["page"],
                                               args["per_page"])
    return InboundMailListSchema().dump({"total": total, "page": args["page"],
                                         "per_page": args["per_page"], "emails": emails})


@bp.get("/advisor/inbound-mail/<id:email_id>/raw")
@operation("A received email exactly as it arrived, as an .eml download (its site's team; "
           "mail that matched no site, the server's owner only).", response=shapes.EML)
def inbound_mail_raw(email_id):
    """Download the email's raw bytes; no browser renders or sniffs them."""
    row = inbound_mail_admin.for_advisor(g.advisor, email_id)
    return Response(bytes(row.raw or b""), mimetype="message/rfc822", headers={
        "Content-Disposition": f'attachment; filename="email-{row.id}.eml"',
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
        "Cache-Control": "private, no-store"})


@bp.post("/advisor/inbound-mail/<id:email_id>/retry")
@operation("Run a dropped or failed email through the incoming mail rules again (its site's "
           "team; 409 for one already posted): the same rules, so a stranger's email stays "
           "dropped. Answers the email as it is now.", response=InboundEmailSchema)
def inbound_mail_retry(email_id):
    """Try a held email again and return it."""
    row = inbound_mail_admin.for_advisor(g.advisor, email_id)
    return InboundEmailSchema().dump(inbound_mail_admin.entry_of(inbound_mail_admin.retry(row)))

"""Saved replies of a site's team: every member reads them, the site's admins keep them."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_admin, site_for_advisor
from helpwidget.schemas.saved_reply import (
    SavedReplyInputSchema,
    SavedReplyQuerySchema,
    SavedReplySchema,
)
from helpwidget.services import saved_replies
from helpwidget.services.saved_replies import ONLY_ADMINS


@bp.get("/advisor/sites/<site_key>/saved-replies")
@operation("Saved replies of a site's team, in one language or all.",
           query=SavedReplyQuerySchema, response=shapes.OBJECT)
def saved_reply_list(site_key):
    """List the site's saved replies, in the language asked for or in all of them."""
    site = site_for_advisor(g.advisor, site_key)
    args = SavedReplyQuerySchema().load(request.args)
    found = saved_replies.list_replies(site, args.get("locale"))
    return {"saved_replies": SavedReplySchema(many=True).dump(found)}


@bp.post("/advisor/sites/<site_key>/saved-replies")
@operation("Add a saved reply (site admins).", body=SavedReplyInputSchema, status=201,
           response=SavedReplySchema)
def saved_reply_create(site_key):
    """Add a saved reply to the site (admins)."""
    advisor = g.advisor
    # Who may comes before what is sent: a plain advisor learns nothing of the rules.
    site = site_for_admin(advisor, site_key, ONLY_ADMINS)
    data = SavedReplyInputSchema().load(request.get_json(silent=True) or {})
    return SavedReplySchema().dump(saved_replies.create_reply(advisor, site, data)), 201


@bp.put("/advisor/sites/<site_key>/saved-replies/<id:reply_id>")
@operation("Rewrite a saved reply (site admins).", body=SavedReplyInputSchema,
           response=SavedReplySchema)
def saved_reply_update(site_key, reply_id):
    """Rewrite a saved reply (admins)."""
    advisor = g.advisor
    reply = saved_replies.get_reply(site_for_admin(advisor, site_key, ONLY_ADMINS), reply_id)
    data = SavedReplyInputSchema().load(request.get_json(silent=True) or {})
    return SavedReplySchema().dump(saved_replies.update_reply(advisor, reply, data))


@bp.delete("/advisor/sites/<site_key>/saved-replies/<id:reply_id>")
@operation("Remove a saved reply (site admins).", status=204)
def saved_reply_delete(site_key, reply_id):
    """Remove a saved reply (admins)."""
    advisor = g.advisor
    reply = saved_replies.get_reply(site_for_admin(advisor, site_key, ONLY_ADMINS), reply_id)
    saved_replies.delete_reply(advisor, reply)
    return "", 204

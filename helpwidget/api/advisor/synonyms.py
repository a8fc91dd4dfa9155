"""Search synonyms of a site, kept by its admins: groups of words searches treat as one."""
from flask import g, request
from flask_babel import lazy_gettext as _l

from helpwidget.api.advisor import bp
from helpwidget.api.advisor.bodies import load_body
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_admin
from helpwidget.schemas.synonyms import (
    SynonymCreateSchema,
    SynonymListSchema,
    SynonymQuerySchema,
    SynonymSchema,
    SynonymUpdateSchema,
)
from helpwidget.services import synonyms


def _who():
    """Return who acts and from where, for the audit trail."""
    return {"actor": g.advisor, "address": request.remote_addr or ""}


@bp.get("/advisor/sites/<site_key>/synonyms")
@operation("Search synonyms of a site, in one language or all (site admins).",
           query=SynonymQuerySchema, response=SynonymListSchema)
def synonym_list(site_key):
    """List the site's synonym groups."""
    site = site_for_admin(g.advisor, site_key)
    args = SynonymQuerySchema().load(request.args)
    return SynonymListSchema().dump({"synonyms": synonyms.listing(site, args.get("locale"))})


@bp.post("/advisor/sites/<site_key>/synonyms")
@operation("Add a group of synonyms to one of the site's languages (site admins).",
           body=SynonymCreateSchema, status=201, response=SynonymSchema)
def synonym_create(site_key):
    """Add a synonym group; searches use it from the next one on."""
    # Who may comes before what is sent: a plain advisor learns nothing of the rules.
    site = site_for_admin(g.advisor, site_key)
    data = load_body(SynonymCreateSchema(), request.get_json(silent=True),
                     _l("Check the synonym group."))
    row = synonyms.create(site, data["locale"], data["terms"], **_who())
    return SynonymSchema().dump(row), 201


@bp.put("/advisor/sites/<site_key>/synonyms/<id:synonym_id>")
@operation("Replace the words of a synonym group (site admins).", body=SynonymUpdateSchema,
           response=SynonymSchema)
def synonym_update(site_key, synonym_id):
    """Replace a group's words; its language stays."""
    site = site_for_admin(g.advisor, site_key)
    row = synonyms.get(site, synonym_id)
    data = load_body(SynonymUpdateSchema(), request.get_json(silent=True),
                     _l("Check the synonym group."))
    return SynonymSchema().dump(synonyms.update(site, row, data["terms"], **_who()))


@bp.delete("/advisor/sites/<site_key>/synonyms/<id:synonym_id>")
@operation("Remove a synonym group (site admins).", status=204)
def synonym_delete(site_key, synonym_id):
    """Remove a synonym group."""
    site = site_for_admin(g.advisor, site_key)
    synonyms.delete(site, synonyms.get(site, synonym_id), **_who())
    return "", 204

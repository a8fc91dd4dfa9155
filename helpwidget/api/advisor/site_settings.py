"""Site settings for admins: general, menu, contact, chat, requests, alerts, identity."""
from flask import g, request
from flask_babel import lazy_gettext as _l

from helpwidget.api.advisor import bp
from helpwidget.api.advisor.bodies import load_body
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_admin
from helpwidget.errors import Forbidden, NotFound
from helpwidget.schemas.site_settings import (
    GROUP_SCHEMAS,
    NewSiteAnswerSchema,
    NewSiteSchema,
    RotatedSecretSchema,
    RotateSecretSchema,
    SettingsDocumentSchema,
)
from helpwidget.services import site_settings

_document = SettingsDocumentSchema()


@bp.get("/advisor/sites/<site_key>/settings")
@operation("A site's settings, every group (site admins).", response=SettingsDocumentSchema)
def get_site_settings(site_key):
    """Return the whole settings document of a site."""
    site = site_for_admin(g.advisor, site_key)
    return _document.dump(site_settings.settings(site))


@bp.patch("/advisor/sites/<site_key>/settings/<group>")
@operation("Change some settings of one group; fields not sent keep their value (site admins).",
           response=SettingsDocumentSchema)
def update_site_settings(site_key, group):
    """Change the given fields of one group and return the whole document."""
    site = site_for_admin(g.advisor, site_key)
    schema = GROUP_SCHEMAS.get(group)
    if schema is None:
        raise NotFound(_l("There is nothing here."))
    values = load_body(schema(), request.get_json(silent=True))
    return _document.dump(site_settings.update(site, group, values, g.advisor,
                                               request.remote_addr))


@bp.post("/advisor/sites/<site_key>/identity-secret")
@operation("Rotate the site's identity secret; the old one works during the overlap (admins).",
           body=RotateSecretSchema, status=201, response=RotatedSecretSchema)
def rotate_site_identity_secret(site_key):
    """Give the site a new identity secret, shown once."""
    site = site_for_admin(g.advisor, site_key)
    args = load_body(RotateSecretSchema(), request.get_json(silent=True) or {})
    secret, state = site_settings.rotate_identity_secret(site, g.advisor, request.remote_addr,
                                                         args["overlap_hours"])
    return RotatedSecretSchema().dump({"secret": secret, **state}), 201


@bp.post("/advisor/sites")
@operation("Create a site (the server's owner only).", body=NewSiteSchema, status=201,
           response=NewSiteAnswerSchema)
def create_new_site():
    """Create a site; its identity secret is shown this once."""
    if not g.advisor.is_owner:
        raise Forbidden(_l("Only the server's owner can create sites."), code="owner_required")
    data = load_body(NewSiteSchema(), request.get_json(silent=True))
    site, secret, snippet = site_settings.create_site(
        g.advisor, request.remote_addr, data["key"], name=data["name"],
        default_locale=data["default_locale"], locales=data["locales"],
        origins=data["allowed_origins"])
    return NewSiteAnswerSchema().dump({"site": {"key": site.key, "name": site.name},
                                       "secret": secret, "embed_snippet": snippet}), 201

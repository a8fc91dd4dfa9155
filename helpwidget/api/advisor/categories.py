"""Help center categories for site admins: create, rename, reorder and delete."""
from flask import g, request

from helpwidget.api.advisor import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.advisor import site_for_admin
from helpwidget.schemas.categories import (
    CategoryAdminSchema,
    CategoryCreateSchema,
    CategoryDeleteQuerySchema,
    CategoryOrderSchema,
    CategoryQuerySchema,
    CategoryUpdateSchema,
)
from helpwidget.services import categories_admin

_many = CategoryAdminSchema(many=True)


def _who():
    """Return who acts and from where, for the audit trail."""
    return {"actor": g.advisor, "address": request.remote_addr or ""}


def _fields(category):
    """Return the dumped fields of a category row."""
    return {"id": category.id, "locale": category.locale, "slug": category.slug,
            "title": category.title, "description": category.description or "",
            "position": category.position}


@bp.get("/advisor/sites/<site_key>/categories")
@operation("Categories of a site with their article counts (site admins).",
           query=CategoryQuerySchema, response=shapes.OBJECT)
def admin_categories(site_key):
    """List the site's categories, of one language or all, in display order."""
    site = site_for_admin(g.advisor, site_key)
    args = CategoryQuerySchema().load(request.args)
    rows = categories_admin.listing(site, args.get("locale"))
    return {"categories": _many.dump([{**_fields(c), "article_count": n} for c, n in rows])}


@bp.post("/advisor/sites/<site_key>/categories")
@operation("Create a category at the end of its language's list.", body=CategoryCreateSchema,
           status=201, response=CategoryAdminSchema)
def admin_create_category(site_key):
    """Create a category; its address is made from its title."""
    site = site_for_admin(g.advisor, site_key)
    data = CategoryCreateSchema().load(request.get_json(silent=True) or {})
    category = categories_admin.create(site, data["locale"], data["title"],
                                       data["description"], **_who())
    return CategoryAdminSchema().dump({**_fields(category), "article_count": 0}), 201


@bp.patch("/advisor/sites/<site_key>/categories/<id:category_id>")
@operation("Rename a category or change its description or address.",
           body=CategoryUpdateSchema, response=CategoryAdminSchema)
def admin_update_category(site_key, category_id):
    """Change the fields sent; the address stays unless a new slug is sent."""
    site = site_for_admin(g.advisor, site_key)
    category = categories_admin.get(site, category_id)
    data = CategoryUpdateSchema().load(request.get_json(silent=True) or {})
    category = categories_admin.update(category, data, **_who())
    counts = {c.id: n for c, n in categories_admin.listing(site, category.locale)}
    return CategoryAdminSchema().dump({**_fields(category),
                                       "article_count": counts.get(category.id, 0)})


@bp.put("/advisor/sites/<site_key>/categories/order")
@operation("Put categories of one language in a new order.", body=CategoryOrderSchema,
           response=shapes.OBJECT)
def admin_order_categories(site_key):
    """Give the listed categories positions in this order; the others of their language follow."""
    site = site_for_admin(g.advisor, site_key)
    data = CategoryOrderSchema().load(request.get_json(silent=True) or {})
    order = categories_admin.reorder(site, data["ids"], **_who())
    counts = {c.id: n for c, n in categories_admin.listing(site, order[0].locale)}
    return {"categories": _many.dump([{**_fields(c), "article_count": counts.get(c.id, 0)}
                                      for c in order])}


@bp.delete("/advisor/sites/<site_key>/categories/<id:category_id>")
@operation("Delete a category, moving its articles to another one (move_to) or to none.",
           query=CategoryDeleteQuerySchema, response=shapes.OBJECT)
def admin_delete_category(site_key, category_id):
    """Delete a category; no article is deleted with it."""
    site = site_for_admin(g.advisor, site_key)
    category = categories_admin.get(site, category_id)
    args = CategoryDeleteQuerySchema().load(request.args)
    moved = categories_admin.delete(category, args.get("move_to"), **_who())
    return {"deleted": category_id, "moved": moved}

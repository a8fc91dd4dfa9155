"""GET /chat/availability: whether an advisor can chat now, before a widget connects."""
from flask import request

from helpwidget.api.public import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.visitor import load_site
from helpwidget.schemas.chat import AvailabilityQuerySchema
from helpwidget.services import presence


@bp.get("/chat/availability")
@operation("Whether an advisor can chat now, within support hours.",
           query=AvailabilityQuerySchema, response=shapes.OBJECT)
def chat_availability():
    """Say whether an advisor can chat now, within the site's support hours."""
    site = load_site(AvailabilityQuerySchema().load(request.args)["site"])
    state = presence.availability(site)
    opens = state["next_open"]
    return {**state, "next_open": opens.isoformat().replace("+00:00", "Z") if opens else None,
            "topics": site.chat_topics or []}

"""The widget configuration the help panel draws itself from (no sign-in needed)."""
from flask import request

from helpwidget.api.public import bp
from helpwidget.api.spec import shapes
from helpwidget.api.spec.operation import operation
from helpwidget.auth.visitor import load_site
from helpwidget.i18n import content_locale
from helpwidget.schemas.status import feed_url, summary
from helpwidget.schemas.widget import WidgetQuerySchema
from helpwidget.services import status
from helpwidget.services.widget_config import widget_config


@bp.get("/widget")
@operation("The widget's configuration: menu, trainings, remote support, contact hours, chat "
           "topics and system status.", query=WidgetQuerySchema, response=shapes.WIDGET)
def widget():
    """Return the site's menu, trainings, remote support, contact, chat and status settings."""
    args = WidgetQuerySchema().load(request.args)
    site = load_site(args["site"])
    locale = content_locale(site, args.get("locale"))
    loaded = status.current_state(site, locale)
    return widget_config(site, locale, summary(loaded, feed_url(site, locale)), now=loaded.now)

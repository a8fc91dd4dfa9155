"""The widget configuration the help panel draws itself from (no sign-in needed)."""
from flask import request

from helpwidget.api import bp
from helpwidget.api.auth import load_site
from helpwidget.i18n import content_locale
from helpwidget.schemas.widget import WidgetQuerySchema
from helpwidget.services.widget_config import widget_config
from helpwidget.status_feed import feed_url


@bp.get("/widget")
def widget():
    """Return the site's menu, trainings, remote support, contact, chat and status settings."""
    args = WidgetQuerySchema().load(request.args)
    site = load_site(args["site"])
    locale = content_locale(site, args.get("locale"))
    return widget_config(site, locale, feed_url(site, locale))

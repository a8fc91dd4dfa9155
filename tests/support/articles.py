"""Articles saved through the service, as an import or the editor would."""


def make_article(site, title, body="", **fields):
    """Save an article through the service, as an import or the editor would."""
    from helpwidget.services import articles
    item = {"title": title, "body": body, "locale": fields.pop("locale", site.default_locale)}
    item.update(fields)
    return articles.save_article(site, item)

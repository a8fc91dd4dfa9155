"""Ticket categories of a site: the five cards of the ticket guide unless the site sets its own."""
import functools
import os

import yaml

from helpwidget.models.ticket import PRIORITIES

_DEFAULTS = os.path.join(os.path.dirname(__file__), os.pardir, "data", "ticket_categories.yaml")


@functools.cache
def default_categories():
    """Return the default cards, read once from the packaged YAML file."""
    with open(_DEFAULTS, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def categories(site):
    """Return the site's categories, each a dict with key, priority, titles and subcategories."""
    return site.ticket_categories or default_categories()


def find(site, key):
    """Return the category `key` of the site, or None."""
    return next((c for c in categories(site) if c["key"] == key), None)


def find_subcategory(category, key):
    """Return the subcategory `key` of a category, or None."""
    return next((s for s in category.get("subcategories", []) if s["key"] == key), None)


def text(translations, locale, fallback_locale="en"):
    """Pick the text of `locale` from a {locale: text} dict, falling back sensibly."""
    if isinstance(translations, str):
        return translations
    translations = translations or {}
    return (translations.get(locale) or translations.get(fallback_locale)
            or next(iter(translations.values()), ""))


def title(site, category_key, subcategory_key, locale):
    """Return "Category › Subcategory" in `locale`, or the keys if the site dropped them."""
    category = find(site, category_key)
    if category is None:
        return category_key
    words = text(category["title"], locale, site.default_locale)
    sub = find_subcategory(category, subcategory_key) if subcategory_key else None
    return f"{words} › {text(sub['title'], locale, site.default_locale)}" if sub else words


def default_priority(category):
    """Return the priority a category gives its tickets."""
    priority = category.get("priority", "normal")
    return priority if priority in PRIORITIES else "normal"


def localized(site, locale):
    """Return the categories with titles, hints and descriptions in one language."""
    def pick(value):
        return text(value, locale, site.default_locale)
    return [{"key": c["key"], "icon": c.get("icon", ""), "title": pick(c["title"]),
             "hint": pick(c.get("hint", "")), "description": pick(c.get("description", "")),
             "priority": default_priority(c), "emergency": bool(c.get("emergency")),
             "subcategories": [{"key": s["key"], "title": pick(s["title"])}
                               for s in c.get("subcategories", [])]}
            for c in categories(site)]

"""Help panel strings: every module's STRINGS merged, rendered per locale through gettext."""
from flask_babel import force_locale

from helpwidget.widget_strings import chat, core, deflection, help, requests, tools

MODULES = (core, help, tools, requests, chat, deflection)


def all_strings():
    """Return every panel string (lazy) by key, in module order."""
    merged = {}
    for module in MODULES:
        merged.update(module.STRINGS)
    return merged


def duplicate_keys():
    """Return the keys more than one module defines (each must be unique across modules)."""
    seen, duplicates = set(), set()
    for module in MODULES:
        duplicates.update(seen & module.STRINGS.keys())
        seen.update(module.STRINGS)
    return sorted(duplicates)


def render(locale):
    """Return {key: text} with every panel string translated into `locale`."""
    with force_locale(locale):
        return {key: str(text) for key, text in all_strings().items()}

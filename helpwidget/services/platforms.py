"""A site's platforms (where a request happens): stable keys, labels per language."""


def _entries(site):
    """Yield (key, labels) for each platform; a plain string is its own key and label."""
    for entry in site.platforms or []:
        if isinstance(entry, str) and entry.strip():
            yield entry, {}
        elif isinstance(entry, dict) and str(entry.get("key") or "").strip():
            labels = entry.get("label")
            yield str(entry["key"]), labels if isinstance(labels, dict) else {}


def keys(site):
    """Return the keys a request may carry as its platform, in the site's order."""
    return [key for key, _labels in _entries(site)]


def _pick(site, key, labels, locale):
    """Return the label in `locale`, else in the site's language, else any, else the key."""
    return str(labels.get(locale) or labels.get(site.default_locale)
               or next(iter(labels.values()), None) or key)


def choices(site, locale):
    """Return [{key, label}] in `locale`, for forms."""
    return [{"key": key, "label": _pick(site, key, labels, locale)}
            for key, labels in _entries(site)]


def label(site, key, locale):
    """Return how a stored platform key reads in `locale` (a key no longer offered reads as is)."""
    for known, labels in _entries(site):
        if known == key:
            return _pick(site, key, labels, locale)
    return key


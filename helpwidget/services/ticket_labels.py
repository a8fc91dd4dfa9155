"""The words people see for ticket statuses and priorities, as the ticket screens name them."""
from flask_babel import lazy_gettext as _l

STATUS_LABELS = {
    "open": _l("Open"),
    "pending": _l("Pending"),
    "awaiting_reply": _l("Awaiting your reply"),
    "resolved": _l("Resolved"),
    "closed": _l("Closed"),
}

PRIORITY_LABELS = {
    "low": _l("Low"),
    "normal": _l("Normal"),
    "high": _l("High"),
    "urgent": _l("Urgent"),
}


def status_label(status):
    """Return the status in the current language."""
    return str(STATUS_LABELS.get(status, status))


def priority_label(priority):
    """Return the priority in the current language."""
    return str(PRIORITY_LABELS.get(priority, priority))

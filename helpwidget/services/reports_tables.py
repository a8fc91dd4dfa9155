"""The tables of a support report as rows, for its CSV downloads."""
from helpwidget.models.base import iso


def _series(report):
    return ["period", "tickets", "chats"], [
        [p["period"], p["tickets"], p["chats"]] for p in report["volume"]["series"]]


def _counted(section, column):
    def rows(report):
        return [column, "tickets"], [[r["key"], r["tickets"]] for r in report["volume"][section]]
    return rows


def _labels(report):
    # The last row, with an empty label (no label has an empty name), counts those with none.
    volume = report["volume"]
    return ["label", "tickets", "chats"], [
        *([r["key"], r["tickets"], r["chats"]] for r in volume["by_label"]),
        ["", volume["no_label"]["tickets"], volume["no_label"]["chats"]]]


def _heatmap(report):
    # ISO weekday numbers (Monday 1), hours 0-23, in the report's time zone.
    return ["weekday", "hour", "opened"], [
        [day + 1, hour, count] for day, hours in enumerate(report["volume"]["heatmap"])
        for hour, count in enumerate(hours)]


def _times(report):
    return ["measure", "count", "median_seconds", "p90_seconds"], [
        [name, s["count"], s["median_seconds"], s["p90_seconds"]]
        for name in ("first_response", "resolution") for s in [report["response"][name]]]


def _sla(report):
    return ["priority", "tickets", "met", "rate"], [
        [s["priority"], s["tickets"], s["met"], s["rate"]] for s in report["response"]["sla"]]


def _ratings(report):
    satisfaction = report["satisfaction"]
    return ["rating", "tickets", "chats"], [
        [value, satisfaction["tickets"]["distribution"][value],
         satisfaction["chats"]["distribution"][value]]
        for value in satisfaction["tickets"]["distribution"]]


def _comments(report):
    return ["kind", "ref", "rating", "comment", "at", "site"], [
        [c["kind"], c["ref"], c["rating"], c["comment"], iso(c["at"]) if c["at"] else "",
         c["site"]]
        for c in report["satisfaction"]["comments"]]


ADVISOR_COLUMNS = ["id", "name", "tickets", "chats", "first_response_median_seconds",
                   "resolution_median_seconds", "rating_average", "ratings"]
CHAT_COLUMNS = ["total", "answered", "missed", "transfers", "wait_median_seconds",
                "wait_p90_seconds"]


def _advisors(report):
    return ADVISOR_COLUMNS, [[a[c] for c in ADVISOR_COLUMNS] for a in report["advisors"]]


def _chats(report):
    return CHAT_COLUMNS, [[report["chats"][c] for c in CHAT_COLUMNS]]


TABLES = {"series": _series, "categories": _counted("by_category", "category"),
          "channels": _counted("by_channel", "channel"), "labels": _labels, "heatmap": _heatmap,
          "times": _times, "sla": _sla, "ratings": _ratings, "comments": _comments,
          "advisors": _advisors, "chats": _chats}


# The report section each table is made from: a CSV computes only that one.
SECTION_OF = {"series": "volume", "categories": "volume", "channels": "volume",
              "labels": "labels", "heatmap": "volume", "times": "response", "sla": "response",
              "ratings": "satisfaction", "comments": "satisfaction", "advisors": "advisors",
              "chats": "chats"}


def table(report, name):
    """Return (columns, rows) of one table of the report."""
    return TABLES[name](report)

"""One table of what the proof tests and benches measured: cases, leaks, faults, losses, speed.

Usage: python bench/report.py [--run] [--detail] [--database sqlite|postgresql]

Reads the proof tests' records (bench/out/proof/*.jsonl, written by `pytest --proof`) and the
benches' latest figures (bench/out/*.json, written by each bench script). --run first runs the
proof tests on SQLite and the quick benches, so the table is of this machine now. Prints the
table; it asserts nothing.
"""
import argparse
import json
import os
import subprocess
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench import results  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROOF = results.OUT / "proof"
QUICK_BENCHES = (
    ["bench/chat_send_cost.py", "--messages", "500"],
    ["bench/relevance.py"],
    ["bench/search_speed.py", "--locale", "en"],
    ["bench/ticket_throughput.py", "--tickets", "200"],
    ["bench/chat_load.py", "--conversations", "300", "--duration", "20"],
    ["bench/chat_load.py", "--idle", "5000", "--clients", "4"],
    ["bench/soak.py", "--minutes", "2"],
)
AREAS = ("fuzz", "xss", "uploads", "access", "faults", "scale")
LOSS_KEYS = ("lost", "duplicated")
# Figure names that count what a fault test sent through the fault.
SENT_WORDS = ("sent", "messages", "tickets", "saves", "searches", "comments")
SCALE_KEYS = ("processes", "lost", "duplicated", "chat_polling_messages",
              "chat_websocket_messages", "attachment_bytes_across", "client_addresses_probed")


def latest_records(database):
    """Return the latest record of each (area, name) on `database` (or any, if none), by area."""
    found = {}
    for area in AREAS:
        path = PROOF / f"{area}.jsonl"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            key = (area, record["name"])
            # A test on a database of its own (a PostgreSQL restart) counts in either table.
            if record.get("database", database) == database or (
                    key not in found or found[key].get("database") != database):
                found[key] = record
    by_area = {}
    for (area, _name), record in sorted(found.items()):
        by_area.setdefault(area, []).append(record)
    return by_area


def figures_of(record):
    """Return a record's own figures, without its bookkeeping keys."""
    return {k: v for k, v in record.items() if k not in ("area", "name", "database", "at")}


def number(value):
    """Format a figure for the table."""
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def sum_key(records, *keys):
    """Sum the first of `keys` each record has."""
    total = 0
    for record in records:
        total += next((record[k] for k in keys if k in record), 0)
    return total


def fuzz_rows(records):
    """Summarise fuzzing: operations and events tried, cases, failures."""
    rows = []
    for label, chosen in (("REST operations", [r for r in records
                                               if not r["name"].startswith("socket ")]),
                          ("Socket.IO events", [r for r in records
                                                if r["name"].startswith("socket ")])):
        if chosen:
            fewest = min(chosen, key=lambda r: r.get("cases", 0))
            cases, failures = sum_key(chosen, "cases"), sum_key(chosen, "failures")
            rows.append(("fuzz", f"{len(chosen)} {label}",
                         f"{number(cases)} cases (fewest {fewest.get('cases', 0)}: "
                         f"{fewest['name']}), {number(failures)} failures"))
    return rows


def loss_summary(record):
    """Describe a fault's outcome: survived, items lost and duplicated, and what was sent."""
    figures = figures_of(record)
    survived = figures.pop("survived", None)
    lost = sum(v for k, v in figures.items() if k.endswith("lost") and _countable(v))
    doubled = sum(v for k, v in figures.items() if k.endswith("duplicated") and _countable(v))
    sent = {k: v for k, v in figures.items()
            if _countable(v) and k.split("_")[-1] in SENT_WORDS and not k.startswith("failed")}
    text = "survived" if survived else ("NOT SURVIVED" if survived is False else "?")
    text += f"; {lost} lost, {doubled} duplicated"
    if sent:
        text += "; " + ", ".join(f"{k.replace('_', ' ')} {number(v)}"
                                 for k, v in sorted(sent.items()))
    return text


def _countable(value):
    """Tell whether a figure is a count (booleans are not)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def summed(records, keys):
    """Describe the sum of each of `keys` over records."""
    return ", ".join(f"{number(sum_key(records, key))} {key.replace('_', ' ')}" for key in keys)


def proof_rows(by_area):
    """Return table rows for every proof area."""
    rows = fuzz_rows(by_area.get("fuzz", []))
    xss = by_area.get("xss", [])
    if xss:
        rows.append(("xss", f"{len(xss)} surfaces (widget, console, help center)",
                     summed(xss, ("payloads", "executed", "missing_text"))))
    uploads = [r for r in by_area.get("uploads", []) if not r["name"].startswith("all ")]
    if uploads:
        rows.append(("uploads", f"{len(uploads)} kinds of hostile file",
                     summed(uploads, ("cases", "refused", "served_inert", "harmed"))))
    for record in by_area.get("access", []):
        rows.append(("access", record["name"],
                     summed([record], ("attempts", "leaks", "refusals_missed"))))
    for record in by_area.get("faults", []):
        rows.append(("faults", record["name"], loss_summary(record)))
    for record in by_area.get("scale", []):
        figures = figures_of(record)
        rows.append(("scale", record["name"], ", ".join(
            f"{k.replace('_', ' ')} {number(v)}" for k, v in sorted(figures.items())
            if k in SCALE_KEYS)))
    return rows


def detail_rows(by_area):
    """Return one row per record, every figure shown."""
    return [(area, record["name"], ", ".join(
        f"{k.replace('_', ' ')} {number(v)}" for k, v in sorted(figures_of(record).items())))
        for area in AREAS for record in by_area.get(area, [])]


def speed_rows():
    """Return table rows for the benches' latest figures."""
    rows = []
    for path in sorted(results.OUT.glob("*.json")):
        figures = json.loads(path.read_text())
        name = figures.pop("bench")
        at = datetime.fromtimestamp(figures.pop("at"), timezone.utc).strftime("%Y-%m-%d")
        if name == "soak":
            figures = soak_figures(figures)
        parts = []
        for key, value in sorted(figures.items()):
            if isinstance(value, dict):
                value = " ".join(f"{k} {number(v)}" for k, v in sorted(value.items()))
                parts.append(f"{key}: {value}")
            else:
                parts.append(f"{key} {number(value)}")
        rows.append(("speed", f"{name} ({at})", "; ".join(parts)))
    return rows


def soak_figures(figures):
    """Reduce the soak's per-kind figures to totals and the worst p99."""
    worst = max(figures.get("p99_ms", {"-": 0}).items(), key=lambda item: item[1])
    return {"minutes": figures.get("minutes"), "processes": figures.get("processes"),
            "database": figures.get("database"),
            "requests": sum(figures.get("requests", {}).values()),
            "errors": sum(figures.get("errors", {}).values()),
            "worst_p99_ms": f"{worst[1]} ({worst[0]})",
            "growth_mib_per_hour": figures.get("growth_mib_per_hour"),
            "lost": figures.get("lost"), "duplicated": figures.get("duplicated")}


def run_everything():
    """Run the proof tests on SQLite and the quick benches, printing as they go."""
    env = {k: v for k, v in os.environ.items() if k != "HELPWIDGET_TEST_DATABASE_URL"}
    subprocess.run([sys.executable, "-m", "pytest", "--proof", "-m", "proof", "-q"],
                   cwd=ROOT, env=env, check=False)
    for bench in QUICK_BENCHES:
        print("==", " ".join(bench), flush=True)
        subprocess.run([sys.executable, *bench], cwd=ROOT, check=False)


def print_table(rows):
    """Print rows as one aligned table."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(2)]
    print(f"{'area':<{widths[0]}}  {'what':<{widths[1]}}  result")
    print(f"{'-' * widths[0]}  {'-' * widths[1]}  {'-' * 6}")
    for area, what, result in rows:
        print(f"{area:<{widths[0]}}  {what:<{widths[1]}}  {result}")


def main():
    """Print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--run", action="store_true",
                        help="run the proof tests and the quick benches first")
    parser.add_argument("--database", default="sqlite", choices=("sqlite", "postgresql"),
                        help="which test database's proof records to show")
    parser.add_argument("--detail", action="store_true",
                        help="one row per endpoint, event, surface and file kind")
    args = parser.parse_args()
    if args.run:
        run_everything()
    by_area = latest_records(args.database)
    rows = (detail_rows(by_area) if args.detail else proof_rows(by_area)) + speed_rows()
    if not rows:
        print("nothing measured yet: run `pytest --proof` and the bench scripts, or --run")
        return
    leaks = sum_key(by_area.get("access", []), "leaks")
    failures = sum_key(by_area.get("fuzz", []), "failures")
    executed = sum_key(by_area.get("xss", []), "executed")
    survived = sum(1 for r in by_area.get("faults", []) if r.get("survived"))
    lost = sum(v for r in by_area.get("faults", []) for k, v in figures_of(r).items()
               if any(k.endswith(x) for x in LOSS_KEYS) and isinstance(v, (int, float)))
    rows.append(("total", "fuzz failures / leaks / XSS executed",
                 f"{failures} / {leaks} / {executed}"))
    rows.append(("total", "faults survived; items lost or duplicated",
                 f"{survived} of {len(by_area.get('faults', []))}; {lost}"))
    print_table(rows)


if __name__ == "__main__":
    main()

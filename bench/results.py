"""Where bench scripts keep their latest figures, for bench/report.py."""
import json
import os
import time
from pathlib import Path

OUT = Path(os.environ.get("HELPWIDGET_BENCH_OUT",
                          Path(__file__).resolve().parent / "out"))


def save(name, **figures):
    """Write a bench's figures to bench/out/<name>.json, replacing its previous run."""
    OUT.mkdir(parents=True, exist_ok=True)
    figures = {"bench": name, "at": time.time(), **figures}
    (OUT / f"{name}.json").write_text(json.dumps(figures, indent=1, sort_keys=True) + "\n")


def load(name):
    """Return a bench's latest figures, or None if it has not run here."""
    path = OUT / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None

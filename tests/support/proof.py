"""Figures the security, fault and load tests report, gathered by bench/report."""
import json
import os
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROOF_DIR = Path(os.environ.get("HELPWIDGET_PROOF_DIR", ROOT / "bench" / "out" / "proof"))


def database_kind():
    """Name the database this test run is on: sqlite or postgresql."""
    url = os.environ.get("HELPWIDGET_TEST_DATABASE_URL", "sqlite")
    return "postgresql" if url.startswith("postgresql") else "sqlite"


def record(area, name, **figures):
    """Keep one finding of `area` (fuzz, xss, uploads, access, faults, scale) for bench/report.

    `name` says what was tried (an endpoint, an event, a fault); `figures` are plain numbers
    or booleans such as cases=400, failures=0, leaks=0, lost=0, duplicated=0, survived=True.
    The latest record of each (area, name, database) is the one the report shows.
    Abuse of limits (tests/proof/test_mail_abuse.py, test_limits_abuse.py, test_socket_throttle.py)
    records under "access", named "mail: …", "limits: …" or "socket: …", with attempts, leaks
    (what reached someone it must not) and refusals_missed (what got past a bound).
    """
    PROOF_DIR.mkdir(parents=True, exist_ok=True)
    line = {"area": area, "name": name, "database": database_kind(), "at": time.time(),
            **figures}
    with open(PROOF_DIR / f"{area}.jsonl", "a", encoding="utf-8") as out:
        out.write(json.dumps(line, sort_keys=True) + "\n")

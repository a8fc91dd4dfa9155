"""Serving: which async mode a process gets, and databases that do not stall eventlet's hub."""
import json
import os
import subprocess
import sys

import pytest

from tests.support.live_servers import ROOT

# Runs in a process patched the way `gunicorn -k eventlet` patches its workers, then runs one
# statement from three green threads at once (with a scratch table when a second argument says so).
_GREEN_QUERIES = """
import eventlet
eventlet.monkey_patch()
import json, sys, time
import psycopg.waiting
import wsgi
from helpwidget.extensions import db, socketio

def query():
    with wsgi.app.app_context():
        db.session.execute(db.text(sys.argv[1]))
        db.session.commit()
        db.session.remove()

scratch = len(sys.argv) > 2
if scratch:
    with wsgi.app.app_context():
        db.session.execute(db.text("CREATE TABLE green_probe (x INTEGER)"))
        db.session.commit()
started = time.monotonic()
threads = [eventlet.spawn(query) for _ in range(3)]
for thread in threads:
    thread.wait()
seconds = time.monotonic() - started
rows = None
if scratch:
    with wsgi.app.app_context():
        rows = db.session.execute(db.text("SELECT count(*) FROM green_probe")).scalar()
print(json.dumps({"mode": socketio.async_mode, "wait": psycopg.waiting.wait.__name__,
                  "seconds": seconds, "rows": rows}))
"""


def _run(code, env, *args):
    """Run Python code in a fresh process from the project folder; return its JSON line."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("HELPWIDGET_")}
    done = subprocess.run([sys.executable, "-W", "ignore", "-c", code, *args], cwd=ROOT,
                          env={**base, **env}, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_processes_nobody_patched_run_threaded_whatever_the_setting(tmp_path):
    code = ("import json, wsgi; from helpwidget.extensions import socketio; "
            "print(json.dumps(socketio.async_mode))")
    env = {"HELPWIDGET_INSTANCE_PATH": str(tmp_path), "HELPWIDGET_SOCKETIO_ASYNC_MODE": "eventlet"}
    # `flask --app wsgi outbox run` and other commands: green threads would need the patch.
    assert _run(code, env) == "threading"
    patched = "import eventlet; eventlet.monkey_patch(); " + code
    assert _run(patched, {"HELPWIDGET_INSTANCE_PATH": str(tmp_path)}) == "eventlet"


def test_sqlite_works_under_eventlet(tmp_path):
    env = {"HELPWIDGET_INSTANCE_PATH": str(tmp_path),
           "HELPWIDGET_DATABASE_URL": "sqlite:///" + str(tmp_path / "green.sqlite")}
    result = _run(_GREEN_QUERIES, env, "INSERT INTO green_probe VALUES (1)", "scratch")
    assert result["mode"] == "eventlet" and result["rows"] == 3


def test_postgresql_queries_do_not_block_eventlet(tmp_path):
    url = os.environ.get("HELPWIDGET_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("runs on PostgreSQL (HELPWIDGET_TEST_DATABASE_URL)")
    env = {"HELPWIDGET_INSTANCE_PATH": str(tmp_path), "HELPWIDGET_DATABASE_URL": url}
    # A read that writes nothing: the shared test database is left as it is.
    result = _run(_GREEN_QUERIES, env, "SELECT pg_sleep(0.4)")
    assert result["mode"] == "eventlet" and result["wait"] == "wait_select"
    # Three 0.4 s queries overlap; a hub stalled by each would need 1.2 s.
    assert result["seconds"] < 0.9, result

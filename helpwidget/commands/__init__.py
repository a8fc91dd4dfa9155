"""The command line: every area's flask commands, and the `helpwidget` command that runs them.

An installed package has no wsgi.py: `helpwidget demo`, `helpwidget db upgrade`, `helpwidget
sites ...` run on the same app `flask --app wsgi` loads, and `helpwidget serve` is what a
checkout's `python wsgi.py` does.
"""
import os
import sys

import click
from flask.cli import FlaskGroup

from helpwidget.commands import (
    advisors,
    articles,
    demo,
    mail_in,
    outbox,
    schema_check,
    sites,
    status,
)

WSGI = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "wsgi.py")
# Each area registers its own commands, in the order `flask --help` lists them.
AREAS = (sites, articles, demo, advisors, outbox, mail_in, status)
# Runs helpwidget/wsgi.py as the main script in a fresh interpreter, which patches the standard
# library for eventlet before Flask is imported (this process imported Flask already).
SERVE = "import runpy, sys; runpy.run_path(sys.argv[1], run_name='__main__')"


def _load_app():
    """Return the app `flask --app wsgi` serves (threading mode: nothing patched this process)."""
    from helpwidget.wsgi import app  # here: importing helpwidget.wsgi builds the app

    return app


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on (HELPWIDGET_HOST, 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (HELPWIDGET_PORT, 5000).")
def serve(host, port):
    """Serve the app, its API and Socket.IO in production (eventlet), with the background worker.

    The same server as `python wsgi.py` in a checkout; HELPWIDGET_SOCKETIO_ASYNC_MODE chooses
    another async mode (gevent, threading).
    """
    env = dict(os.environ)
    if host is not None:
        env["HELPWIDGET_HOST"] = host
    if port is not None:
        env["HELPWIDGET_PORT"] = str(port)
    sys.stdout.flush()
    sys.stderr.flush()
    # -P: the current folder is not put first on the path (a stray helpwidget/ there is not used).
    os.execve(sys.executable, [sys.executable, "-P", "-c", SERVE, WSGI], env)


def cli():
    """Return the `helpwidget` command group."""
    group = FlaskGroup(name="helpwidget", create_app=_load_app, add_version_option=False,
                       help="helpwidget: the help widget server and its commands.")
    group.add_command(serve)
    return group


def main():
    """Run the `helpwidget` command (the console script of the package)."""
    cli().main(prog_name="helpwidget")


def init_app(app):
    """Register every area's commands on the app."""
    for area in AREAS:
        area.init_app(app)
    # Last: every command above checks the database schema before it runs.
    schema_check.init_app(app)

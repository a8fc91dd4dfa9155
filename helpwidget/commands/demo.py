"""Flask commands of the demo: `seed-demo`, and `demo` (seed if empty, then serve)."""
import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from helpwidget import demo, search
from helpwidget.background import worker
from helpwidget.background.serving import follow_address
from helpwidget.commands.articles import reindex


@click.command("seed-demo")
@with_appcontext
def seed_demo():
    """Create the demo sites and their help centers (safe to run again)."""
    for (key, locale), report in demo.seed().items():
        for path, reason in report.errors:
            click.echo(f"skipped {path}: {reason}", err=True)
        click.echo(f"{key}/{locale}: {len(report.imported)} articles")


@click.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def run_demo(host, port):
    """Upgrade the database, seed the demo on an empty one, and serve the app."""
    upgrade()
    if demo.is_empty():
        seed_demo.callback()
    elif search.get_index().doc_count() == 0:
        reindex.callback()
    app = current_app._get_current_object()
    app.config["DEMO_HOST"] = True
    follow_address(app, host, port)  # links in chats and emails point at this demo
    click.echo(f"help center: http://{host}:{port}/help/facturafacil/es/")
    click.echo(f"widget demo: http://{host}:{port}/demo  (Polish: /demo/ksiegowo)")
    # The demo sends its mail and closes resolved tickets from inside the server process.
    worker.start(current_app._get_current_object())
    for email, password in demo.ADVISOR_LOGINS:
        click.echo(f"advisor console: http://{host}:{port}/console  ({email} / {password})")
    # Werkzeug with threads (WebSocket through simple-websocket) is fine for a demo on loopback;
    # production serves with eventlet (python wsgi.py). app.run() and socketio.run() refuse to
    # serve from inside a `flask` command; run_simple is what they wrap.
    run_simple(host, port, current_app._get_current_object(), threaded=True)


def init_app(app):
    """Register the demo commands on the app."""
    app.cli.add_command(seed_demo)
    app.cli.add_command(run_demo)

"""Flask commands of the outbox: deliver now, run the sender, list and requeue messages."""
import click
from flask import current_app
from flask.cli import AppGroup

from helpwidget.background import outbox_sender, worker
from helpwidget.models.outbox import STATES
from helpwidget.services import outbox

outbox_cli = AppGroup("outbox", help="Deliver and inspect queued emails and webhooks.")


@outbox_cli.command("send")
def send():
    """Deliver the messages due now (one batch) and print what happened."""
    counts = outbox_sender.deliver_due()
    click.echo(f"sent {counts['sent']}, to retry {counts['retry']}, failed {counts['failed']}; "
               f"{outbox.pending_count()} pending")


@outbox_cli.command("run")
def run():
    """Deliver the outbox and run periodic jobs until Ctrl-C or SIGTERM (the sender process)."""
    click.echo(f"outbox sender running every {current_app.config['OUTBOX_INTERVAL']}s; "
               "Ctrl-C stops it")
    worker.run_forever(current_app._get_current_object())
    click.echo("stopped")


@outbox_cli.command("list")
@click.option("--state", type=click.Choice(STATES), default=None, help="Only this state.")
@click.option("--limit", default=20, show_default=True, help="Most rows to show.")
def list_messages(state, limit):
    """List the newest messages: id, kind, state, attempts, last error, destination."""
    for row in outbox.recent(state=state, limit=limit):
        error = " ".join((row.last_error or "").split())[:120] or "-"
        click.echo(f"{row.id}\t{row.kind}\t{row.state}\t{row.attempts}\t{error}\t"
                   f"{outbox.destination(row)}")


@outbox_cli.command("retry")
@click.argument("ids", nargs=-1, type=int, required=True)
def retry(ids):
    """Make failed messages pending again, after fixing what made them fail."""
    count = outbox.requeue(ids)
    click.echo(f"requeued {count} of {len(ids)} messages")


def init_app(app):
    """Register the outbox commands on the app."""
    app.cli.add_command(outbox_cli)

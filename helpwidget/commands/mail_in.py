"""Flask commands of incoming mail: the SMTP/LMTP listener and the IMAP mailbox poller."""
import time

import click
from flask import current_app
from flask.cli import AppGroup

from helpwidget.background import imap_poller, mail_listener, stop_signals

mail_in_cli = AppGroup("mail-in", help="Receive email: an SMTP or LMTP listener, or a mailbox.")


@mail_in_cli.command("smtp")
@click.option("--host", default=None, help="Address to listen on (MAIL_IN_HOST).")
@click.option("--port", type=int, default=None, help="Port to listen on (MAIL_IN_PORT).")
@click.option("--lmtp/--smtp", "lmtp", default=None,
              help="Speak LMTP instead of SMTP (MAIL_IN_LMTP).")
def smtp(host, port, lmtp):
    """Take email from a mail server over SMTP or LMTP until Ctrl-C or SIGTERM."""
    app = current_app._get_current_object()
    if not app.config["MAIL_REPLY_ADDRESS"]:
        click.echo("MAIL_REPLY_ADDRESS is not set: only sites' support addresses take mail",
                   err=True)
    listener = mail_listener.MailListener(app, host=host, port=port, lmtp=lmtp)
    listener.start()
    protocol = "LMTP" if listener.lmtp else "SMTP"
    click.echo(f"listening for {protocol} on {listener.host}:{listener.port}; Ctrl-C stops it")
    # Emails a previous run accepted but did not get to post.
    recovered = mail_listener.post_leftovers(app)
    if recovered:
        click.echo(f"posted {recovered} emails left from an earlier run")
    try:
        with stop_signals.until_signalled() as signalled:
            while not signalled.requested:  # the listener works on its own thread
                time.sleep(1)
    finally:
        listener.stop()
    click.echo("stopped")


@mail_in_cli.command("imap")
@click.option("--once", is_flag=True, help="Read the mailbox once and exit.")
def imap(once):
    """Poll the IMAP_FOLDER mailbox every IMAP_INTERVAL seconds (or once) for new email."""
    app = current_app._get_current_object()
    config = app.config
    if not config["IMAP_HOST"]:
        raise click.ClickException("IMAP_HOST is not set: no mailbox to read")
    if once:
        try:
            counts = imap_poller.poll_once(on_row=_print_row)
        except imap_poller.CONNECTION_ERRORS as error:
            raise click.ClickException(f"cannot read the mailbox: {error}") from error
        click.echo(f"stored {counts['stored']}, already stored {counts['duplicates']}, "
                   f"too large {counts['too_large']}, earlier ones posted {counts['recovered']}")
        return
    click.echo(f"reading {config['IMAP_FOLDER']} at {config['IMAP_HOST']} every "
               f"{config['IMAP_INTERVAL']}s; Ctrl-C stops it")
    imap_poller.run_forever(app, on_row=_print_row)
    click.echo("stopped")


def _print_row(row, created):
    """Print one email read from the mailbox: id, new or not, state, reason, sender, subject."""
    click.echo(f"{row.id}\t{'new' if created else 'again'}\t{row.state}\t{row.reason or '-'}"
               f"\t{row.sender}\t{row.subject}")


def init_app(app):
    """Register the incoming mail commands on the app."""
    app.cli.add_command(mail_in_cli)

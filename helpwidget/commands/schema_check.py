"""The database schema commands need: checked before they run, so none ends in a traceback."""
import click
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from flask.cli import ScriptInfo
from flask_migrate import upgrade
from sqlalchemy.exc import SQLAlchemyError

from helpwidget.extensions import db

UPGRADE = "flask --app wsgi db upgrade"
# Commands for a first try: they apply the migrations themselves instead of sending you off.
SELF_UPGRADING = {"demo", "seed-demo"}


def state():
    """Return ("ok"|"missing"|"outdated"|"unreachable", one line saying what to do)."""
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return "unreachable", f"cannot open the database ({db.engine.url!r}): {reason}"
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    if not current:
        return "missing", f"the database has no schema yet: run `{UPGRADE}` first"
    if current != heads:
        return "outdated", f"the database schema is out of date: run `{UPGRADE}` first"
    return "ok", ""


def ensure(name):
    """Stop with one line unless the schema is ready (first-try commands upgrade it)."""
    found, message = state()
    if found in ("missing", "outdated") and name in SELF_UPGRADING:
        click.echo("applying the database migrations first", err=True)
        upgrade()
    elif found != "ok":
        raise click.ClickException(message)


def guard(command):
    """Make `command` (or every command of a group) check the schema before it runs."""
    if isinstance(command, click.Group):
        # The leaves: a group runs before its subcommand reads --help, which needs no schema.
        for sub in command.commands.values():
            guard(sub)
        return command
    if getattr(command, "_schema_guarded", False):  # module-level commands serve every app
        return command
    if not getattr(command.callback, "__module__", "").startswith("helpwidget."):
        return command  # Flask's and the extensions' (db upgrade must run on an empty database)
    command._schema_guarded = True
    invoke = command.invoke

    def checked_invoke(ctx):
        app = ctx.ensure_object(ScriptInfo).load_app()
        with app.app_context():
            ensure(command.name)
        return invoke(ctx)

    command.invoke = checked_invoke
    return command


def init_app(app):
    """Guard every helpwidget command registered on the app so far."""
    for command in app.cli.commands.values():
        guard(command)

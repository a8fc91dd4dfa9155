"""Flask commands of the system status: `status show|set`, `status maintenance add|list|remove`."""
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
from flask.cli import AppGroup

from helpwidget.commands.common import fail, site_or_stop
from helpwidget.errors import AppError
from helpwidget.models.base import DAYS
from helpwidget.models.status import text_for
from helpwidget.schemas.status import summary
from helpwidget.services import status

status_cli = AppGroup("status", help="Show and set a site's system status and maintenance.")
maintenance_cli = AppGroup("maintenance", help="Plan, list and remove maintenance windows.")
status_cli.add_command(maintenance_cli)


def _moment(text, zone_name, option):
    """Parse "2026-12-04 22:00" (in `zone_name` unless it has an offset) into an aware datetime."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD HH:MM, e.g. 2026-12-04 22:00", param_hint=option)
    if moment.tzinfo is None:
        try:
            moment = moment.replace(tzinfo=ZoneInfo(zone_name))
        except (ZoneInfoNotFoundError, ValueError):
            raise click.BadParameter(f"unknown time zone '{zone_name}'",
                                     param_hint="--timezone")
    return moment


def _window_line(site, window):
    """Describe a window on one line."""
    title = text_for(site, window.title, site.default_locale)
    if window.kind == "weekly":
        when = (f"every {DAYS[window.weekday]} {window.local_start} for "
                f"{window.duration_minutes} min ({window.timezone})")
    else:
        when = f"{window.starts_at:%Y-%m-%d %H:%M} to {window.ends_at:%Y-%m-%d %H:%M} UTC"
    return f"{window.id}\t{window.kind}\t{when}\t{title}"


@status_cli.command("show")
@click.option("--site", "site_key", required=True)
def show(site_key):
    """Show the current status, the banner and the maintenance of the next two weeks."""
    site = site_or_stop(site_key)
    found = summary(status.current_state(site, site.default_locale), feed_url=None)
    click.echo(f"status: {found['status']} ({found['label']})"
               + (f" since {found['updated_at']}" if found["updated_at"] else ""))
    if found["message"]:
        click.echo(f"message: {found['message']}")
    if found["banner"]:
        click.echo(f"banner: {found['banner']['kind']}: {found['banner']['text']}")
    for item in found["maintenance"]:
        state = " (in progress)" if item["in_progress"] else ""
        click.echo(f"maintenance {item['id']}: {item['when']}{state}: {item['title']}")


@status_cli.command("set")
@click.option("--site", "site_key", required=True)
@click.option("--status", "state", required=True, type=click.Choice(status.STATUSES))
@click.option("--message", default="", help="What users read (empty: the status name).")
@click.option("--locale", default=None, help="Language of the message (default: the site's).")
def set_status(site_key, state, message, locale):
    """Set the site's status; users see it in the widget and the feed."""
    site = site_or_stop(site_key)
    try:
        status.set_status(site, state, message, locale, author="cli")
    except AppError as error:
        fail(error)
    click.echo(f"status of {site.key}: {state}")


@maintenance_cli.command("add")
@click.option("--site", "site_key", required=True)
@click.option("--title", required=True)
@click.option("--description", default="")
@click.option("--locale", default=None, help="Language of title and description.")
@click.option("--starts", default=None, help="One-off start, YYYY-MM-DD HH:MM.")
@click.option("--ends", default=None, help="One-off end, YYYY-MM-DD HH:MM.")
@click.option("--weekly", "weekday", type=click.Choice(DAYS), default=None,
              help="Repeat every week on this day.")
@click.option("--at", default=None, help="Weekly: local start time, HH:MM.")
@click.option("--minutes", type=int, default=None, help="Weekly: length in minutes.")
@click.option("--timezone", default="UTC", show_default=True,
              help="Time zone of the times given, e.g. America/Bogota.")
def add(site_key, title, description, locale, starts, ends, weekday, at, minutes, timezone):
    """Plan a maintenance window: --starts and --ends, or --weekly DAY --at HH:MM --minutes N."""
    site = site_or_stop(site_key)
    values = {"title": title, "description": description, "locale": locale,
              "timezone": timezone}
    if weekday:
        if starts or ends:
            raise click.UsageError("use --starts/--ends or --weekly, not both")
        values.update(weekday=weekday, at=at, minutes=minutes)
    else:
        if not (starts and ends):
            raise click.UsageError("give --starts and --ends, or --weekly with --at and --minutes")
        values.update(starts_at=_moment(starts, timezone, "--starts"),
                      ends_at=_moment(ends, timezone, "--ends"))
    try:
        window = status.add_window(site, values)
    except AppError as error:
        fail(error)
    click.echo(f"maintenance window {window.id} added to {site.key}")


@maintenance_cli.command("list")
@click.option("--site", "site_key", required=True)
def list_windows(site_key):
    """List the site's maintenance windows: id, kind, when, title."""
    site = site_or_stop(site_key)
    for window in status.windows(site):
        click.echo(_window_line(site, window))


@maintenance_cli.command("remove")
@click.argument("window_id", type=int)
@click.option("--site", "site_key", default=None, help="Check that the window is this site's.")
def remove(window_id, site_key):
    """Remove a maintenance window."""
    window = status.find_window(window_id)
    if window is None or (site_key is not None
                          and window.site_id != site_or_stop(site_key).id):
        raise click.ClickException(f"no maintenance window {window_id}"
                                   " (see `flask status maintenance list`)")
    status.remove_window(window)
    click.echo(f"maintenance window {window_id} removed")


def init_app(app):
    """Register the status commands on the app."""
    app.cli.add_command(status_cli)

"""Flask commands for advisors: create-advisor, `advisors list|disable|set-password|owner`."""
import click
from flask.cli import AppGroup, with_appcontext

from helpwidget.commands.common import fail
from helpwidget.errors import AppError
from helpwidget.services import advisors, sites

advisors_cli = AppGroup("advisors", help="List, disable and reset advisor accounts.")


def _advisor(email):
    """Return the advisor with this email or stop with a clear message."""
    advisor = advisors.get_by_email(email)
    if advisor is None:
        raise click.ClickException(f"no advisor with email '{email}' (see `flask advisors list`)")
    return advisor


@click.command("create-advisor")
@click.option("--email", required=True, help="Sign-in email (stored lower-case).")
@click.option("--name", required=True, help="Name requesters see on replies.")
@click.option("--site", "site_keys", multiple=True,
              help="Key of a site whose team the advisor joins (repeat for several).")
@click.option("--owner", is_flag=True,
              help="The server's owner: admin of every site, creates sites in the console.")
@click.option("--admin", is_flag=True, help="Make the advisor an admin of these sites.")
@click.option("--locale", default=None, help="Console language (default: DEFAULT_LOCALE).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for, hidden, when absent (command lines end up in shell history).")
@with_appcontext
def create_advisor(email, name, site_keys, admin, owner, locale, password):
    """Create an advisor account on the teams of the given sites (or the server's owner)."""
    if not site_keys and not owner:
        raise click.UsageError("give at least one --site, or --owner")
    try:
        teams = [sites.get_site(key) for key in site_keys]
    except AppError:
        raise click.ClickException("unknown site among "
                                   f"{', '.join(site_keys)} (see `flask sites list`)")
    try:
        advisor = advisors.create_advisor(email, name, password, locale=locale)
        for site in teams:
            advisors.add_membership(advisor, site, "admin" if admin else "advisor")
        if owner:
            advisors.set_owner(advisor, True)
    except AppError as error:
        fail(error)
    role = "admin" if admin else "advisor"
    what = f"{role} of {', '.join(s.key for s in teams)}" if teams else ""
    what = " and ".join(x for x in ("the server's owner" if owner else "", what) if x)
    click.echo(f"advisor {advisor.email} created: {what}")


@advisors_cli.command("list")
def list_advisors():
    """List the advisors with their state and teams."""
    for advisor in advisors.all_advisors():
        teams = ",".join(f"{site.key}:{role}" for site, role in advisors.sites_of(advisor))
        state = "active" if advisor.active else "disabled"
        click.echo(f"{advisor.email}\t{advisor.name}\t{state}\t{teams or '-'}")


@advisors_cli.command("disable")
@click.argument("email")
def disable_advisor(email):
    """Refuse an advisor's sign-ins and end their sessions at once."""
    advisor = _advisor(email)
    advisors.deactivate(advisor)
    click.echo(f"advisor {advisor.email} disabled; their sessions have ended")


@advisors_cli.command("set-password")
@click.argument("email")
@click.password_option(help="Asked for, hidden, when absent.")
def set_password(email, password):
    """Replace an advisor's password and end their sessions."""
    advisor = _advisor(email)
    try:
        advisors.set_password(advisor, password)
    except AppError as error:
        fail(error)
    click.echo(f"password of {advisor.email} changed; their sessions have ended")


@advisors_cli.command("owner")
@click.argument("email")
@click.option("--revoke", is_flag=True, help="Take the owner role away instead.")
def owner_role(email, revoke):
    """Make an advisor the server's owner (every site, creating sites), or take it away."""
    advisor = _advisor(email)
    advisors.set_owner(advisor, not revoke)
    state = "is no longer" if revoke else "is now"
    click.echo(f"advisor {advisor.email} {state} the server's owner")


def init_app(app):
    """Register the advisor commands on the app."""
    app.cli.add_command(create_advisor)
    app.cli.add_command(advisors_cli)

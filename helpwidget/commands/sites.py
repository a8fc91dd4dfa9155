"""Flask commands of the sites (host products): `sites create|update|list`."""
import click
from flask.cli import AppGroup

from helpwidget.commands.common import checked, site_or_stop
from helpwidget.extensions import db
from helpwidget.models import Article, Site
from helpwidget.services import sites

sites_cli = AppGroup("sites", help="Create, change and list the sites (host products) here.")


@sites_cli.command("create")
@click.argument("key")
@click.option("--name", required=True, help="Product name shown in the widget.")
@click.option("--locale", "default_locale", default="en", show_default=True)
@click.option("--locales", default="", help="Comma-separated help center languages.")
@click.option("--origin", "origins", multiple=True, help="Allowed host page origin (repeat).")
@click.option("--account-types", default="", help="Comma-separated account types for audiences.")
def create_site(key, name, default_locale, locales, origins, account_types):
    """Create a new site and print its identity secret (an existing key is refused)."""
    site = checked(sites.create_site, key, name=name, default_locale=default_locale,
                   locales=[x.strip() for x in locales.split(",") if x.strip()],
                   origins=origins,
                   account_types=[x.strip() for x in account_types.split(",") if x.strip()])
    click.echo(f"site {site.key}: identity secret {site.identity_secret}")


@sites_cli.command("update")
@click.argument("key")
@click.option("--name", default=None, help="New product name.")
@click.option("--locale", "default_locale", default=None, help="New default language.")
@click.option("--add-locale", multiple=True, help="Add a help center language (repeat).")
@click.option("--remove-locale", multiple=True, help="Remove a help center language (repeat).")
@click.option("--add-origin", multiple=True, help="Allow a host page origin (repeat).")
@click.option("--remove-origin", multiple=True, help="Stop allowing an origin (repeat).")
@click.option("--add-account-type", multiple=True, help="Add an account type (repeat).")
@click.option("--remove-account-type", multiple=True, help="Remove an account type (repeat).")
@click.option("--comment-moderation", type=click.Choice(sites.MODERATION_MODES), default=None,
              help="pre: users' comments and community posts show after approval; post: at once.")
@click.option("--open-registration/--closed-registration", default=None,
              help="Whether people with no request on the site may sign in to its help center.")
@click.option("--community/--no-community", default=None,
              help="Whether the help center has a community of questions and answers.")
def update_site(key, **given):
    """Change only the given settings of a site; every other setting stays as it is."""
    if not any(v is not None and v != () for v in given.values()):
        raise click.ClickException("nothing to change: give at least one option (see --help)")
    site = site_or_stop(key)
    changes = checked(sites.update_site, site, name=given["name"],
                      default_locale=given["default_locale"],
                      add_locales=given["add_locale"], remove_locales=given["remove_locale"],
                      add_origins=given["add_origin"], remove_origins=given["remove_origin"],
                      add_account_types=given["add_account_type"],
                      remove_account_types=given["remove_account_type"],
                      comment_moderation=given["comment_moderation"],
                      open_registration=given["open_registration"],
                      community_enabled=given["community"])
    if not changes:
        click.echo(f"site {key}: nothing changed")
    for field, value in changes.items():
        shown = ", ".join(value) if isinstance(value, list) else value
        click.echo(f"site {key}: {field} = {shown}")


@sites_cli.command("list")
def list_sites():
    """List the sites with their languages and article counts."""
    for site in db.session.execute(db.select(Site).order_by(Site.key)).scalars():
        count = db.session.execute(db.select(db.func.count(Article.id)).filter_by(
            site_id=site.id)).scalar()
        click.echo(f"{site.key}\t{site.name}\t{','.join(site.locales)}\t{count} articles")


def init_app(app):
    """Register the site commands on the app."""
    app.cli.add_command(sites_cli)

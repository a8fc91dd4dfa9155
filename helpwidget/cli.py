"""Flask commands: sites, articles import/export, reindex, demo content and the demo server."""
import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from helpwidget import advisor_cli, demo, outbox_cli, search, status_cli, worker
from helpwidget.errors import AppError
from helpwidget.extensions import db
from helpwidget.models import Article, Site
from helpwidget.services import feedback, importer, sites

sites_cli = AppGroup("sites", help="Create and list the sites (host products) served here.")
articles_cli = AppGroup("articles", help="Import, export and review help center articles.")


def _site(key):
    """Return the site `key` or stop with a clear message."""
    try:
        return sites.get_site(key)
    except AppError:
        raise click.ClickException(f"no site with key '{key}' (see `flask sites list`)")


@sites_cli.command("create")
@click.argument("key")
@click.option("--name", required=True, help="Product name shown in the widget.")
@click.option("--locale", "default_locale", default="en", show_default=True)
@click.option("--locales", default="", help="Comma-separated help center languages.")
@click.option("--origin", "origins", multiple=True, help="Allowed host page origin (repeat).")
@click.option("--account-types", default="", help="Comma-separated account types for audiences.")
def create_site(key, name, default_locale, locales, origins, account_types):
    """Create or update a site and print its identity secret."""
    site = sites.save_site(key, name=name, default_locale=default_locale,
                           locales=[x for x in locales.split(",") if x] or [default_locale],
                           allowed_origins=list(origins),
                           account_types=[x for x in account_types.split(",") if x])
    click.echo(f"site {site.key}: identity secret {site.identity_secret}")


@sites_cli.command("list")
def list_sites():
    """List the sites with their languages and article counts."""
    for site in db.session.execute(db.select(Site).order_by(Site.key)).scalars():
        count = db.session.execute(db.select(db.func.count(Article.id)).filter_by(
            site_id=site.id)).scalar()
        click.echo(f"{site.key}\t{site.name}\t{','.join(site.locales)}\t{count} articles")


@articles_cli.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--site", "site_key", required=True)
@click.option("--locale", default=None, help="Locale of files that do not name one.")
def import_articles(folder, site_key, locale):
    """Import Markdown files with front matter; re-importing updates in place."""
    report = importer.import_folder(_site(site_key), folder, locale)
    for path, reason in report.errors:
        click.echo(f"skipped {path}: {reason}", err=True)
    click.echo(f"imported {len(report.imported)} articles, {len(report.errors)} files skipped")
    if report.errors:
        raise SystemExit(1)


@articles_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--site", "site_key", required=True)
@click.option("--locale", default=None)
def export_articles(folder, site_key, locale):
    """Write the site's articles back as Markdown files with front matter."""
    count = importer.export_folder(_site(site_key), folder, locale)
    click.echo(f"exported {count} articles to {folder}")


@articles_cli.command("feedback")
@click.option("--site", "site_key", required=True)
def article_feedback(site_key):
    """Show the "was this helpful?" counts of a site's articles."""
    site = _site(site_key)
    counts = feedback.summary(site=site)
    rows = db.session.execute(db.select(Article).filter_by(site_id=site.id).where(
        Article.id.in_(counts))).scalars()
    for article in sorted(rows, key=lambda a: -counts[a.id]["not_helpful"]):
        c = counts[article.id]
        name = f"{article.locale}/{article.slug}"
        click.echo(f"{c['helpful']:>5} yes {c['not_helpful']:>5} no  {name}")


@click.command("reindex")
@with_appcontext
def reindex():
    """Rebuild the search index from the database."""
    query = db.select(Article).where(Article.published.is_(True))
    docs = (search.document_for(a) for a in db.session.execute(query).scalars())
    search.get_index().rebuild(docs)
    click.echo(f"indexed {search.get_index().doc_count()} articles")


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
    """Register the commands on the app."""
    for command in (sites_cli, articles_cli, reindex, seed_demo, run_demo):
        app.cli.add_command(command)
    advisor_cli.init_app(app)
    outbox_cli.init_app(app)
    status_cli.init_app(app)

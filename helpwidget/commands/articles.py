"""Flask commands of the help center's articles: `articles import|export|feedback`, `reindex`."""
import os

import click
from flask.cli import AppGroup, with_appcontext

from helpwidget import search
from helpwidget.commands.common import site_or_stop
from helpwidget.extensions import db
from helpwidget.models import Article
from helpwidget.schemas.article_files import load_article_file
from helpwidget.services import article_files, feedback, search_sync

# Past four, indexing processes wait on the main one that feeds them.
MAX_INDEX_PROCESSES = 4

articles_cli = AppGroup("articles", help="Import, export and review help center articles.")


@articles_cli.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--site", "site_key", required=True)
@click.option("--locale", default=None, help="Locale of files that do not name one.")
def import_articles(folder, site_key, locale):
    """Import Markdown files with front matter; re-importing updates in place."""
    # A command line process may fork: big imports are indexed by one process per core.
    search.get_index().processes = min(MAX_INDEX_PROCESSES, os.cpu_count() or 1)
    report = article_files.import_folder(site_or_stop(site_key), folder, locale,
                                         load=load_article_file)
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
    count = article_files.export_folder(site_or_stop(site_key), folder, locale)
    click.echo(f"exported {count} articles to {folder}")


@articles_cli.command("feedback")
@click.option("--site", "site_key", required=True)
def article_feedback(site_key):
    """Show the "was this helpful?" counts of a site's articles."""
    site = site_or_stop(site_key)
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
    """Rebuild this machine's search index from the database (a new or damaged index only)."""
    count = search_sync.rebuild()
    click.echo(f"indexed {count} articles and community questions")


def init_app(app):
    """Register the article commands on the app."""
    app.cli.add_command(articles_cli)
    app.cli.add_command(reindex)

"""A PostgreSQL database a bench run makes for itself and drops after: no one's data is reused."""
from sqlalchemy.engine import make_url


def create(url):
    """Create the database `url` names; fail if it exists."""
    _run(url, f'CREATE DATABASE "{make_url(url).database}"')


def drop(url):
    """Drop the database `url` names, closing its connections."""
    _run(url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def _run(url, sql):
    """Run a statement on the server's maintenance database."""
    import psycopg

    admin = make_url(url).set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(sql)

"""The configuration every test app shares, and the database work around each test."""
import contextvars
import os
import tempfile

from flask.testing import FlaskClient
from sqlalchemy import MetaData

# Keep a developer's instance/config.py out of the tests.
os.environ["HELPWIDGET_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="helpwidget-test-")

from helpwidget.extensions import db  # noqa: E402


def app_config(url, index_dir):
    """Return the configuration every test app shares."""
    return {"TESTING": True, "DATABASE_URL": url, "SEARCH_INDEX_DIR": str(index_dir),
            "SECRET_KEY": "test-secret", "RATELIMIT_STORAGE_URI": "memory://",
            # The sweep stands for other processes; in-process tests end sessions themselves
            # (test_widget_logout_cluster proves the sweep with two real processes).
            "WIDGET_SWEEP_SECONDS": 3600,
            # scrypt at 1/32 of its cost: the same code path, without 0.2 s per password.
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"}


def reset_database():
    """Drop every table of the test database, including Alembic's version table."""
    existing = MetaData()
    existing.reflect(bind=db.engine)
    existing.drop_all(bind=db.engine)


def empty_tables():
    """Delete every row the test wrote and close the app's connections."""
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    db.engine.dispose()


class IsolatedClient(FlaskClient):
    """A test client whose requests get their own app context, as in production."""

    def open(self, *args, **kwargs):
        # The test's own app context stays open for its database work; without this,
        # requests would share its `g` (site, cached locale) with each other.
        return contextvars.Context().run(super().open, *args, **kwargs)

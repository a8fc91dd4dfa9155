"""Fixtures of the app: a real database (SQLite, or PostgreSQL when asked), apps, clients, sites."""
import os
import threading

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from helpwidget import create_app
from helpwidget.extensions import db
from helpwidget.services import sites
from tests.support.apps import IsolatedClient, app_config, empty_tables, reset_database


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """Create the schema once through the migrations, on an emptied database."""
    url = os.environ.get("HELPWIDGET_TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite"))
    app = create_app(app_config(url, tmp_path_factory.mktemp("index")))
    with app.app_context():
        reset_database()
        upgrade()
    return url


@pytest.fixture
def app(database_url, tmp_path):
    """Return an app on the shared test database and a fresh search index."""
    app = create_app(app_config(database_url, tmp_path / "index"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        empty_tables()


@pytest.fixture
def make_app(database_url, tmp_path):
    """Return a factory of apps with the shared config plus overrides, on the `app` database.

    Each app shares the test's search index folder; its connections are closed after the test.
    """
    made = []

    def build(**overrides):
        """Return an app built with the shared test config and `overrides` on top."""
        built = create_app({**app_config(database_url, tmp_path / "index"), **overrides})
        built.test_client_class = IsolatedClient
        made.append(built)
        return built

    yield build
    for built in made:
        with built.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def client(app):
    """Return a test client of the app."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Return a CLI runner of the app."""
    return app.test_cli_runner()


@pytest.fixture
def site(app):
    """Return a site with Spanish and English help centers and three account types."""
    return sites.save_site("acme", name="Acme Facturas", default_locale="es",
                           locales=["es", "en", "pl"], allowed_origins=["https://app.acme.test"],
                           account_types=["accountant", "office_client", "partner"])


@pytest.fixture
def open_site(site):
    """The test site with its community of questions and answers on (post-moderation)."""
    site.community_enabled = True
    db.session.commit()
    return site


@pytest.fixture
def other_site(app):
    """Return a second site, to prove nothing leaks between sites."""
    return sites.save_site("globex", name="Globex", default_locale="en", locales=["en"])


@pytest.fixture
def live_server(app):
    """Serve the app over HTTP on a free loopback port for the browser; return its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)

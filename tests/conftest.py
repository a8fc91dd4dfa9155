"""Fixtures: an app on a real database (SQLite, or PostgreSQL when asked), clients, sites."""
import contextvars
import functools
import os
import tempfile
import time

import jwt
import pytest
import websocket
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import MetaData

# Keep a developer's instance/config.py out of the tests.
os.environ["HELPWIDGET_INSTANCE_PATH"] = tempfile.mkdtemp(prefix="helpwidget-test-")

from helpwidget import create_app  # noqa: E402
from helpwidget.extensions import db  # noqa: E402
from helpwidget.services import sites  # noqa: E402

# The in-process test server (Werkzeug's, threaded) never answers a WebSocket close frame, so
# websocket-client would wait out its 3 s close timeout at every disconnect of the Socket.IO
# client. The eventlet server users meet answers at once; no test depends on that wait.
websocket.WebSocket.close = functools.partialmethod(websocket.WebSocket.close, timeout=0.2)

# Fixtures of one area each: an SMTP server on loopback, advisors, tickets.
pytest_plugins = ["fixtures_mail", "fixtures_advisors", "fixtures_tickets", "fixtures_chat",
                  "fixtures_widget"]


def pytest_addoption(parser):
    """Add --proof: also run the long security, fault and load runs (marked `proof`)."""
    parser.addoption("--proof", action="store_true",
                     help="run the long proof runs too (tests/run does, once, on SQLite)")


@pytest.hookimpl(tryfirst=True)  # before -m reads the marks
def pytest_collection_modifyitems(config, items):
    """Mark the tests that drive Chromium `browser`; skip those marked `proof` unless --proof."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
    if config.getoption("--proof"):
        return
    skip = pytest.mark.skip(reason="long proof run: add --proof")
    for item in items:
        if "proof" in item.keywords:
            item.add_marker(skip)


def _test_config(url, index_dir):
    """Return the configuration every test app shares."""
    return {"TESTING": True, "DATABASE_URL": url, "SEARCH_INDEX_DIR": str(index_dir),
            "SECRET_KEY": "test-secret", "RATELIMIT_STORAGE_URI": "memory://",
            # The sweep stands for other processes; in-process tests end sessions themselves
            # (test_widget_logout_cluster proves the sweep with two real processes).
            "WIDGET_SWEEP_SECONDS": 3600,
            # scrypt at 1/32 of its cost: the same code path, without 0.2 s per password.
            "PASSWORD_HASH_METHOD": "scrypt:1024:8:1"}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """Create the schema once through the migrations, on an emptied database."""
    url = os.environ.get("HELPWIDGET_TEST_DATABASE_URL") or (
        "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite"))
    app = create_app(_test_config(url, tmp_path_factory.mktemp("index")))
    with app.app_context():
        reset_database()
        upgrade()
    return url


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


@pytest.fixture
def app(database_url, tmp_path):
    """Return an app on the shared test database and a fresh search index."""
    app = create_app(_test_config(database_url, tmp_path / "index"))
    app.test_client_class = IsolatedClient
    with app.app_context():
        yield app
        empty_tables()


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
def other_site(app):
    """Return a second site, to prove nothing leaks between sites."""
    return sites.save_site("globex", name="Globex", default_locale="en", locales=["en"])


def sign_identity(site, ttl=600, secret=None, **claims):
    """Sign an identity token as a host app's backend would."""
    now = int(time.time())
    payload = {"sub": "u-1", "name": "Ana Pérez", "email": "ana@example.com",
               "account_id": "acc-1", "account_name": "Pérez y Asociados",
               "account_type": "accountant", "support_user": True, "iat": now, "exp": now + ttl}
    payload.update(claims)
    return jwt.encode(payload, secret or site.identity_secret, algorithm="HS256")


def open_session(client, site, identity=None, token=None, **body):
    """Open a widget session through the API and return its JSON."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    payload = {"site": site.key, **body}
    if identity:
        payload["identity"] = identity
    response = client.post("/api/v1/session", json=payload, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def make_article(site, title, body="", **fields):
    """Save an article through the service, as an import or the editor would."""
    from helpwidget.services import articles
    item = {"title": title, "body": body, "locale": fields.pop("locale", site.default_locale)}
    item.update(fields)
    return articles.save_article(site, item)


@pytest.fixture
def live_server(app):
    """Serve the app over HTTP on a free loopback port for the browser; return its base URL."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    """Start Debian's headless Chromium through Playwright (skipped only outside CI if absent)."""
    chromium = os.environ.get("HELPWIDGET_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        if os.environ.get("CI"):
            pytest.fail(f"{chromium} is missing; .ci/run installs Debian's chromium")
        pytest.skip(f"no Chromium at {chromium}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """Return a fresh browser page that fails the test on any script error."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    # HTTP error statuses are logged by Chromium too; tests assert on those themselves.
    page.on("console", lambda msg: msg.type == "error" and not msg.text.startswith(
        "Failed to load resource") and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"

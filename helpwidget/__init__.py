"""helpwidget: a self-hosted in-app help widget server."""
import os

from flask import Flask, redirect, url_for


def create_app(config=None):
    """Build the app: defaults, then instance/config.py, then HELPWIDGET_* env, then `config`."""
    app = Flask(__name__, instance_relative_config=True,
                instance_path=os.environ.get("HELPWIDGET_INSTANCE_PATH") or None)
    from helpwidget.web.json_bodies import SafeJSONRequest

    app.request_class = SafeJSONRequest
    load_config(app, config)
    register_extensions(app)
    trust_proxies(app)
    register_blueprints(app)
    register_commands(app)
    register_jobs(app)
    refuse_default_secret(app)
    return app


def refuse_default_secret(app):
    """Refuse to serve in production mode with the default SECRET_KEY (web/production.py)."""
    from helpwidget.web import production

    production.check_at_start(app)
    production.guard(app)  # outermost, so Socket.IO's transports are refused too


def load_config(app, config):
    """Layer the configuration sources and derive the settings extensions read."""
    app.config.from_object("helpwidget.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env(prefix="HELPWIDGET")
    if config:
        app.config.update(config)
    os.makedirs(app.instance_path, exist_ok=True)
    url = app.config["DATABASE_URL"] or "sqlite:///" + os.path.join(
        app.instance_path, "helpwidget.sqlite")
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SEARCH_INDEX_DIR"] = app.config["SEARCH_INDEX_DIR"] or os.path.join(
        app.instance_path, "index")
    app.config["UPLOADS_DIR"] = app.config["UPLOADS_DIR"] or os.path.join(
        app.instance_path, "uploads")
    app.config["RATELIMIT_HEADERS_ENABLED"] = True
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = app.config["PUBLIC_URL"].startswith("https://")
    app.config["BABEL_DEFAULT_LOCALE"] = app.config["DEFAULT_LOCALE"]
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = os.path.join(
        os.path.dirname(__file__), "translations")


def register_extensions(app):
    """Bind the extension instances to this app."""
    from helpwidget import i18n, models  # noqa: F401  (models register their tables)
    from helpwidget.extensions import (
        babel,
        csrf,
        db,
        end_session,
        limiter,
        migrate,
        ping_when_idle,
        socketio,
    )
    from helpwidget.realtime import init_app as init_realtime
    from helpwidget.realtime.event_sessions import EventSessionInterface
    from helpwidget.realtime.origins import transport_checker
    from helpwidget.search import init_app as init_search

    db.init_app(app)
    with app.app_context():
        ping_when_idle(db.engine, app.config["DATABASE_PING_AFTER_IDLE"])
    app.teardown_appcontext(end_session)  # runs before Flask-SQLAlchemy's own, registered first
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"),
                     render_as_batch=True)
    babel.init_app(app, locale_selector=i18n.select_locale)
    limiter.init_app(app)
    csrf.init_app(app)
    app.session_interface = EventSessionInterface()
    socketio.init_app(app, async_mode=app.config["SOCKETIO_ASYNC_MODE"],
                      message_queue=app.config["MESSAGE_QUEUE"] or None,
                      channel=app.config["MESSAGE_QUEUE_CHANNEL"],
                      cors_allowed_origins=transport_checker(app))
    init_realtime(socketio)
    init_search(app)
    from helpwidget.services import post_mail  # noqa: F401  (mails the answered on post_changed)


def trust_proxies(app):
    """Read the client's address and scheme from the TRUSTED_PROXIES proxies in front."""
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Outside Socket.IO's middleware, so its transports see the same client address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def register_blueprints(app):
    """Mount the REST API, the public help center and the advisor console."""
    from helpwidget.api import bp as api_bp
    from helpwidget.console import bp as console_bp
    from helpwidget.demo.host import bp as demo_host_bp
    from helpwidget.helpcenter import bp as helpcenter_bp
    from helpwidget.helpcenter.status_feed import bp as status_feed_bp
    from helpwidget.widget import bp as widget_bp

    # Each of the API's blueprints declares its own CSRF rule (helpwidget/api/*/__init__.py).
    app.register_blueprint(api_bp)
    app.register_blueprint(helpcenter_bp)
    app.register_blueprint(console_bp)
    app.register_blueprint(widget_bp)
    app.register_blueprint(status_feed_bp)
    app.register_blueprint(demo_host_bp)
    app.add_url_rule("/", "root", lambda: redirect(url_for("helpcenter.index")))


def register_jobs(app):
    """Schedule the background chores; start the sender here when OUTBOX_WORKER is set."""
    from helpwidget.background import jobs

    jobs.init_app(app)


def register_commands(app):
    """Add the flask CLI commands."""
    from helpwidget.commands import init_app as init_cli

    init_cli(app)

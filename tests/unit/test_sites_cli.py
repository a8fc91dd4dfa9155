"""Site commands change only what they are told; without the schema, one line, no traceback."""
import re

import pytest
from flask_migrate import downgrade, upgrade

from helpwidget import create_app
from helpwidget.extensions import db
from helpwidget.models import Site
from helpwidget.services import articles, sites
from tests.support.apps import app_config
from tests.support.articles import make_article

CONTACT = {"email": "soporte@acme.test", "phones": [{"region": "CO", "number": "+57 601 555"}]}
MENU = [{"item": "search", "enabled": True}, {"item": "chat", "enabled": False}]


@pytest.fixture
def acme(app):
    """Return a site an operator has set up with care: every setting away from its default."""
    site = sites.save_site(
        "acme", name="Acme Facturas", default_locale="es", locales=["es", "en"],
        allowed_origins=["https://app.acme.test", "https://beta.acme.test"],
        identity_secret="kept-secret", brand_color="#123456", menu=MENU, contact=CONTACT,
        account_types=["accountant", "partner"], platforms=["Web", "Android"],
        ticket_categories=[{"key": "billing", "label": {"es": "Facturación"}}],
        sla_hours={"urgent": 1, "normal": 8}, alert_emails=["guardia@acme.test"],
        auto_close_days=3, support_users_only=True, chat_wait_minutes=9)
    articles.save_category(site, "es", "pagos", "Pagos")
    make_article(site, "Registrar pagos", slug="pagos", category="pagos")
    make_article(site, "Record payments", slug="payments", locale="en")
    return site


def settings(key="acme"):
    """Return every column of the site, read again from the database."""
    db.session.expire_all()
    site = db.session.execute(db.select(Site).filter_by(key=key)).scalar_one()
    return {column.name: getattr(site, column.name) for column in Site.__table__.columns}


def refused(result, message):
    """Assert a command stopped with exit code 1 and this one line, without a traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert result.output == f"Error: {message}\n"


def test_create_makes_a_site_with_checked_settings(runner, client):
    result = runner.invoke(args=["sites", "create", "globex", "--name", "Globex", "--locale",
                                 "es", "--locales", "en", "--origin", "HTTPS://App.Globex.test/",
                                 "--account-types", "admin, viewer"])
    assert result.exit_code == 0, result.output
    created = settings("globex")
    assert result.output == f"site globex: identity secret {created['identity_secret']}\n"
    assert (created["name"], created["default_locale"], created["locales"]) == (
        "Globex", "es", ["es", "en"])
    assert created["allowed_origins"] == ["https://app.globex.test"]
    assert created["account_types"] == ["admin", "viewer"]
    assert client.get("/help/globex/en/").status_code == 200


def test_create_on_an_existing_site_refuses_and_changes_nothing(runner, client, acme):
    before = settings()
    result = runner.invoke(args=["sites", "create", "acme", "--name", "Acme", "--origin",
                                 "https://other.test"])
    refused(result, "Site acme already exists: change it with `sites update acme`.")
    assert settings() == before
    assert client.get("/help/acme/es/").status_code == 200
    assert client.get("/help/acme/en/").status_code == 200


@pytest.mark.parametrize("args, message", [
    (["sites", "create", "Acme Co", "--name", "X"],
     "A site key is up to 64 lowercase letters, digits, - or _."),
    (["sites", "create", "new", "--name", "X", "--locale", "de"],
     "Unknown language de: choose one of en, es, pl."),
    (["sites", "create", "new", "--name", "X", "--origin", "https://app.test/login"],
     "https://app.test/login is not an origin: write scheme://host[:port], without a path."),
    (["sites", "create", "new", "--name", " "], "A site name is 1 to 200 characters."),
])
def test_create_refuses_nonsense(runner, args, message):
    refused(runner.invoke(args=args), message)
    assert db.session.execute(db.select(Site)).scalars().all() == []


@pytest.mark.parametrize("args, changed", [
    (["--name", "Acme Contabilidad"], {"name": "Acme Contabilidad"}),
    (["--add-origin", "https://NEW.acme.test:8443/"],
     {"allowed_origins": ["https://app.acme.test", "https://beta.acme.test",
                          "https://new.acme.test:8443"]}),
    (["--remove-origin", "https://beta.acme.test"],
     {"allowed_origins": ["https://app.acme.test"]}),
    (["--add-locale", "pl"], {"locales": ["es", "en", "pl"]}),
    (["--remove-locale", "en"], {"locales": ["es"]}),
    (["--locale", "en"], {"default_locale": "en"}),
    (["--locale", "pl"], {"default_locale": "pl", "locales": ["pl", "es", "en"]}),
    (["--locale", "en", "--remove-locale", "es"], {"default_locale": "en", "locales": ["en"]}),
    (["--add-account-type", "office_client", "--remove-account-type", "partner"],
     {"account_types": ["accountant", "office_client"]}),
    (["--add-origin", "https://app.acme.test"], {}),
    (["--community"], {"community_enabled": True}),
    (["--comment-moderation", "pre", "--open-registration"],
     {"comment_moderation": "pre", "open_registration": True}),
    (["--no-community", "--closed-registration", "--comment-moderation", "post"], {}),
])
def test_update_changes_only_what_it_is_given(runner, acme, args, changed):
    before = settings()
    result = runner.invoke(args=["sites", "update", "acme", *args])
    assert result.exit_code == 0, result.output
    assert settings() == {**before, **changed}
    if not changed:
        assert result.output == "site acme: nothing changed\n"


def test_an_added_origin_and_language_work_and_the_rest_keeps_working(runner, client, acme):
    result = runner.invoke(args=["sites", "update", "acme", "--add-origin",
                                 "https://new.acme.test", "--add-locale", "pl"])
    assert result.exit_code == 0, result.output
    assert client.get("/help/acme/pl/").status_code == 200
    assert client.get("/help/acme/es/articles/pagos").status_code == 200
    assert client.get("/help/acme/en/articles/payments").status_code == 200
    framed = client.get("/widget/panel?site=acme&origin=https://new.acme.test")
    assert "https://new.acme.test" in framed.headers.get("Content-Security-Policy", "")
    assert "https://beta.acme.test" in framed.headers.get("Content-Security-Policy", "")


@pytest.mark.parametrize("args, message", [
    ([], "nothing to change: give at least one option (see --help)"),
    (["--comment-moderation", "later"], None),
    (["--remove-locale", "es"], "es is the default language: choose another default first."),
    (["--locale", "en", "--remove-locale", "en"],
     "en is the default language: choose another default first."),
    (["--add-locale", "de"], "Unknown language de: choose one of en, es, pl."),
    (["--locale", "fr"], "Unknown language fr: choose one of en, es, pl."),
    (["--remove-locale", "pl"], "pl is not one of the site's languages."),
    (["--add-origin", "app.acme.test"],
     "app.acme.test is not an origin: write scheme://host[:port], without a path."),
    (["--add-origin", "ftp://files.acme.test"],
     "ftp://files.acme.test is not an origin: write scheme://host[:port], without a path."),
    (["--add-origin", "https://acme.test:99999"],
     "https://acme.test:99999 is not an origin: write scheme://host[:port], without a path."),
    (["--add-origin", "https://acme.test?x=1"],
     "https://acme.test?x=1 is not an origin: write scheme://host[:port], without a path."),
    (["--remove-origin", "https://gone.acme.test"],
     "https://gone.acme.test is not one of the site's allowed origins."),
    (["--remove-account-type", "robot"], "robot is not one of the site's account types."),
    (["--add-account-type", "a,b"], "An account type is 1 to 64 characters, without commas."),
    # One bad option refuses the whole command: the good ones are not applied either.
    (["--name", "Nuevo nombre", "--add-origin", "https://x.test/path"],
     "https://x.test/path is not an origin: write scheme://host[:port], without a path."),
])
def test_update_refuses_nonsense_and_changes_nothing(runner, acme, args, message):
    before = settings()
    result = runner.invoke(args=["sites", "update", "acme", *args])
    if message is None:  # refused by click's own choice check, with its usage line
        assert result.exit_code == 2 and "'later' is not one of 'pre', 'post'" in result.output
    else:
        refused(result, message)
    assert settings() == before


def test_switching_the_community_on_opens_it_in_the_help_center(runner, client, acme):
    assert client.get("/help/acme/es/community").status_code == 404
    result = runner.invoke(args=["sites", "update", "acme", "--community"])
    assert result.output == "site acme: community_enabled = True\n"
    assert client.get("/help/acme/es/community").status_code == 200


def test_update_of_an_unknown_site_says_so(runner, acme):
    refused(runner.invoke(args=["sites", "update", "nowhere", "--name", "X"]),
            "no site with key 'nowhere' (see `flask sites list`)")


# ---- commands on a database without its schema -------------------------------------------

SCHEMA_COMMANDS = [
    ["sites", "list"], ["sites", "create", "x", "--name", "X"],
    ["sites", "update", "x", "--name", "Y"], ["articles", "export", "{tmp}/out", "--site", "x"],
    ["articles", "import", "{tmp}", "--site", "x"], ["articles", "feedback", "--site", "x"],
    ["reindex"], ["advisors", "list"], ["outbox", "list"], ["outbox", "send"],
    ["status", "show", "--site", "x"], ["status", "set", "--site", "x", "--status", "major_outage"],
    ["status", "maintenance", "list", "--site", "x"], ["advisors", "disable", "a@b.test"],
    ["create-advisor", "--email", "a@b.test", "--name", "A", "--site", "x", "--password",
     "long enough password"],
]


@pytest.fixture
def fresh(tmp_path):
    """Return an app on a new, empty SQLite database (no tables at all)."""
    app = create_app(app_config(f"sqlite:///{tmp_path / 'fresh.sqlite'}", tmp_path / "index"))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize("args", SCHEMA_COMMANDS, ids=" ".join)
def test_commands_on_an_empty_database_say_which_command_to_run(fresh, tmp_path, args):
    result = fresh.test_cli_runner().invoke(args=[a.format(tmp=tmp_path) for a in args])
    refused(result, "the database has no schema yet: run `flask --app wsgi db upgrade` first")


def test_the_command_named_makes_the_others_work(fresh):
    runner = fresh.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    listed = runner.invoke(args=["sites", "list"])
    assert listed.exit_code == 0 and listed.output == "", listed.output


def test_an_old_schema_is_named_too(fresh):
    with fresh.app_context():
        upgrade()
        downgrade(revision="0005")
    result = fresh.test_cli_runner().invoke(args=["sites", "list"])
    refused(result, "the database schema is out of date: run `flask --app wsgi db upgrade` first")


def test_an_unreachable_database_is_one_line(tmp_path):
    app = create_app(app_config(f"sqlite:///{tmp_path / 'missing' / 'x.sqlite'}",
                                  tmp_path / "index"))
    result = app.test_cli_runner().invoke(args=["sites", "list"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.startswith("Error: cannot open the database (sqlite:///")
    assert result.output.endswith("unable to open database file\n")
    assert result.output.count("\n") == 1


def test_seed_demo_on_an_empty_database_applies_the_migrations(fresh):
    runner = fresh.test_cli_runner()
    seeded = runner.invoke(args=["seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    assert re.search(r"^facturafacil/es: [1-9][0-9]* articles$", seeded.output, re.M)
    listed = runner.invoke(args=["sites", "list"])
    assert listed.exit_code == 0, listed.output
    assert [line.split("\t")[0] for line in listed.output.splitlines()] == [
        "facturafacil", "ksiegowo"]


def test_every_helpwidget_command_checks_the_schema(app):
    def leaves(command, path):
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                yield from leaves(sub, [*path, name])
        else:
            yield path, command

    ours = [(" ".join(path), command) for path, command in leaves(app.cli, [])
            if command.callback.__module__.startswith("helpwidget.")]
    assert len(ours) >= 20
    assert [name for name, command in ours if not getattr(command, "_schema_guarded", False)
            ] == []
    # Those of Flask and its extensions are left alone: `db upgrade` builds the schema.
    assert not getattr(app.cli.commands["db"].commands["upgrade"], "_schema_guarded", False)

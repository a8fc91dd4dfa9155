"""Configuration: defaults, instance/config.py, then HELPWIDGET_* environment variables."""
import os

from helpwidget import create_app


def test_default_database_is_sqlite_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HELPWIDGET_INSTANCE_PATH", str(tmp_path))
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + os.path.join(
        str(tmp_path), "helpwidget.sqlite")
    assert app.config["SEARCH_INDEX_DIR"] == os.path.join(str(tmp_path), "index")


def test_instance_config_then_environment_override_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("HELPWIDGET_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text("CONTEXT_LIMIT = 7\nSEARCH_PAGE_SIZE = 20\n")
    monkeypatch.setenv("HELPWIDGET_SEARCH_PAGE_SIZE", "30")
    monkeypatch.setenv("HELPWIDGET_DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    app = create_app()
    assert app.config["CONTEXT_LIMIT"] == 7
    assert app.config["SEARCH_PAGE_SIZE"] == 30
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1/x"

"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from helpwidget import create_app
from helpwidget.extensions import db
from helpwidget.services import sites


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, db.metadata) == []


def test_upgrade_is_repeatable_and_keeps_data(app):
    sites.save_site("keep", name="Keep me")
    upgrade()
    db.session.expire_all()
    assert sites.get_site("keep").name == "Keep me"


def test_downgrade_and_upgrade_round_trip(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite'}",
                      "SEARCH_INDEX_DIR": str(tmp_path / "index")})
    with app.app_context():
        upgrade()
        assert "articles" in inspect(db.engine).get_table_names()
        downgrade(revision="base")
        assert "articles" not in inspect(db.engine).get_table_names()
        upgrade()
        sites.save_site("again", name="Again")
        assert sites.get_site("again").key == "again"
        db.engine.dispose()

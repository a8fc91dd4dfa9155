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


def _insert(conn, table, **values):
    """Insert a row into a reflected table, filling required columns the test does not name."""
    from datetime import datetime, timezone

    from sqlalchemy import JSON, Boolean, DateTime, Integer, String, Text

    now = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        kind = type(column.type)
        row[column.name] = (now if issubclass(kind, DateTime) else
                            False if issubclass(kind, Boolean) else
                            0 if issubclass(kind, Integer) else
                            [] if issubclass(kind, JSON) else
                            f"{column.name}-{table.name}"[:8]
                            if issubclass(kind, (String, Text)) else None)
    return conn.execute(table.insert().values(**row)).inserted_primary_key[0]


def test_upgrade_to_reports_fills_durations_and_keeps_rows(tmp_path):
    """Upgrading a database that holds tickets and chats keeps them and fills the new figures."""
    from datetime import datetime, timezone

    from sqlalchemy import MetaData, select

    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite'}",
                      "SEARCH_INDEX_DIR": str(tmp_path / "index")})
    created = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    with app.app_context():
        upgrade(revision="0010")
        old = MetaData()
        old.reflect(db.engine)
        with db.engine.begin() as conn:
            site = _insert(conn, old.tables["sites"], key="old", name="Old site")
            visitor = _insert(conn, old.tables["visitors"], site_id=site, token_hash="t" * 64)
            answered = _insert(conn, old.tables["tickets"], site_id=site, number=111111,
                               subject="Answered", created_at=created,
                               first_response_at=datetime(2026, 11, 2, 10, 30,
                                                          tzinfo=timezone.utc),
                               resolved_at=datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc))
            _insert(conn, old.tables["ticket_comments"], ticket_id=answered,
                    author_kind="requester", body="Still here")
            from_chat = _insert(conn, old.tables["tickets"], site_id=site, number=222222,
                                subject="From a chat", created_at=created)
            _insert(conn, old.tables["chats"], site_id=site, visitor_id=visitor,
                    created_at=created, claimed_at=datetime(2026, 11, 2, 9, 0, 45,
                                                            tzinfo=timezone.utc),
                    first_reply_at=datetime(2026, 11, 2, 9, 2, tzinfo=timezone.utc))
            _insert(conn, old.tables["chats"], site_id=site, visitor_id=visitor,
                    created_at=created, ticket_id=from_chat)
        upgrade()
        new = MetaData()
        new.reflect(db.engine)
        tickets, chats = new.tables["tickets"], new.tables["chats"]
        with db.engine.connect() as conn:
            rows = {row.number: row for row in conn.execute(select(tickets))}
            chat_rows = conn.execute(select(chats).order_by(chats.c.id)).all()
            site_name = conn.execute(select(new.tables["sites"].c.name)).scalar_one()
            comments = conn.execute(select(new.tables["ticket_comments"].c.body)).scalars().all()
        assert rows[111111].first_response_seconds == 5400
        assert rows[111111].resolution_seconds == 86400
        assert rows[111111].first_response_business_seconds is None
        assert rows[111111].subject == "Answered" and rows[111111].channel == "widget"
        assert rows[222222].channel == "chat" and rows[222222].first_response_seconds is None
        assert (chat_rows[0].wait_seconds, chat_rows[0].first_response_seconds) == (45, 120)
        assert chat_rows[1].wait_seconds is None and chat_rows[1].transfer_count == 0
        # Rebuilding the tickets table on SQLite must not cascade to the rows that refer to it.
        assert comments == ["Still here"] and chat_rows[1].ticket_id == from_chat
        assert site_name == "Old site"
        db.engine.dispose()

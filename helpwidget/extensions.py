"""Unbound extension instances, bound to the app in create_app."""
import sqlite3
import time

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    """Declarative base of every model."""

    # Named constraints let later migrations alter them, SQLite included.
    metadata = MetaData(naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    })


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
socketio = SocketIO()
# Checks the console's form posts; the REST API is exempt and checks cookie calls itself.
csrf = CSRFProtect()


def end_session(_error=None):
    """End the request's or event's session; a connection the database dropped is discarded.

    Closing rolls back, and on a connection the database server has closed (a restart) that
    raises; left alone, a request whose work was done would answer 500 after the fact.
    """
    try:
        db.session.remove()
    except SQLAlchemyError:
        db.session().invalidate()  # closes without talking to the server; the pool reconnects
        db.session.remove()


def ping_when_idle(engine, seconds):
    """Test a pooled connection before use only when it sat unused for more than `seconds`.

    A connection the database dropped within that moment fails its statement instead: that
    invalidates the whole pool, the event answers `busy` (a request 503) and the retry
    reconnects, as during a database restart.
    """
    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection, record):
        if record is not None:
            record.info["returned_at"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _taken(dbapi_connection, record, _proxy):
        returned = record.info.get("returned_at")
        if returned is None or time.monotonic() - returned <= seconds:
            return  # new, or used a moment ago
        try:
            engine.dialect.do_ping(dbapi_connection)
        except Exception as error:
            # The pool discards this connection and checks out another (a new one).
            raise DisconnectionError(str(error)) from error


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(connection, _record):
    """Make SQLite enforce foreign keys (cascades) like PostgreSQL, and wait out short locks.

    Write-ahead logging lets readers go on while one writer commits, and with synchronous=NORMAL
    a commit no longer waits for the disk (a power cut may lose the last commits, never corrupt).
    """
    if isinstance(connection, sqlite3.Connection):
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

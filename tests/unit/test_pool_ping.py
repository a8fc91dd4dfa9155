"""A pooled connection is tested before use only after sitting idle (extensions.ping_when_idle)."""
import time

import sqlalchemy as sa

from helpwidget.extensions import ping_when_idle


def _engine(tmp_path, pings, fail=False):
    """Return a SQLite engine whose pings are counted (and fail, if asked)."""
    engine = sa.create_engine("sqlite:///" + str(tmp_path / "pool.sqlite"))

    def do_ping(_dbapi_connection):
        pings.append(time.monotonic())
        if fail:
            raise RuntimeError("server closed the connection unexpectedly")
        return True

    engine.dialect.do_ping = do_ping
    ping_when_idle(engine, 0.2)
    return engine


def test_a_connection_used_a_moment_ago_is_not_pinged_and_an_idle_one_is(tmp_path):
    pings = []
    engine = _engine(tmp_path, pings)
    with engine.connect() as conn:  # a new connection: nothing to test
        conn.execute(sa.text("SELECT 1"))
    for _ in range(5):  # back to back, as a busy server's events check it out
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    assert pings == []
    time.sleep(0.3)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
    assert len(pings) == 1


def test_an_idle_connection_that_fails_its_ping_is_replaced(tmp_path):
    pings = []
    engine = _engine(tmp_path, pings, fail=True)
    with engine.connect() as conn:
        first = conn.connection.dbapi_connection
    time.sleep(0.3)
    with engine.connect() as conn:  # the caller never sees the failed ping
        assert conn.execute(sa.text("SELECT 1")).scalar() == 1
        assert conn.connection.dbapi_connection is not first
    assert len(pings) == 1

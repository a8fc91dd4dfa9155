"""Real server processes for tests: `python wsgi.py` under eventlet on loopback ports.

A Deployment is one database (SQLite in a temporary folder, or a PostgreSQL database of its own
next to HELPWIDGET_TEST_DATABASE_URL's, created and dropped here) and one Redis channel, shared
by every Server it starts, as several processes of one installation share them.
"""
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid

import socketio
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from helpwidget import create_app
from helpwidget.extensions import db
from helpwidget.services import advisors, identity, sites

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REDIS = ("127.0.0.1", 6379)


def flask_command(*args):
    """Return the command line of `flask --app wsgi ARGS` with this interpreter (cwd ROOT)."""
    return [sys.executable, "-m", "flask", "--app", "wsgi", *args]


def free_port():
    """Return a TCP port free on loopback now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require(condition, reason):
    """Skip the test when a service it needs is missing, but fail in CI where it must be."""
    if not condition:
        # Imported here: bench/chat_load.py starts its servers with this module, without pytest.
        import pytest

        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


def redis_url():
    """Return a URL of the local Redis on a database nobody uses (skip/fail if Redis is down)."""
    import redis

    try:
        for number in range(15, 0, -1):
            client = redis.Redis(*REDIS, db=number, socket_timeout=2)
            if client.dbsize() == 0:
                return f"redis://{REDIS[0]}:{REDIS[1]}/{number}"
        return f"redis://{REDIS[0]}:{REDIS[1]}/15"
    except redis.exceptions.ConnectionError:
        require(False, "Redis is not running on 127.0.0.1:6379")


class Deployment:
    """A database and a message queue channel that several server processes share."""

    def __init__(self, tmp_path, name="hw_cluster", message_queue=True, database=None):
        """`message_queue` may be a Redis URL of its own; `database` a URL to use as it is."""
        self.folder = tmp_path
        self.channel = f"helpwidget-test-{uuid.uuid4().hex}"
        if isinstance(message_queue, str):
            self.queue = message_queue
        else:
            self.queue = redis_url() if message_queue else ""
        shared = os.environ.get("HELPWIDGET_TEST_DATABASE_URL")
        self._pg_admin = None
        if database:
            self.database = database
        elif shared and shared.startswith("postgresql"):
            # A database of its own: the servers' connections never touch the shared one.
            url = make_url(shared)
            self._db_name = f"{name}_{os.getpid()}"
            self._pg_admin = url.set(drivername="postgresql", database="postgres")
            self._admin(f'DROP DATABASE IF EXISTS "{self._db_name}" WITH (FORCE)')
            self._admin(f'CREATE DATABASE "{self._db_name}"')
            self.database = url.set(database=self._db_name).render_as_string(
                hide_password=False)
        else:
            self.database = "sqlite:///" + str(tmp_path / "helpwidget.sqlite")
        self.app = create_app(self.config())
        with self.app.app_context():
            upgrade()

    def _admin(self, sql):
        """Run a statement on the PostgreSQL server's maintenance database."""
        import psycopg

        dsn = self._pg_admin.render_as_string(hide_password=False)
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(sql)

    def config(self):
        """Return the settings of this deployment's app in the test process (no queue)."""
        return {"TESTING": True, "DATABASE_URL": self.database, "SECRET_KEY": "test-secret",
                "SEARCH_INDEX_DIR": str(self.folder / "index-seed"),
                "RATELIMIT_STORAGE_URI": "memory://"}

    def env(self, port, **extra):
        """Return the environment of a server process on `port`."""
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("HELPWIDGET_")}
        env.update({"HELPWIDGET_INSTANCE_PATH": str(self.folder / "instance"),
                    "HELPWIDGET_DATABASE_URL": self.database,
                    "HELPWIDGET_SECRET_KEY": "test-secret",
                    "HELPWIDGET_HOST": "127.0.0.1", "HELPWIDGET_PORT": str(port),
                    "HELPWIDGET_SOCKETIO_ASYNC_MODE": "eventlet",
                    "HELPWIDGET_MESSAGE_QUEUE": self.queue,
                    "HELPWIDGET_MESSAGE_QUEUE_CHANNEL": self.channel,
                    "HELPWIDGET_RATELIMIT_CHAT_MESSAGES": "10000 per minute",
                    "PYTHONWARNINGS": "ignore"})
        env.update(extra)
        return env

    def server(self, **extra):
        """Start a server process of this deployment on a free port; return it when it answers."""
        server = Server(self, free_port(), extra)
        server.start()
        return server

    def servers(self, count, **extra):
        """Start `count` server processes at once; return them when they all answer."""
        started = []
        threads = [threading.Thread(target=lambda: started.append(self.server(**extra)))
                   for _ in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if len(started) < count:
            for server in started:
                server.stop()
            raise AssertionError("a server process did not start")
        return started

    def populate(self, visitors=1, role="advisor"):
        """Add site acme, Marta Gómez as its `role`, her console token and visitors' tokens."""
        with self.app.app_context():
            site = sites.save_site("acme", name="Acme", default_locale="en", locales=["en"])
            marta = advisors.create_advisor("marta@support.example.com", "Marta Gómez",
                                            "correct horse battery")
            advisors.add_membership(marta, site, role)
            self.advisor_token = advisors.issue_token(marta)
            self.visitor_tokens = [identity.open_session(site)[1] for _ in range(visitors)]
            self.visitor_token = self.visitor_tokens[0]
            db.session.remove()
        return self

    def close(self):
        """Release the database (a PostgreSQL one is dropped)."""
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()
        if self._pg_admin is not None:
            self._admin(f'DROP DATABASE IF EXISTS "{self._db_name}" WITH (FORCE)')


class Server:
    """One `python wsgi.py` process; it can be killed and started again on the same port."""

    def __init__(self, deployment, port, extra):
        self.deployment = deployment
        self.port = port
        self.extra = extra
        self.url = f"http://127.0.0.1:{port}"
        self.process = None
        self.log = deployment.folder / f"server-{port}.log"

    def start(self, timeout=30):
        """Start the process and wait until it accepts connections."""
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "wsgi.py"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                env=self.deployment.env(self.port, **self.extra))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.output()}")

    def kill(self):
        """End the process at once, as a crash would (SIGKILL: no cleanup runs)."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        """End the process if it runs."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self):
        """Return the end of the process's log."""
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


class Peer:
    """A real python-socketio client over WebSocket that records the events it hears.

    With `reconnect` it reconnects by itself after losing the server, as the widget does.
    `transports` may be ("polling",) for long-polling; `options` go to socketio.Client.
    """

    EVENTS = ("chat:message", "chat:typing", "chat:read", "chat:status", "chat:queued")

    def __init__(self, url, namespace, auth, reconnect=False, transports=("websocket",),
                 **options):
        self.namespace = namespace
        self.events = queue.Queue()
        self.messages = []  # every chat:message heard, in arrival order
        self.connects = threading.Semaphore(0)
        self.client = socketio.Client(reconnection=reconnect, reconnection_delay=0.2,
                                      reconnection_delay_max=1, randomization_factor=0,
                                      **options)
        for name in self.EVENTS:
            self.client.on(name, lambda data, name=name: self._heard(name, data),
                           namespace=namespace)
        self.client.on("connect", self.connects.release, namespace=namespace)
        self.client.connect(url, namespaces=[namespace], auth=auth, transports=list(transports),
                            wait_timeout=10)
        assert self.connects.acquire(timeout=10)

    def _heard(self, name, data):
        """Record an event."""
        if name == "chat:message":
            self.messages.append(data)
        self.events.put((name, data))

    def call(self, event, data=None, timeout=10):
        """Emit an event and return its ack."""
        return self.client.call(event, data if data is not None else {},
                                namespace=self.namespace, timeout=timeout)

    def ok(self, event, data=None):
        """Emit an event, check that it succeeded, and return its ack."""
        reply = self.call(event, data)
        assert reply["ok"], reply
        return reply

    def wait(self, name, timeout=10, where=None):
        """Return the data of the next `name` event (matching `where`), skipping others."""
        deadline = time.monotonic() + timeout
        while True:
            event, data = self.events.get(timeout=max(0.01, deadline - time.monotonic()))
            if event == name and (where is None or where(data)):
                return data

    def reconnected(self, timeout=30):
        """Wait until the client has connected again after losing the server."""
        return self.connects.acquire(timeout=timeout)

    def close(self):
        """Disconnect."""
        try:
            self.client.disconnect()
        except Exception:  # the server may be gone already
            pass


class Peers:
    """The Socket.IO clients a test opens, disconnected together by close()."""

    def __init__(self, **defaults):
        self.defaults = defaults  # Peer options for every client, e.g. reconnect=True
        self.opened = []

    def __call__(self, server, namespace, auth, **options):
        """Connect a Peer to `server` and keep it."""
        client = Peer(server.url, namespace, auth, **{**self.defaults, **options})
        self.opened.append(client)
        return client

    def close(self):
        """Disconnect every client opened."""
        for client in self.opened:
            client.close()


class PrivateRedis:
    """A redis-server of the test's own on a free loopback port, to stop and start at will."""

    def __init__(self, folder):
        require(shutil.which("redis-server"), "redis-server is not installed")
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self, timeout=10):
        """Start the server (again, on the same port) and wait until it answers."""
        import redis

        with open(self.folder / f"redis-{self.port}.log", "ab") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
                stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_timeout=1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                client.ping()
                return self
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("the private Redis did not start")

    def stop(self):
        """Stop the server if it runs (its data goes with it: nothing is saved)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class PrivatePostgres:
    """A PostgreSQL cluster of the test's own: a temporary folder, a free port, trust auth.

    Its files belong to the `postgres` OS user, as PostgreSQL requires; commands run as that user.
    """

    BIN = os.environ.get("HELPWIDGET_PG_BIN", "/usr/lib/postgresql/15/bin")

    def __init__(self):
        import pwd

        require(os.path.exists(os.path.join(self.BIN, "initdb")), f"no initdb in {self.BIN}")
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            owner = None
        require(owner is not None and os.geteuid() in (0, owner.pw_uid),
                "a private PostgreSQL needs root or the postgres OS user")
        self._as_owner = [] if os.geteuid() == owner.pw_uid else ["runuser", "-u", "postgres",
                                                                  "--"]
        self.folder = tempfile.mkdtemp(prefix="helpwidget-pg-")
        os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--no-sync")

    def _run(self, tool, *args):
        """Run a PostgreSQL tool as the cluster's owner; fail with its output if it fails."""
        result = subprocess.run([*self._as_owner, os.path.join(self.BIN, tool), *args],
                                cwd=self.folder, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed: {result.stdout}{result.stderr}")
        return result

    def _ctl(self, *action):
        """Run pg_ctl on this cluster, waiting for it to finish."""
        options = (f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off")
        return self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.folder, "log"),
                         "-o", options, "-w", "-t", "60", *action)

    def start(self):
        """Start the cluster and wait until it accepts connections."""
        self._ctl("start")
        return self

    def restart(self):
        """Restart it as an operator would: fast shutdown (sessions end), then start."""
        self._ctl("restart", "-m", "fast")

    def stop(self):
        """Shut it down fast (sessions end); start() brings it back."""
        self._ctl("stop", "-m", "fast")

    def close(self):
        """Stop the cluster at once and delete its files."""
        try:
            self._ctl("stop", "-m", "immediate")
        except RuntimeError:
            pass  # not running
        shutil.rmtree(self.folder, ignore_errors=True)

    def log(self):
        """Return the end of the server's log."""
        path = os.path.join(self.folder, "log")
        return open(path, errors="replace").read()[-3000:] if os.path.exists(path) else ""

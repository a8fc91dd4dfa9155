"""Live chat under load: real Socket.IO clients over WebSocket against real server processes.

Usage:
  python bench/chat_load.py --conversations 1000 --duration 30
         [--async-mode eventlet|gevent] [--processes 1|2] [--database URL] [--clients 2]
  python bench/chat_load.py --idle 5000 [--async-mode eventlet|gevent]

Starts `python wsgi.py` itself (one process, or two sharing rooms over Redis on loopback) on a
temporary SQLite database, or on --database (a PostgreSQL URL names a database this script
creates, refusing one that exists, and drops at the end). Client processes (--clients), each
running one asyncio loop of python-socketio AsyncClients, open one visitor and one advisor
connection per conversation (with two server processes, each pair straddles them). Every
visitor starts a chat, its advisor claims it, and the visitor then writes one message a second
carrying its send time; the advisor's client measures delivery (which includes the server's
database write). --idle opens visitor connections only and measures memory per connection.
Prints figures; it asserts nothing. Needs `pip install -e '.[bench]'` and Redis for two processes.
"""
import argparse
import asyncio
import json
import multiprocessing
import os
import random
import resource
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

# The repository root, so that `python bench/chat_load.py` finds the bench package and the
# tests' server harness (tests/support/live_servers.py), which starts the servers here too.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench import results as results_module  # noqa: E402
from tests.support.live_servers import Deployment  # noqa: E402

ADVISORS_PER_SITE = 25  # a team hears every chat of its site while it waits
CONNECT_CONCURRENCY = 100


def raise_fd_limit():
    """Lift this process's open-file limit to the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def rss_kib(pid):
    """Return the resident memory of a process in KiB (VmRSS)."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    """Return the CPU time (user + system) a process has used, in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, fraction):
    """Return the value below which `fraction` of the sorted values fall."""
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * fraction))]


# --- database -------------------------------------------------------------------------------

class Database:
    """The bench's database: a temporary SQLite file, or a PostgreSQL database made for the run."""

    def __init__(self, url, folder):
        from sqlalchemy.engine import make_url

        self.url = url or "sqlite:///" + os.path.join(folder, "bench.sqlite")
        self._admin = None
        if self.url.startswith("postgresql"):
            parsed = make_url(self.url)
            self._name = parsed.database
            self._admin = parsed.set(drivername="postgresql", database="postgres")
            self._run(f'CREATE DATABASE "{self._name}"')  # fails if it exists: never reuse data

    def _run(self, sql):
        """Run a statement on the PostgreSQL server's maintenance database."""
        import psycopg

        with psycopg.connect(self._admin.render_as_string(hide_password=False),
                             autocommit=True) as conn:
            conn.execute(sql)

    def drop(self):
        """Drop a database this run created."""
        if self._admin is not None:
            self._run(f'DROP DATABASE IF EXISTS "{self._name}" WITH (FORCE)')


def seed(deployment, conversations, idle):
    """Add the sites, advisors with console tokens and visitors with widget tokens.

    The deployment made the schema. Rows are written in bulk (the services create one at a time,
    with a slow password hash); the tokens are stored hashed exactly as the services store them.
    """
    from helpwidget.extensions import db
    from helpwidget.models import Advisor, AdvisorToken, SiteMembership, Visitor
    from helpwidget.services import sites
    from helpwidget.services.identity import hash_token
    from helpwidget.services.timeutil import utcnow

    pairs, visitors = [], []
    with deployment.app.app_context():
        site_count = max(1, -(-conversations // ADVISORS_PER_SITE))
        site_rows = [sites.save_site(f"bench-{n}", name=f"Bench {n}", default_locale="en",
                                     locales=["en"]) for n in range(site_count)]
        expires = utcnow() + timedelta(hours=12)
        team = []
        for n in range(conversations):
            advisor = Advisor(email=f"advisor{n}@bench.test", name=f"Advisor {n}",
                              password_hash="-", presence="online")
            advisor.memberships.append(SiteMembership(
                site_id=site_rows[n // ADVISORS_PER_SITE].id, role="advisor"))
            team.append(advisor)
        db.session.add_all(team)
        db.session.flush()
        for n, advisor in enumerate(team):
            site = site_rows[n // ADVISORS_PER_SITE]
            advisor_token, visitor_token = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            db.session.add(AdvisorToken(advisor_id=advisor.id, token_hash=hash_token(advisor_token),
                                        expires_at=expires))
            db.session.add(Visitor(site_id=site.id, token_hash=hash_token(visitor_token),
                                   last_seen_at=utcnow()))
            pairs.append((site.key, visitor_token, advisor_token))
        for _ in range(idle):
            visitor_token = secrets.token_urlsafe(32)
            db.session.add(Visitor(site_id=site_rows[0].id, token_hash=hash_token(visitor_token),
                                   last_seen_at=utcnow()))
            visitors.append((site_rows[0].key, visitor_token))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return pairs, visitors


# --- servers --------------------------------------------------------------------------------

def make_deployment(args, database, folder):
    """Return the servers' shared database and, for two processes, their Redis channel."""
    queue = f"redis://127.0.0.1:6379/{args.redis_db}" if args.processes > 1 else False
    return Deployment(Path(folder), message_queue=queue, database=database.url)


def start_servers(args, deployment):
    """Start the server processes (live_servers.Server); return them once each answers."""
    env = {"HELPWIDGET_SECRET_KEY": secrets.token_hex(32),
           "HELPWIDGET_SOCKETIO_ASYNC_MODE": args.async_mode,
           "HELPWIDGET_RATELIMIT_CHAT_MESSAGES": "100000 per minute"}
    env.update(setting.split("=", 1) for setting in args.server_env)
    try:
        return deployment.servers(args.processes, **env)
    except AssertionError:
        raise SystemExit(f"a server did not start; see {deployment.folder}/server-*.log")


def stop_servers(servers):
    """Stop the processes start_servers started: asked first, killed after 10 s."""
    for server in servers:
        server.stop()


# --- client processes -----------------------------------------------------------------------

async def _connect(make, url, namespace, auth, limit, failures):
    """Open one AsyncClient connection (at most `limit` handshakes at once); None on failure."""
    async with limit:
        client = make()
        try:
            await client.connect(url, namespaces=[namespace], auth=auth,
                                 transports=["websocket"], wait_timeout=30)
            return client
        except Exception as error:  # a refused or timed-out connection is a figure, not a crash
            failures.append(f"{namespace} connect: {type(error).__name__}: {error}")
            return None


async def _loop_lag(stop, lags):
    """Record how late this client loop wakes up (its own lag adds to every latency)."""
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(0.05)
        lags.append(time.perf_counter() - started - 0.05)


async def _wait_barrier(barrier):
    """Wait for every process at a multiprocessing barrier without blocking the loop."""
    await asyncio.get_running_loop().run_in_executor(None, barrier.wait)


async def _conversations(pairs, urls, args, barrier, results):
    """Run this process's conversations and put its figures on `results`."""
    import aiohttp
    import socketio

    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)
    failures, delivered, acks, errors, lags = [], [], [], [], []
    stop = asyncio.Event()
    lag_task = asyncio.create_task(_loop_lag(stop, lags))

    def make():
        return socketio.AsyncClient(reconnection=False, http_session=session)

    def listen(advisor):
        async def on_message(data):
            message = data["message"]
            if message["author"]["kind"] == "visitor" and message["body"].startswith("t="):
                now = time.time()
                delivered.append((now, now - float(message["body"][2:])))
        advisor.on("chat:message", on_message, namespace="/advisor")

    # Advisors first: a site offers chat only while someone on its team is online.
    advisors = await asyncio.gather(*[
        _connect(make, urls[(i + 1) % len(urls)], "/advisor", {"token": advisor}, limit, failures)
        for i, (_site, _visitor, advisor) in pairs])
    visitors = await asyncio.gather(*[
        _connect(make, urls[i % len(urls)], "/visitor", {"site": site, "token": visitor}, limit,
                 failures)
        for i, (site, visitor, _advisor) in pairs])
    results.put({"phase": "connected", "visitors": sum(v is not None for v in visitors),
                 "advisors": sum(a is not None for a in advisors), "failures": failures[:5]})
    await _wait_barrier(barrier)  # the parent reads the servers' memory

    live = [(v, a) for v, a in zip(visitors, advisors) if v is not None and a is not None]

    async def open_chat(visitor, advisor):
        async with limit:
            try:
                started = await visitor.call("chat:start", {}, namespace="/visitor", timeout=30)
                if not started["ok"]:
                    raise RuntimeError(started["error"]["code"])
                chat_id = started["chat"]["id"]
                claimed = await advisor.call("chat:claim", {"chat_id": chat_id},
                                             namespace="/advisor", timeout=30)
                if not claimed["ok"]:
                    raise RuntimeError(claimed["error"]["code"])
                listen(advisor)
                return visitor, chat_id
            except Exception as error:
                failures.append(f"open chat: {type(error).__name__}: {error}")
                return None
    chats = [c for c in await asyncio.gather(*[open_chat(v, a) for v, a in live]) if c]
    results.put({"phase": "chats", "chats": len(chats), "failures": failures[:5]})
    await _wait_barrier(barrier)  # every process starts writing at once

    sent = 0
    ends_at = time.time() + args.duration

    async def write(visitor, chat_id):
        nonlocal sent
        if not args.rate:
            return
        at = time.time() + random.random() / args.rate  # spread the conversations evenly
        while at < ends_at:
            await asyncio.sleep(max(0.0, at - time.time()))
            started = time.time()
            try:
                reply = await visitor.call("chat:send", {
                    "chat_id": chat_id, "client_id": uuid.uuid4().hex, "body": f"t={started:.6f}"},
                    namespace="/visitor", timeout=10)
                if reply["ok"]:
                    acks.append(time.time() - started)
                else:
                    errors.append(reply["error"]["code"])
            except Exception as error:
                errors.append(type(error).__name__)
            sent += 1
            at += 1.0 / args.rate  # on schedule, whatever the last one took
    await asyncio.gather(*[write(v, c) for v, c in chats])
    await asyncio.sleep(3)  # let the last deliveries arrive
    stop.set()
    await lag_task
    results.put({"phase": "done", "sent": sent, "ends_at": ends_at, "delivered": delivered,
                 "acks": acks,
                 "errors": errors, "lags": lags, "failures": failures[:5]})
    await _wait_barrier(barrier)


async def _idle(visitors, urls, barrier, results):
    """Hold idle visitor connections until the parent has measured the servers."""
    import aiohttp
    import socketio

    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    limit = asyncio.Semaphore(CONNECT_CONCURRENCY)
    failures = []
    clients = await asyncio.gather(*[
        _connect(lambda: socketio.AsyncClient(reconnection=False, http_session=session),
                 urls[i % len(urls)], "/visitor", {"site": site, "token": token}, limit,
                 failures)
        for i, (site, token) in visitors])
    results.put({"phase": "connected", "visitors": sum(c is not None for c in clients),
                 "advisors": 0, "failures": failures[:5]})
    await _wait_barrier(barrier)  # the parent reads the servers' memory
    await asyncio.sleep(5)  # idle: ping/pong only
    alive = sum(c is not None and c.connected for c in clients)
    results.put({"phase": "done", "alive": alive})
    await _wait_barrier(barrier)


def client_process(mode, work, urls, args, barrier, results):
    """Entry point of a client process: one asyncio loop for its share of the connections."""
    raise_fd_limit()
    try:
        if mode == "idle":
            asyncio.run(_idle(work, urls, barrier, results))
        else:
            asyncio.run(_conversations(work, urls, args, barrier, results))
    finally:
        os._exit(0)  # closing thousands of sockets one by one is not part of the figures


# --- the run --------------------------------------------------------------------------------

def collect(results, count, phase):
    """Return the `phase` reports of `count` client processes."""
    reports = []
    while len(reports) < count:
        report = results.get(timeout=600)
        if report["phase"] == phase:
            reports.append(report)
    return reports


def main():
    """Parse arguments, run the load and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--rate", type=float, default=1.0,
                        help="messages a second in each conversation (0: connected, silent)")
    parser.add_argument("--idle", type=int, default=0,
                        help="open this many idle visitor connections instead of conversations")
    parser.add_argument("--async-mode", choices=("eventlet", "gevent"), default="eventlet")
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    parser.add_argument("--database", default="")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--redis-db", type=int, default=14)
    parser.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment of the servers (HELPWIDGET_... settings)")
    parser.add_argument("--profile", default="",
                        help="sample the servers with py-spy while they run: PREFIX.N.txt")
    args = parser.parse_args()
    raise_fd_limit()
    folder = tempfile.mkdtemp(prefix="helpwidget-chat-bench-")
    database = Database(args.database, folder)
    deployment, servers = None, []
    try:
        deployment = make_deployment(args, database, folder)
        conversations = 0 if args.idle else args.conversations
        pairs, idle = seed(deployment, conversations, args.idle)
        servers = start_servers(args, deployment)
        urls = [server.url for server in servers]
        pids = [server.process.pid for server in servers]
        time.sleep(1.0)
        base_rss = sum(rss_kib(pid) for pid in pids)
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(args.clients + 1)
        results = context.Queue()
        mode, work = ("idle", list(enumerate(idle))) if args.idle else (
            "chat", list(enumerate(pairs)))
        shares = [work[n::args.clients] for n in range(args.clients)]
        workers = [context.Process(target=client_process,
                                   args=(mode, share, urls, args, barrier, results))
                   for share in shares]
        started = time.time()
        for worker in workers:
            worker.start()
        connected = collect(results, args.clients, "connected")
        connect_seconds = time.time() - started
        connections = sum(r["visitors"] + r["advisors"] for r in connected)
        loaded_rss = sum(rss_kib(pid) for pid in pids)
        print(f"servers: {args.processes} x {args.async_mode}   database: "
              f"{database.url.split(':')[0]}   client processes: {args.clients}")
        print(f"connections: {connections} of {len(work) * (1 if args.idle else 2)} open in "
              f"{connect_seconds:.1f} s   failures: "
              f"{[f for r in connected for f in r['failures']][:3] or 'none'}")
        print(f"server RSS: {base_rss / 1024:.1f} MiB before, {loaded_rss / 1024:.1f} MiB "
              f"connected: {(loaded_rss - base_rss) / max(1, connections):.1f} KiB per connection")
        barrier.wait()
        if args.idle:
            done = collect(results, args.clients, "done")
            print(f"still connected after 5 s idle: {sum(r['alive'] for r in done)}   "
                  f"server RSS {sum(rss_kib(pid) for pid in pids) / 1024:.1f} MiB")
            results_module.save(f"chat_idle_{args.async_mode}", connections=connections,
                                alive=sum(r["alive"] for r in done),
                                kib_per_connection=round(
                                    (loaded_rss - base_rss) / max(1, connections), 1))
            barrier.wait()
            return
        chats = collect(results, args.clients, "chats")
        print(f"conversations open: {sum(r['chats'] for r in chats)}   failures: "
              f"{[f for r in chats for f in r['failures']][:3] or 'none'}")
        profilers = [subprocess.Popen(
            ["py-spy", "record", "--pid", str(pid), "--duration", str(int(args.duration)),
             "--rate", "200", "--format", "raw", "--output", f"{args.profile}.{n}.txt"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for n, pid in enumerate(pids)] if args.profile else []
        cpu_before = sum(cpu_seconds(pid) for pid in pids)
        barrier.wait()
        time.sleep(args.duration)
        cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
        done = collect(results, args.clients, "done")
        elapsed = args.duration
        for profiler in profilers:
            profiler.wait()
        barrier.wait()
        delivered = sorted(latency for r in done for _at, latency in r["delivered"])
        in_time = sum(at <= r["ends_at"] for r in done for at, _latency in r["delivered"])
        last = max((at for r in done for at, _latency in r["delivered"]), default=0)
        span = max(1e-9, last - min(r["ends_at"] for r in done) + args.duration)
        acks = sorted(x for r in done for x in r["acks"])
        lags = sorted(x for r in done for x in r["lags"])
        sent = sum(r["sent"] for r in done)
        errors = [e for r in done for e in r["errors"]]

        def ms(values, fraction):
            return percentile(values, fraction) * 1000
        print(f"messages: {sent} sent, {in_time} delivered within the {elapsed:.0f} s = "
              f"{in_time / elapsed:.0f} msg/s; all {len(delivered)} in {span:.0f} s = "
              f"{len(delivered) / span:.0f} msg/s   errors: "
              f"{len(errors)} {sorted(set(errors))[:3] if errors else ''}  "
              f"never delivered: {sent - len(delivered)}")
        print(f"delivery visitor->advisor: p50 {ms(delivered, .5):.1f} ms   "
              f"p90 {ms(delivered, .9):.1f} ms   p99 {ms(delivered, .99):.1f} ms   "
              f"max {ms(delivered, 1):.1f} ms")
        print(f"send ack (stored):         p50 {ms(acks, .5):.1f} ms   "
              f"p90 {ms(acks, .9):.1f} ms   p99 {ms(acks, .99):.1f} ms")
        print(f"server CPU: {100 * cpu / elapsed:.0f}% of one core (summed over processes)   "
              f"client loop lag p99 {ms(lags, .99):.1f} ms, mean "
              f"{statistics.fmean(lags) * 1000 if lags else 0:.1f} ms")
        figures = {"mode": args.async_mode, "processes": args.processes,
                   "conversations": args.conversations,
                   "msg_per_s": round(in_time / elapsed, 1),
                   "p50_ms": round(ms(delivered, .5), 1),
                   "p99_ms": round(ms(delivered, .99), 1), "errors": len(errors),
                   "lost": sent - len(delivered)}
        print(json.dumps(figures))
        results_module.save(f"chat_load_{args.async_mode}_{args.processes}p", **figures)
    finally:
        stop_servers(servers)
        if deployment is not None:
            deployment.close()
        database.drop()


if __name__ == "__main__":
    main()

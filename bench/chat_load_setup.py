"""What the chat load bench sets up: the database, its rows, the server processes and their cores.

bench/chat_load.py and bench/soak.py use these; /proc is read for memory and CPU time, so the
figures are the processes' own whatever else shares the machine.
"""
import os
import resource
import secrets
import uuid
from datetime import timedelta
from pathlib import Path

from bench import throwaway_db
from tests.support.live_servers import Deployment

ADVISORS_PER_SITE = 25  # a team hears every chat of its site while it waits
# The cores this bench may use, read before it pins itself to the clients' cores.
CORES = sorted(os.sched_getaffinity(0))


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


def pin(pid, cores):
    """Keep every thread of process `pid` on `cores` (threads started later inherit it)."""
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            os.sched_setaffinity(int(tid), cores)
        except ProcessLookupError:  # a thread that ended meanwhile
            pass


def redis_pid():
    """Return the process id of the local Redis (its CPU time is part of a multi-process run)."""
    import redis

    try:
        return redis.Redis("127.0.0.1", 6379, socket_timeout=2).info("server")["process_id"]
    except Exception:  # no Redis: nothing to measure
        return None


# --- database -------------------------------------------------------------------------------

class Database:
    """The bench's database: a temporary SQLite file, or a PostgreSQL database made for the run."""

    def __init__(self, url, folder):
        self.url = url or "sqlite:///" + os.path.join(folder, "bench.sqlite")
        self._made = self.url.startswith("postgresql")
        if self._made:
            throwaway_db.create(self.url)

    def drop(self):
        """Drop a database this run created."""
        if self._made:
            throwaway_db.drop(self.url)


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
    several = args.processes + getattr(args, "listeners", 0) > 1
    queue = f"redis://127.0.0.1:6379/{args.redis_db}" if several else False
    return Deployment(Path(folder), message_queue=queue, database=database.url)


def start_servers(args, deployment):
    """Start the server processes (live_servers.Server); return them once each answers.

    Several processes count rate limits in Redis, as the README's deployment does (one process
    alone keeps them in its memory, the default).
    """
    count = args.processes + getattr(args, "listeners", 0)
    env = {"HELPWIDGET_SECRET_KEY": secrets.token_hex(32),
           "HELPWIDGET_SOCKETIO_ASYNC_MODE": args.async_mode,
           "HELPWIDGET_RATELIMIT_CHAT_MESSAGES": "100000 per minute",
           # Every bench visitor starts its chat from 127.0.0.1, which the per-IP limit counts.
           "HELPWIDGET_RATELIMIT_CHAT_START": "100000 per minute",
           "HELPWIDGET_SERVER_MAX_CONNECTIONS": "100000"}
    if count > 1:
        env.update({"HELPWIDGET_RATELIMIT_STORAGE_URI": f"redis://127.0.0.1:6379/{args.redis_db}",
                    "HELPWIDGET_RATELIMIT_KEY_PREFIX": f"chat-bench-{uuid.uuid4().hex}"})
    env.update(setting.split("=", 1) for setting in args.server_env)
    try:
        servers = deployment.servers(count, **env)
    except AssertionError:
        raise SystemExit(f"a server did not start; see {deployment.folder}/server-*.log")
    return sorted(servers, key=lambda server: server.port)


def stop_servers(servers):
    """Stop the processes start_servers started: asked first, killed after 10 s."""
    for server in servers:
        server.stop()


def placement(args, servers):
    """Pin the servers (--pin) and return (the client processes' cores or None, a description).

    Server n goes to core n. Cores left over go to the clients; with none left (two processes
    on two cores) the clients share, and per-message figures come from the servers' own CPU time.
    """
    cores = CORES
    if not args.pin:
        return None, f"not pinned ({len(cores)} cores shared by servers and clients)"
    for n, server in enumerate(servers):
        pin(server.process.pid, {cores[n % len(cores)]})
    spare = cores[len(servers):]
    where = ", ".join(f"server {n} on core {cores[n % len(cores)]}" for n in range(len(servers)))
    if not spare:
        return None, f"{where}; clients unpinned, sharing the servers' cores"
    return set(spare), f"{where}; clients on core(s) {', '.join(map(str, spare))}"

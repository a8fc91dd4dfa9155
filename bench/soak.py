"""Soak: mixed traffic against real server processes for a bounded time; errors, latency, memory.

Usage: python bench/soak.py [--minutes 2] [--processes 1|2] [--database URL]
                            [--users 4] [--chats 3]

Starts `python wsgi.py` (one process, or two sharing rooms and rate-limit counters over the Redis
at 127.0.0.1:6379) on a temporary SQLite database, or on --database (a PostgreSQL URL names a
database this script creates, refusing one that exists, and drops at the end), seeded with the
demo help centers. Then, until the time is up:

- --users HTTP threads act as widgets, readers and advisors: help-center search (the API and the
  public search page), new widget sessions, tickets, requester comments, the advisors' inbox and
  their replies;
- --chats pairs of real python-socketio clients (a visitor and its advisor, on different
  processes when there are two) hold chats: the visitor writes, the advisor answers each
  message, ten rounds, then the chat closes and another starts.

Prints per kind: requests or events, errors, p50/p99 latency; the servers' memory (RSS) before
the traffic, at half time and at the end, with its growth over the second half extrapolated per
hour (caches fill for the first few minutes, so short runs overstate it); chat
messages and ticket comments lost or duplicated (what was acknowledged against what the other
side heard and what is stored). Writes the same figures to bench/out/soak.json. Asserts nothing.
"""
import argparse
import collections
import os
import queue
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench import results  # noqa: E402
from bench.chat_load_setup import (  # noqa: E402
    Database,
    cpu_seconds,
    make_deployment,
    raise_fd_limit,
    rss_kib,
    start_servers,
    stop_servers,
)
from bench.relevance_queries import QUERIES  # noqa: E402
from bench.stats import percentile  # noqa: E402
from bench.ticket_throughput import call  # noqa: E402

SITE = "facturafacil"
SEARCHES = [(locale, q) for site, locale, q, _slugs in QUERIES if site == SITE]
CHAT_ROUNDS = 10
DELIVERY_TIMEOUT = 10.0
SAMPLE_EVERY = 5.0
# (kind, weight) of the HTTP threads' actions.
ACTIONS = [("search", 30), ("helpcenter", 10), ("session", 12), ("ticket", 8), ("comment", 15),
           ("inbox", 10), ("reply", 15)]
# The servers' limits are for people; the soak's few client addresses would hit them at once.
UNLIMITED = ["HELPWIDGET_RATELIMIT_SESSION=100000 per minute",
             "HELPWIDGET_RATELIMIT_TICKETS=100000 per minute",
             "HELPWIDGET_RATELIMIT_COMMENTS=100000 per minute",
             "HELPWIDGET_RATELIMIT_UPLOADS=100000 per minute"]


class Skip(Exception):
    """Raised by an action that has nothing to act on yet (no ticket to comment on)."""


class Stats:
    """Counts, errors and latencies per kind, from every thread."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.errors = collections.Counter()
        self.samples = {}  # kind -> the first error seen
        self.latencies = collections.defaultdict(list)

    def ok(self, kind, seconds):
        """Count a success of `kind` that took `seconds`."""
        with self.lock:
            self.counts[kind] += 1
            self.latencies[kind].append(seconds)

    def error(self, kind, what):
        """Count a failure of `kind`."""
        with self.lock:
            self.counts[kind] += 1
            self.errors[kind] += 1
            self.samples.setdefault(kind, str(what)[:200])

    def timed(self, kind, action):
        """Run `action` (it returns an error description, or None on success) and count it."""
        started = time.perf_counter()
        try:
            problem = action()
        except Skip:
            return False
        except Exception as error:  # a refused connection or a timeout is a figure, not a crash
            problem = f"{type(error).__name__}: {error}"
        if problem:
            self.error(kind, problem)
        else:
            self.ok(kind, time.perf_counter() - started)
        return not problem


# --- seeding --------------------------------------------------------------------------------

def seed(database, folder, chats):
    """Add the demo help centers and index, and the chat advisors and visitors.

    The deployment made the schema. Returns (advisor token for the HTTP threads,
    [(visitor token, advisor token)] per chat pair).
    """
    from helpwidget import create_app, demo
    from helpwidget.extensions import db
    from helpwidget.services import advisors, identity, sites

    app = create_app({"DATABASE_URL": database.url,
                      "SEARCH_INDEX_DIR": os.path.join(folder, "instance", "index"),
                      "SOCKETIO_ASYNC_MODE": "threading", "MESSAGE_QUEUE": ""})
    with app.app_context():
        demo.seed()
        site = sites.get_site(SITE)
        # Chat is offered at any hour of the soak: the demo's support hours would close it.
        sites.save_site(SITE, contact={k: v for k, v in (site.contact or {}).items()
                                       if k != "hours"})
        team = []
        for n in range(chats + 1):
            advisor = advisors.create_advisor(f"soak{n}@support.example.com", f"Soak {n}",
                                              "soak-password-0123456789")
            advisors.add_membership(advisor, site, "advisor")
            team.append(advisors.issue_token(advisor))
        pairs = [(identity.open_session(site)[1], team[n + 1]) for n in range(chats)]
        db.session.remove()
        db.engine.dispose()
    return team[0], pairs


# --- HTTP traffic ---------------------------------------------------------------------------

class Desk:
    """What the HTTP threads share: tokens, tickets and the comments each should hold."""

    def __init__(self, advisor_token):
        self.lock = threading.Lock()
        self.advisor_token = advisor_token
        self.tokens = collections.deque(maxlen=50)
        self.tickets = {}  # number -> {"token", "id", "bodies": [comment bodies acknowledged]}

    def ticket(self, with_id=False):
        """Return (number, ticket) of a random known ticket, or (None, None)."""
        with self.lock:
            numbers = [n for n, t in self.tickets.items() if t["id"] or not with_id]
            return (n := random.choice(numbers), self.tickets[n]) if numbers else (None, None)


def _status(expected, status, body):
    """Return None if `status` is expected, else a description."""
    return None if status == expected else f"{status} {str(body)[:120]}"


def http_user(urls, desk, stats, ends_at, n):
    """One HTTP thread: widget, reader and advisor actions with short pauses, until `ends_at`."""
    kinds, weights = zip(*ACTIONS, strict=True)
    rng = random.Random(n)
    turn = 0
    while time.time() < ends_at:
        base = urls[turn % len(urls)]
        turn += 1
        kind = rng.choices(kinds, weights)[0]
        stats.timed(kind, lambda: ACTION_CODE[kind](base, desk, rng))
        time.sleep(rng.uniform(0.02, 0.2))


def do_search(base, desk, rng):
    locale, q = rng.choice(SEARCHES)
    query = urllib.parse.urlencode({"site": SITE, "locale": locale, "q": q})
    status, body = call(base, "GET", f"/api/v1/search?{query}")
    return _status(200, status, body)


def do_helpcenter(base, desk, rng):
    locale, q = rng.choice(SEARCHES)
    url = f"{base}/help/{SITE}/{locale}/search?{urllib.parse.urlencode({'q': q})}"
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return _status(200, response.status, "")


def do_session(base, desk, rng):
    status, body = call(base, "POST", "/api/v1/session", {"site": SITE})
    if status == 201:
        with desk.lock:
            desk.tokens.append(body["visitor_token"])
    return _status(201, status, body)


def do_ticket(base, desk, rng):
    with desk.lock:
        token = rng.choice(desk.tokens) if desk.tokens else None
    if token is None:
        raise Skip
    status, body = call(base, "POST", "/api/v1/tickets", {
        "site": SITE, "subject": "La factura no se emite", "category": "technical_issue",
        "subcategory": "error_message", "description": "Al emitir aparece un error. " * 5,
        "platform": "web", "name": "Ana Soak", "email": "ana@example.com"},
        token=token)
    if status == 201:
        with desk.lock:
            desk.tickets[body["ticket"]["number"]] = {"token": token, "id": None, "bodies": []}
    return _status(201, status, body)


def do_comment(base, desk, rng):
    number, ticket = desk.ticket()
    if number is None:
        raise Skip
    text = f"requester {uuid.uuid4().hex}"
    status, body = call(base, "POST", f"/api/v1/tickets/{number}/comments",
                        {"site": SITE, "body": text}, token=ticket["token"])
    if status == 201:
        with desk.lock:
            ticket["bodies"].append(text)
    return _status(201, status, body)


def do_inbox(base, desk, rng):
    status, body = call(base, "GET", f"/api/v1/advisor/tickets?site={SITE}&sort=-created"
                        "&per_page=20", token=desk.advisor_token)
    if status == 200:
        with desk.lock:
            for row in body["tickets"]:
                if row["number"] in desk.tickets:
                    desk.tickets[row["number"]]["id"] = row["id"]
    return _status(200, status, body)


def do_reply(base, desk, rng):
    number, ticket = desk.ticket(with_id=True)
    if number is None:
        raise Skip
    text = f"advisor {uuid.uuid4().hex}"
    status, body = call(base, "POST", f"/api/v1/advisor/tickets/{ticket['id']}/comments",
                        {"body": text}, token=desk.advisor_token)
    if status == 201:
        with desk.lock:
            ticket["bodies"].append(text)
    return _status(201, status, body)


ACTION_CODE = {"search": do_search, "helpcenter": do_helpcenter, "session": do_session,
               "ticket": do_ticket, "comment": do_comment, "inbox": do_inbox, "reply": do_reply}


def audit_tickets(base, desk):
    """Return (lost, duplicated) comments: acknowledged ones against each stored thread."""
    lost = duplicated = 0
    for number, ticket in desk.tickets.items():
        status, body = call(base, "GET", f"/api/v1/tickets/{number}?site={SITE}",
                            token=ticket["token"])
        thread = body["ticket"]["comments"] if status == 200 else []  # unreadable: all lost
        stored = collections.Counter(c["body"] for c in thread)
        lost += sum(1 for text in ticket["bodies"] if not stored[text])
        duplicated += sum(n - 1 for text, n in stored.items() if n > 1)
    return lost, duplicated


# --- chats ----------------------------------------------------------------------------------

class Side:
    """One Socket.IO client of a chat pair, with what it heard."""

    def __init__(self, url, namespace, auth):
        import socketio

        self.namespace = namespace
        self.heard = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("chat:message", lambda data: self.heard.put((time.perf_counter(), data)),
                       namespace=namespace)
        self.client.connect(url, namespaces=[namespace], auth=auth, transports=["websocket"],
                            wait_timeout=30)

    def call(self, event, data):
        """Emit and return the acknowledgement; raise if it says no."""
        reply = self.client.call(event, data, namespace=self.namespace, timeout=30)
        if not reply.get("ok"):
            raise RuntimeError(f"{event}: {reply.get('error')}")
        return reply

    def hear(self, chat_id, client_id, log):
        """Wait for the message `client_id` of the chat; return when it arrived, or None."""
        deadline = time.perf_counter() + DELIVERY_TIMEOUT
        while True:
            try:
                at, data = self.heard.get(timeout=max(0.0, deadline - time.perf_counter()))
            except queue.Empty:
                return None
            if data["chat_id"] == chat_id:
                log.append(data["message"])
                if data["message"]["client_id"] == client_id:
                    return at


class ChatAudit:
    """Messages acknowledged, heard live and stored, over every chat of the soak."""

    def __init__(self):
        self.lock = threading.Lock()
        self.lost = self.duplicated = self.chats = self.messages = 0

    def check(self, sent, heard_by, stored):
        """Count a finished chat: each sent client_id must be stored once and heard once."""
        stored_ids = collections.Counter(m["client_id"] for m in stored)
        with self.lock:
            self.chats += 1
            self.messages += len(sent)
            for client_id, listener in sent:
                heard = [m for m in heard_by[listener] if m["client_id"] == client_id]
                self.lost += not stored_ids[client_id] or not heard
            self.duplicated += sum(n - 1 for n in stored_ids.values() if n > 1)
            for log in heard_by.values():
                seqs = collections.Counter(m["seq"] for m in log)
                self.duplicated += sum(n - 1 for n in seqs.values() if n > 1)


def chat_pair(urls, pair, n, stats, audit, ends_at):
    """Hold chats between one visitor and its advisor until `ends_at`."""
    visitor_token, advisor_token = pair
    try:
        advisor = Side(urls[(n + 1) % len(urls)], "/advisor", {"token": advisor_token})
        advisor.call("presence:set", {"status": "online"})
        visitor = Side(urls[n % len(urls)], "/visitor", {"site": SITE, "token": visitor_token})
    except Exception as error:
        stats.error("chat_connect", f"{type(error).__name__}: {error}")
        return
    try:
        while time.time() < ends_at:
            one_chat(visitor, advisor, stats, audit, ends_at)
    finally:
        for side in (visitor, advisor):
            side.client.disconnect()


def one_chat(visitor, advisor, stats, audit, ends_at):
    """Start a chat, let the advisor claim it, exchange rounds, close it and audit it."""
    box = {}

    def start():
        reply = visitor.call("chat:start", {"topic": "invoicing", "client_id": uuid.uuid4().hex,
                                            "body": "Hola, tengo una duda"})
        box["chat_id"] = reply["chat"]["id"]
    if not stats.timed("chat_start", start):
        time.sleep(1)
        return
    chat_id = box["chat_id"]
    if not stats.timed("chat_claim", lambda: advisor.call("chat:claim", {"chat_id": chat_id})
                       and None):
        time.sleep(1)
        return
    sent, heard_by = [], {"visitor": [], "advisor": []}
    for n in range(CHAT_ROUNDS):
        if time.time() >= ends_at:
            break
        for speaker, listener, name in ((visitor, advisor, "advisor"),
                                        (advisor, visitor, "visitor")):
            client_id = uuid.uuid4().hex
            started = time.perf_counter()
            ok = stats.timed("chat_send", lambda: speaker.call("chat:send", {
                "chat_id": chat_id, "client_id": client_id, "body": f"mensaje {n}"}) and None)
            if not ok:
                continue
            sent.append((client_id, name))
            at = listener.hear(chat_id, client_id, heard_by[name])
            if at is None:
                stats.error("chat_delivery", f"not heard within {DELIVERY_TIMEOUT:g} s")
            else:
                stats.ok("chat_delivery", at - started)
        time.sleep(random.uniform(0.3, 0.8))
    stats.timed("chat_close", lambda: advisor.call("chat:close", {"chat_id": chat_id}) and None)
    time.sleep(0.5)  # late deliveries count as heard, not lost
    for side, name in ((visitor, "visitor"), (advisor, "advisor")):
        while not side.heard.empty():
            _at, data = side.heard.get()
            if data["chat_id"] == chat_id:
                heard_by[name].append(data["message"])
    stored = visitor.call("chat:sync", {"chat_id": chat_id, "after_seq": 0})["messages"]
    audit.check(sent, heard_by, stored)


# --- the run --------------------------------------------------------------------------------

def sample_memory(pids, samples, stop):
    """Record (seconds since start, summed RSS in KiB) every SAMPLE_EVERY seconds."""
    started = time.time()
    while not stop.wait(SAMPLE_EVERY):
        samples.append((time.time() - started, sum(rss_kib(pid) for pid in pids)))


def growth_per_hour(samples):
    """Return the least-squares slope of RSS over time, in MiB per hour (0 with < 2 samples)."""
    if len(samples) < 2:
        return 0.0
    mean_t = sum(t for t, _ in samples) / len(samples)
    mean_m = sum(m for _, m in samples) / len(samples)
    spread = sum((t - mean_t) ** 2 for t, _ in samples)
    slope = sum((t - mean_t) * (m - mean_m) for t, m in samples) / spread if spread else 0.0
    return slope * 3600 / 1024


def server_tracebacks(servers):
    """Count the tracebacks the servers logged."""
    return sum(server.log.read_text(errors="replace").count("Traceback (most recent call last)")
               for server in servers)


def timeline(samples, every=60.0):
    """Return the RSS samples closest after each `every` seconds, in MiB, for the eye."""
    marks, at = [], every
    for seconds, kib in samples:
        if seconds >= at:
            marks.append(f"{kib / 1024:.0f}")
            at += every
    return " ".join(marks)


def report(args, database, stats, rss, growth, cpu, chats, ticket_losses, tracebacks,
           samples):
    """Print the figures and save them for bench/report.py."""
    kinds = sorted(stats.counts)

    def ms(kind, fraction):
        values = sorted(stats.latencies[kind])
        return round(percentile(values, fraction) * 1000, 1) if values else None
    print(f"servers: {args.processes} x eventlet   database: {database.url.split(':')[0]}   "
          f"{args.minutes:g} min   HTTP threads: {args.users}   chat pairs: {args.chats}")
    print(f"{'kind':<14}{'count':>8}{'errors':>8}{'p50 ms':>10}{'p99 ms':>10}")
    for kind in kinds:
        p50, p99 = (f"{ms(kind, f):>10.1f}" if ms(kind, f) is not None else f"{'-':>10}"
                    for f in (.5, .99))
        print(f"{kind:<14}{stats.counts[kind]:>8}{stats.errors[kind]:>8}{p50}{p99}")
    for kind, sample in sorted(stats.samples.items()):
        print(f"  first {kind} error: {sample}")
    print(f"server RSS: {rss['before'] / 1024:.1f} MiB before the traffic, "
          f"{rss['half'] / 1024:.1f} MiB at half time, {rss['end'] / 1024:.1f} MiB at the end; "
          f"growth over the second half {growth:+.1f} MiB per hour (extrapolated"
          f"{'; under 6 minutes this is mostly caches warming up' if args.minutes < 6 else ''})")
    if args.minutes >= 2:
        print(f"server RSS at each minute (MiB): {timeline(samples)}")
    print(f"server CPU: {cpu:.0f}% of one core (summed over processes)   "
          f"tracebacks in the server logs: {tracebacks}")
    print(f"chats: {chats.chats} with {chats.messages} messages: lost {chats.lost}, "
          f"duplicated {chats.duplicated}   ticket comments: lost {ticket_losses[0]}, "
          f"duplicated {ticket_losses[1]}")
    results.save("soak", minutes=args.minutes, processes=args.processes,
                 database=database.url.split(":")[0],
                 requests={k: stats.counts[k] for k in kinds},
                 errors={k: stats.errors[k] for k in kinds},
                 p50_ms={k: ms(k, .5) for k in kinds}, p99_ms={k: ms(k, .99) for k in kinds},
                 rss_mib={k: round(v / 1024, 1) for k, v in rss.items()},
                 growth_mib_per_hour=round(growth, 1), cpu_percent=round(cpu),
                 lost=chats.lost + ticket_losses[0],
                 duplicated=chats.duplicated + ticket_losses[1],
                 chat_messages=chats.messages, server_tracebacks=tracebacks)


def main():
    """Parse arguments, seed, start the servers, run the traffic and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1)
    parser.add_argument("--database", default="")
    parser.add_argument("--users", type=int, default=4, help="HTTP client threads")
    parser.add_argument("--chats", type=int, default=3, help="visitor and advisor pairs")
    parser.add_argument("--redis-db", type=int, default=13)
    args = parser.parse_args()
    # What chat_load.start_servers reads: eventlet, and this soak's settings.
    args.async_mode = "eventlet"
    args.server_env = list(UNLIMITED)
    if args.processes > 1:
        args.server_env += [f"HELPWIDGET_RATELIMIT_STORAGE_URI=redis://127.0.0.1:6379/"
                            f"{args.redis_db}",
                            f"HELPWIDGET_RATELIMIT_KEY_PREFIX=soak-{uuid.uuid4().hex}"]
    raise_fd_limit()
    folder = tempfile.mkdtemp(prefix="helpwidget-soak-")
    database = Database(args.database, folder)
    deployment, servers = None, []
    try:
        deployment = make_deployment(args, database, folder)
        advisor_token, pairs = seed(database, folder, args.chats)
        servers = start_servers(args, deployment)
        urls = [server.url for server in servers]
        pids = [server.process.pid for server in servers]
        time.sleep(1.0)
        rss = {"before": sum(rss_kib(pid) for pid in pids)}
        cpu_before = sum(cpu_seconds(pid) for pid in pids)
        started = time.time()
        ends_at = started + args.minutes * 60
        stats, desk, audit = Stats(), Desk(advisor_token), ChatAudit()
        rng = random.Random(0)
        for action in [do_session] * 5 + [do_ticket] * 2 + [do_inbox]:
            problem = action(urls[0], desk, rng)  # something to act on at once: not counted
            if problem:
                raise SystemExit(f"the servers refused the first requests: {problem}")
        samples, stop = [], threading.Event()
        threads = [threading.Thread(target=sample_memory, args=(pids, samples, stop))]
        threads += [threading.Thread(target=http_user, args=(urls, desk, stats, ends_at, n))
                    for n in range(args.users)]
        threads += [threading.Thread(target=chat_pair,
                                     args=(urls, pair, n, stats, audit, ends_at))
                    for n, pair in enumerate(pairs)]
        for thread in threads:
            thread.start()
        for thread in threads[1:]:
            thread.join()
        stop.set()
        threads[0].join()
        cpu = 100 * (sum(cpu_seconds(pid) for pid in pids) - cpu_before) / (time.time() - started)
        rss["end"] = sum(rss_kib(pid) for pid in pids)
        # Caches fill for the first minutes (an 8-minute run levelled off after 3): growth is
        # measured over the second half only.
        warm = [s for s in samples if s[0] >= args.minutes * 30]
        rss["half"] = warm[0][1] if warm else rss["end"]
        ticket_losses = audit_tickets(urls[0], desk)
        report(args, database, stats, rss, growth_per_hour(warm), cpu, audit, ticket_losses,
               server_tracebacks(servers), samples)
    finally:
        stop_servers(servers)
        if deployment is not None:
            deployment.close()
        database.drop()


if __name__ == "__main__":
    main()

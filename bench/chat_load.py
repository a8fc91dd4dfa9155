"""Live chat under load: real Socket.IO clients over WebSocket against real server processes.

Usage:
  python bench/chat_load.py --conversations 1000 --duration 30 [--rate 1] [--pin]
         [--async-mode eventlet|gevent] [--processes 1|2] [--listeners N] [--database URL]
         [--clients 2] [--profile PREFIX]
  python bench/chat_load.py --pin --rate 0.05 --duration 60 --sweep 2000,4000,6000
  python bench/chat_load.py --idle 5000 [--async-mode eventlet|gevent]

Starts `python wsgi.py` itself (one process, or two sharing rooms over Redis on loopback) on a
temporary SQLite database, or on --database (a PostgreSQL URL names a database this script
creates, refusing one that exists, and drops at the end). Client processes (--clients), each
running one asyncio loop of python-socketio AsyncClients, open one visitor and one advisor
connection per conversation (with two server processes, each pair straddles them). Every
visitor starts a chat, its advisor claims it, and the visitor then writes --rate messages a
second carrying its send time; the advisor's client measures delivery (which includes the
server's database write). --pin puts server n on core n and the clients on the cores left (with
two processes on two cores, none are left: the clients share). Server CPU per message is read
from the servers' own CPU time in /proc, so it holds whatever shares their cores. --listeners
adds processes that hold no connection: their CPU per message is what each process of a larger
installation pays for every message of the others (Redis fans every emit out to every process).
--sweep runs each conversation count in turn and prints the largest whose delivery p99 stays
under --p99-target ms. --idle opens visitor connections only and measures memory per connection.
Prints figures; it asserts nothing. Needs `pip install -e '.[bench]'` and Redis for two processes.
"""
import argparse
import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

# The repository root, so that `python bench/chat_load.py` finds the bench package and the
# tests' server harness (tests/support/live_servers.py), which starts the servers here too.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench import results as results_module  # noqa: E402
from bench.chat_load_clients import client_process  # noqa: E402
from bench.chat_load_setup import (  # noqa: E402
    CORES,
    Database,
    cpu_seconds,
    make_deployment,
    placement,
    raise_fd_limit,
    redis_pid,
    rss_kib,
    seed,
    start_servers,
    stop_servers,
)
from bench.stats import percentile  # noqa: E402


def collect(results, count, phase):
    """Return the `phase` reports of `count` client processes."""
    reports = []
    while len(reports) < count:
        report = results.get(timeout=900)
        if report["phase"] == phase:
            reports.append(report)
    return reports


def ms(values, fraction):
    """Return a percentile of seconds in milliseconds."""
    return percentile(values, fraction) * 1000


def load():
    """Return the load average over 1, 5 and 15 minutes, as printed."""
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def start_profilers(args, pids):
    """Sample the servers with py-spy for the sending phase (--profile PREFIX: PREFIX.N.txt)."""
    if not args.profile:
        return []
    spy = shutil.which("py-spy") or os.path.join(os.path.dirname(sys.executable), "py-spy")
    # --nonblocking: never pause the server, whose latency is being measured at the same time.
    return [subprocess.Popen(
        [spy, "record", "--pid", str(pid), "--duration", str(int(args.duration)), "--rate",
         "250", "--nonblocking", "--format", "raw", "--output", f"{args.profile}.{n}.txt"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for n, pid in enumerate(pids)]


def report_idle(args, results, pids, connections, loaded_rss, base_rss, barrier):
    """Print and save the idle run's figures."""
    done = collect(results, args.clients, "done")
    print(f"still connected after 5 s idle: {sum(r['alive'] for r in done)}   "
          f"server RSS {sum(rss_kib(pid) for pid in pids) / 1024:.1f} MiB")
    results_module.save(f"chat_idle_{args.async_mode}", connections=connections,
                        alive=sum(r["alive"] for r in done),
                        kib_per_connection=round((loaded_rss - base_rss) / max(1, connections), 1))
    barrier.wait()


def report_messages(args, conversations, done, cpu, client_cpu, load_before):
    """Print the sending phase's figures; return them as a dict."""
    delivered = sorted(latency for r in done for _at, latency in r["delivered"])
    in_time = sum(at <= r["ends_at"] for r in done for at, _latency in r["delivered"])
    last = max((at for r in done for at, _latency in r["delivered"]), default=0)
    span = max(1e-9, last - min(r["ends_at"] for r in done) + args.duration)
    acks = sorted(x for r in done for x in r["acks"])
    lags = sorted(x for r in done for x in r["lags"])
    sent = sum(r["sent"] for r in done)
    errors = [e for r in done for e in r["errors"]]
    served = sum(cpu["servers"])
    per_message = served / max(1, len(delivered))
    print(f"messages: {sent} sent, {in_time} delivered within the {args.duration:.0f} s = "
          f"{in_time / args.duration:.0f} msg/s; all {len(delivered)} in {span:.0f} s = "
          f"{len(delivered) / span:.0f} msg/s   errors: "
          f"{len(errors)} {sorted(set(errors))[:3] if errors else ''}  "
          f"never delivered: {sent - len(delivered)}")
    print(f"delivery visitor->advisor: p50 {ms(delivered, .5):.1f} ms   "
          f"p90 {ms(delivered, .9):.1f} ms   p99 {ms(delivered, .99):.1f} ms   "
          f"max {ms(delivered, 1):.1f} ms")
    print(f"send ack (stored):         p50 {ms(acks, .5):.1f} ms   "
          f"p90 {ms(acks, .9):.1f} ms   p99 {ms(acks, .99):.1f} ms")
    print(f"server CPU: {100 * served / args.duration:.0f}% of one core ("
          + ", ".join(f"{100 * c / args.duration:.0f}%" for c in cpu["servers"])
          + f")   = {per_message * 1000:.2f} ms per message delivered = "
          f"{1 / max(per_message, 1e-9):.0f} msg/s per server core")
    if cpu["listeners"]:
        tax = statistics.fmean(cpu["listeners"]) / max(1, len(delivered))
        print(f"a process holding no connection: {tax * 1000:.3f} ms per message of the others "
              f"({100 * statistics.fmean(cpu['listeners']) / args.duration:.1f}% of a core each)")
    if cpu["redis"] is not None:
        print(f"Redis CPU: {100 * cpu['redis'] / args.duration:.1f}% of one core = "
              f"{cpu['redis'] / max(1, len(delivered)) * 1e6:.0f} us per message")
    print(f"client CPU: {100 * client_cpu / args.duration:.0f}% of one core   client loop lag "
          f"p99 {ms(lags, .99):.1f} ms, mean {statistics.fmean(lags) * 1000 if lags else 0:.1f} ms"
          f"   load average before {load_before}, after {load()}")
    return {"mode": args.async_mode, "processes": args.processes, "pinned": args.pin,
            "conversations": conversations, "rate": args.rate,
            "msg_per_s": round(in_time / args.duration, 1),
            "p50_ms": round(ms(delivered, .5), 1), "p99_ms": round(ms(delivered, .99), 1),
            "errors": len(errors), "lost": sent - len(delivered),
            "server_cpu_ms_per_msg": round(per_message * 1000, 3),
            "msg_per_s_per_server_core": round(1 / max(per_message, 1e-9)),
            "client_lag_p99_ms": round(ms(lags, .99), 1), "load": load_before}


def run(args, conversations, database_url):
    """Run one load (or idle) test on fresh servers and a fresh database; return its figures."""
    load_before = load()
    folder = tempfile.mkdtemp(prefix="helpwidget-chat-bench-")
    database = Database(database_url, folder)
    deployment, servers = None, []
    try:
        deployment = make_deployment(args, database, folder)
        pairs, idle = seed(deployment, 0 if args.idle else conversations, args.idle)
        servers = start_servers(args, deployment)
        client_cores, where = placement(args, servers)
        os.sched_setaffinity(0, client_cores or CORES)  # this process collects the clients' lists
        serving = servers[:args.processes]  # the others (--listeners) hold no connection
        urls = [server.url for server in serving]
        pids = [server.process.pid for server in servers]
        time.sleep(1.0)
        base_rss = sum(rss_kib(pid) for pid in pids)
        context = multiprocessing.get_context("spawn")
        barrier = context.Barrier(args.clients + 1)
        results = context.Queue()
        mode, work = ("idle", list(enumerate(idle))) if args.idle else (
            "chat", list(enumerate(pairs)))
        workers = [context.Process(target=client_process, args=(
            mode, work[n::args.clients], urls, args, barrier, results, client_cores))
            for n in range(args.clients)]
        started = time.time()
        for worker in workers:
            worker.start()
        connected = collect(results, args.clients, "connected")
        connections = sum(r["visitors"] + r["advisors"] for r in connected)
        loaded_rss = sum(rss_kib(pid) for pid in pids)
        print(f"servers: {args.processes} x {args.async_mode}"
              + (f" + {args.listeners} holding no connection" if args.listeners else "")
              + f"   database: {database.url.split(':')[0]}   client processes: {args.clients}"
              f"   cores: {os.cpu_count()}; {where}")
        print(f"connections: {connections} of {len(work) * (1 if args.idle else 2)} open in "
              f"{time.time() - started:.1f} s   failures: "
              f"{[f for r in connected for f in r['failures']][:3] or 'none'}")
        print(f"server RSS: {base_rss / 1024:.1f} MiB before, {loaded_rss / 1024:.1f} MiB "
              f"connected: {(loaded_rss - base_rss) / max(1, connections):.1f} KiB per connection")
        barrier.wait()
        if args.idle:
            return report_idle(args, results, pids, connections, loaded_rss, base_rss, barrier)
        chats = collect(results, args.clients, "chats")
        print(f"conversations open: {sum(r['chats'] for r in chats)}   failures: "
              f"{[f for r in chats for f in r['failures']][:3] or 'none'}")
        if args.pin:
            placement(args, servers)  # threads a server started since inherit, but to be sure
        profilers = start_profilers(args, pids[:args.processes])
        queue_pid = redis_pid() if len(servers) > 1 else None
        watched = pids + [w.pid for w in workers] + ([queue_pid] if queue_pid else [])
        before = {pid: cpu_seconds(pid) for pid in watched}
        barrier.wait()
        time.sleep(args.duration)
        used = {pid: cpu_seconds(pid) - before[pid] for pid in watched}
        done = collect(results, args.clients, "done")
        for profiler in profilers:
            profiler.wait()
        barrier.wait()
        cpu = {"servers": [used[pid] for pid in pids[:args.processes]],
               "listeners": [used[pid] for pid in pids[args.processes:]],
               "redis": used[queue_pid] if queue_pid else None}
        client_cpu = sum(used[w.pid] for w in workers)
        figures = report_messages(args, conversations, done, cpu, client_cpu, load_before)
        print(json.dumps(figures))
        results_module.save(f"chat_load_{args.async_mode}_{args.processes}p"
                            + ("_pinned" if args.pin else ""), **figures)
        return figures
    finally:
        stop_servers(servers)
        if deployment is not None:
            deployment.close()
        database.drop()


def sweep(args):
    """Run each conversation count of --sweep; print the largest within --p99-target."""
    carried = None
    for n, count in enumerate(int(c) for c in args.sweep.split(",")):
        url = f"{args.database}_{n}" if args.database.startswith("postgresql") else args.database
        print(f"\n== {count} conversations, {args.rate:g} messages a second each")
        figures = run(args, count, url)
        within = figures["p99_ms"] < args.p99_target and not figures["errors"] \
            and not figures["lost"]
        print(f"-> {count} conversations: {figures['msg_per_s']} msg/s, p99 "
              f"{figures['p99_ms']} ms: {'within' if within else 'over'} {args.p99_target:g} ms")
        if not within:
            break
        carried = figures
    if carried:
        print(f"\nlargest within p99 < {args.p99_target:g} ms: {carried['conversations']} "
              f"conversations ({carried['msg_per_s']} msg/s, "
              f"{carried['server_cpu_ms_per_msg']} ms of server CPU per message)")
        results_module.save("chat_capacity", **carried)


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
    parser.add_argument("--listeners", type=int, default=0,
                        help="more server processes, holding no connection (fan-out cost)")
    parser.add_argument("--pin", action="store_true",
                        help="server n on core n, the clients on the cores left")
    parser.add_argument("--sweep", default="", metavar="N,N,...",
                        help="run these conversation counts in turn (stops at the first over)")
    parser.add_argument("--p99-target", type=float, default=100.0, metavar="MS")
    parser.add_argument("--database", default="")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--redis-db", type=int, default=14)
    parser.add_argument("--server-env", action="append", default=[], metavar="NAME=VALUE",
                        help="extra environment of the servers (HELPWIDGET_... settings)")
    parser.add_argument("--profile", default="",
                        help="sample the servers with py-spy while they send: PREFIX.N.txt")
    args = parser.parse_args()
    raise_fd_limit()
    if args.sweep:
        return sweep(args)
    return run(args, args.conversations, args.database)


if __name__ == "__main__":
    main()

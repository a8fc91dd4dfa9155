"""Open tickets through the HTTP API of a real server process and print tickets per second.

Usage: python bench/ticket_throughput.py [--tickets 400] [--clients 8] [--database URL]

Starts the app with `flask run --with-threads` on a free loopback port (SQLite in a temporary
instance folder unless --database names e.g. postgresql+psycopg://postgres@127.0.0.1/test),
opens identified sessions, then opens tickets from --clients threads: once with text only and
once with a 200 KB PNG screenshot uploaded first (two requests per ticket). Each ticket also
writes its confirmation email to the outbox, as in production. Prints tickets/s and p50/p99.
"""
import argparse
import concurrent.futures
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib

import jwt

# The repository root, so that `python bench/ticket_throughput.py` finds the bench package and
# the tests' free_port (tests/support/live_servers.py).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from bench import results  # noqa: E402
from tests.support.live_servers import free_port  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET = "bench-identity-secret-0123456789abcdef"


def png(size):
    """Return a valid PNG of about `size` bytes (noise does not compress)."""
    width = 256
    rows = max(1, size // (width * 3))
    raw = b"".join(b"\x00" + os.urandom(width * 3) for _ in range(rows))
    chunk = lambda kind, data: (struct.pack(">I", len(data)) + kind + data  # noqa: E731
                                + struct.pack(">I", zlib.crc32(kind + data)))
    header = struct.pack(">IIBBBBB", width, rows, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 0))
            + chunk(b"IEND", b""))


def call(base, method, path, body=None, token=None, files=None):
    """Make one HTTP request; return (status, parsed JSON)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if files:
        boundary = "benchboundary"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="site"\r\n\r\nbench\r\n'
                 .encode(),
                 f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                 f'filename="captura.png"\r\nContent-Type: image/png\r\n\r\n'.encode(),
                 files, f"\r\n--{boundary}--\r\n".encode()]
        data = b"".join(parts)
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    else:
        data = json.dumps(body).encode() if body is not None else None
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def start_server(instance, database):
    """Start the app in its own process and wait until it answers."""
    port = free_port()
    env = {**os.environ, "HELPWIDGET_INSTANCE_PATH": instance,
           "HELPWIDGET_DATABASE_URL": database, "HELPWIDGET_RATELIMIT_TICKETS": "100000 per minute",
           "HELPWIDGET_RATELIMIT_UPLOADS": "100000 per minute",
           "HELPWIDGET_RATELIMIT_SESSION": "100000 per minute"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run(flask + ["db", "upgrade"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    subprocess.run(flask + ["sites", "create", "bench", "--name", "Bench", "--locale", "es"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    code = ("from helpwidget import create_app; from helpwidget.services import sites; "
            f"app = create_app(); app.app_context().push(); "
            f"sites.save_site('bench', identity_secret='{SECRET}')")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(flask + ["run", "--port", str(port), "--with-threads"], cwd=ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/api/v1/openapi.json", timeout=1)
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def session(base, user):
    """Open an identified session and return its visitor token."""
    identity = jwt.encode({"sub": user, "name": user, "email": f"{user}@example.com",
                           "account_id": "acc", "exp": int(time.time()) + 3600}, SECRET)
    status, body = call(base, "POST", "/api/v1/session", {"site": "bench", "identity": identity})
    assert status == 201, body
    return body["visitor_token"]


def open_ticket(base, token, i, screenshot):
    """Open one ticket (after uploading the screenshot, if any); return seconds taken."""
    started = time.perf_counter()
    attachments = []
    if screenshot is not None:
        status, body = call(base, "POST", "/api/v1/uploads", token=token, files=screenshot)
        assert status == 201, body
        attachments = [body["id"]]
    status, body = call(base, "POST", "/api/v1/tickets", {
        "site": "bench", "subject": f"Factura {i} no se emite", "category": "technical_issue",
        "subcategory": "error_message", "description": "Aparece un error al emitir. " * 20,
        "cc": ["conta@example.com"], "attachments": attachments}, token=token)
    assert status == 201, body
    return time.perf_counter() - started


def run(base, tokens, count, clients, screenshot):
    """Open `count` tickets from `clients` threads; return (tickets/s, latencies)."""
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        latencies = list(pool.map(lambda i: open_ticket(base, tokens[i % len(tokens)], i,
                                                        screenshot), range(count)))
    return count / (time.perf_counter() - started), sorted(latencies)


def main():
    """Parse arguments, run both rounds and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    instance = tempfile.mkdtemp(prefix="helpwidget-bench-")
    database = args.database or f"sqlite:///{instance}/bench.sqlite"
    server, base = start_server(instance, database)
    try:
        tokens = [session(base, f"user{i}") for i in range(args.clients)]
        run(base, tokens, 20, args.clients, None)  # warm up
        shot = png(200 * 1024)
        print(f"database: {database.split(':')[0]}  clients: {args.clients}  "
              f"tickets per round: {args.tickets}")
        rounds = {}
        for label, screenshot in (("text only", None), ("with a 200 KB screenshot", shot)):
            rate, lat = run(base, tokens, args.tickets, args.clients, screenshot)
            p50 = statistics.median(lat) * 1000
            p99 = lat[int(len(lat) * 0.99) - 1] * 1000
            print(f"{label:26s} {rate:7.1f} tickets/s   p50 {p50:6.1f} ms   p99 {p99:6.1f} ms")
            rounds[label] = {"tickets_per_s": round(rate, 1), "p50_ms": round(p50, 1),
                             "p99_ms": round(p99, 1)}
        results.save(f"ticket_throughput_{database.split(':')[0].split('+')[0]}",
                     clients=args.clients, **rounds)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

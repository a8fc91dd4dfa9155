"""The documented deployment on loopback: nginx (deploy/nginx.conf) in front of two processes.

Debian's nginx runs in the foreground with its own prefix and configuration in a temporary
folder, on a free port, terminating TLS with a certificate made for the test. Behind it, two
`python wsgi.py` processes share one database, one Redis (message queue and rate-limit counters),
the uploads folder and the search index folder. nginx keeps each client on one process by its
address; the clients here bind distinct loopback source addresses (127.0.0.x), as machines do.
"""
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
import uuid
from pathlib import Path

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests.support.chat_views import open_claimed_chat
from tests.support.live_servers import ROOT, Deployment, Peer, free_port, require
from tests.support.proof import record

pytestmark = [pytest.mark.proof, pytest.mark.cluster]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TEMPLATE = Path(ROOT) / "deploy" / "nginx.conf"
LOG_LINE = re.compile(r'^(\S+) \[[^\]]+\] "(\S+) (\S+) [^"]*" (\d+) \d+ upstream=(.*?) time=')
SERVER_ENV = {"HELPWIDGET_TRUSTED_PROXIES": "1", "HELPWIDGET_RATELIMIT_TICKETS": "3 per minute",
              "HELPWIDGET_RATELIMIT_SESSION": "3 per minute"}


def render(template, upstreams, port, http_port, folder):
    """Return the shipped site configuration with this test's processes, ports, certificate, log."""
    steps = [
        (r"^(\s*)server 127\.0\.0\.1:\d+;\n(?:\s*server 127\.0\.0\.1:\d+;\n)*",
         lambda m: "".join(f"{m.group(1)}server {u};\n" for u in upstreams)),
        (r"^(\s*)listen \[::\]:\d+[^;]*;\n", ""),
        (r"listen 80;", f"listen 127.0.0.1:{http_port};"),
        (r"listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"),
        (r"ssl_certificate (\s*)\S+;", rf"ssl_certificate \g<1>{folder}/cert.pem;"),
        (r"ssl_certificate_key \S+;", f"ssl_certificate_key {folder}/key.pem;"),
        (r"access_log \S+ helpwidget;", f"access_log {folder}/access.log helpwidget;"),
    ]
    for pattern, replacement in steps:
        template, count = re.subn(pattern, replacement, template, flags=re.M)
        assert count, f"deploy/nginx.conf no longer has {pattern!r}"
    return template


class Nginx:
    """nginx as a foreground child of the test, with its own prefix: never the system service."""

    def __init__(self, folder, upstreams, port):
        require(Path(NGINX).exists(), "nginx is not installed (apt-get install nginx)")
        self.folder = folder
        self.port, http_port = port, free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj",
                        "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", folder / "key.pem", "-out", folder / "cert.pem"],
                       check=True, capture_output=True)
        (folder / "helpwidget.conf").write_text(
            render(TEMPLATE.read_text(), upstreams, self.port, http_port, folder))
        temp = " ".join(f"{kind}_temp_path {folder}/{kind};"
                        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (folder / "nginx.conf").write_text(
            f"worker_processes 1;\nerror_log {folder}/error.log info;\n"
            "events { worker_connections 1024; }\n"
            f"http {{ {temp} include {folder}/helpwidget.conf; }}\n")
        user = "user root;" if os.geteuid() == 0 else ""  # workers read the tmp files
        self.process = subprocess.Popen(
            [NGINX, "-p", f"{folder}/", "-c", f"{folder}/nginx.conf", "-e", f"{folder}/error.log",
             "-g", f"daemon off; pid {folder}/nginx.pid; {user}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {self.errors()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)

    def errors(self):
        """Return the end of nginx's error log."""
        path = self.folder / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def served(self, until=None, timeout=10):
        """Return (client address, method, path, status, upstream) of each logged request.

        nginx logs a request just after answering it (a WebSocket when it closes), so wait
        until the lines satisfy `until`, for `timeout` seconds at most.
        """
        path = self.folder / "access.log"
        deadline = time.monotonic() + timeout
        while True:
            text = path.read_text() if path.exists() else ""
            lines = [LOG_LINE.match(line).groups() for line in text.splitlines()]
            if until is None or until(lines) or time.monotonic() > deadline:
                return lines
            time.sleep(0.05)

    def stop(self):
        """Stop nginx (its workers end with the master)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class SourceAddress(HTTPAdapter):
    """Make every connection from one loopback address."""

    def __init__(self, address):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Machine:
    """A client machine: HTTP and Socket.IO from its own loopback address, through nginx."""

    def __init__(self, address, base, certificate):
        self.address = address
        self.base = base
        self.certificate = str(certificate)
        self.http = self.session()

    def session(self):
        """Return a requests session bound to this address that trusts the test's certificate."""
        session = requests.Session()
        session.trust_env = False  # else REQUESTS_CA_BUNDLE would replace `verify`
        session.verify = self.certificate
        session.mount("https://", SourceAddress(self.address))
        return session

    def request(self, method, path, token=None, **kwargs):
        """Make one request; return the response."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return self.http.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def peer(self, namespace, auth, transport):
        """Connect a real python-socketio client over `transport` (websocket or polling)."""
        options = {"http_session": self.session()}
        if transport == "websocket":
            # websocket-client cannot bind an address itself: hand it a connected TLS socket.
            raw = socket.create_connection(("127.0.0.1", int(self.base.rsplit(":", 1)[1])),
                                           source_address=(self.address, 0))
            context = ssl.create_default_context(cafile=self.certificate)
            options["websocket_extra_options"] = {
                "socket": context.wrap_socket(raw, server_hostname="127.0.0.1")}
        return Peer(self.base, namespace, auth, transports=(transport,), **options)


class Stack:
    """The deployment, its two processes, nginx, and what the tests found."""

    def __init__(self, folder):
        self.deployment = Deployment(folder, name="hw_deploy").populate(visitors=4, role="admin")
        self.advisor_token = self.deployment.advisor_token
        self.visitor_tokens = self.deployment.visitor_tokens
        self.nginx_folder = folder / "nginx"
        self.nginx_folder.mkdir()
        self.port = free_port()  # nginx's, known before the processes start (PUBLIC_URL)
        env = dict(SERVER_ENV, HELPWIDGET_RATELIMIT_STORAGE_URI=self.deployment.queue,
                   HELPWIDGET_RATELIMIT_KEY_PREFIX=self.deployment.channel,
                   HELPWIDGET_PUBLIC_URL=f"https://127.0.0.1:{self.port}")
        self.servers = []
        self.nginx = None
        self.peers = []
        self.figures = {}
        try:
            for _ in range(2):
                self.servers.append(self.deployment.server(**env))
            self.upstreams = {f"127.0.0.1:{s.port}": name for s, name in zip(self.servers, "AB")}
            self.nginx = Nginx(self.nginx_folder, list(self.upstreams), self.port)
            self.machines = self._machines()
        except BaseException:
            self.close()
            raise

    def _machines(self):
        """Probe client addresses until each process has some; return {process: [Machine]}.

        Every address asks three times: all three must land on one process (stickiness).
        """
        found, probes = {"A": [], "B": []}, []
        for n in range(2, 40):
            address = f"127.0.0.{n}"
            machine = Machine(address, self.nginx.url, self.nginx_folder / "cert.pem")
            for _ in range(3):
                # The loader: answered by any process without a session or a rate limit.
                assert machine.request("GET", f"/widget.js?probe={address}").status_code == 200
            probes.append(machine)
            lines = self.nginx.served(lambda lines, n=len(probes): len(lines) >= 3 * n)
            upstreams = {up for client, _m, _p, _s, up in lines if client == address}
            assert len(upstreams) == 1, f"{address} was served by {upstreams}: not sticky"
            found[self.upstreams[upstreams.pop()]].append(machine)
            if len(probes) >= 10 and min(len(v) for v in found.values()) >= 3:
                break
        assert all(len(v) >= 3 for v in found.values()), f"clients did not spread: {found}"
        self.figures["client_addresses_probed"] = len(probes)
        return found

    def served_by(self, address, prefix=""):
        """Return the processes ("A", "B") nginx sent `address`'s requests under `prefix` to."""
        def mine(lines):
            return [up for client, _m, path, _s, up in lines
                    if client == address and path.startswith(prefix)]
        return {self.upstreams.get(up, up) for up in mine(self.nginx.served(mine))}

    def peer(self, machine, namespace, auth, transport="websocket"):
        """Connect a Socket.IO client from `machine`; it is closed with the stack."""
        client = machine.peer(namespace, auth, transport)
        self.peers.append(client)
        return client

    def close(self):
        """Disconnect the clients, stop nginx and the processes, release the database."""
        for client in self.peers:
            client.close()
        if self.nginx is not None:
            self.nginx.stop()
        for server in self.servers:
            server.stop()
        self.deployment.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """Start the stack once for the module; record its figures when every test is done."""
    stack = Stack(tmp_path_factory.mktemp("deployment"))
    yield stack
    stack.close()
    if stack.figures:
        record("scale", "two processes behind nginx", processes=2, **stack.figures)


def test_each_client_sticks_to_one_process_and_clients_spread(stack):
    assert {name for name, machines in stack.machines.items() if machines} == {"A", "B"}
    for name, machines in stack.machines.items():
        for machine in machines:
            assert stack.served_by(machine.address) == {name}


def _chat_both_ways(stack, visitor, console, token, tag, rounds=5):
    """Start a chat from `visitor`, Marta claims it on `console`; both write; return figures."""
    chat_id, _first = open_claimed_chat(console, visitor, body=f"{tag}0", client_id=f"{tag}-0")
    expected = []
    for n in range(1, rounds + 1):
        visitor.ok("chat:send", {"chat_id": chat_id, "client_id": f"{tag}-v{n}", "body": f"v{n}"})
        console.ok("chat:send", {"chat_id": chat_id, "client_id": f"{tag}-a{n}", "body": f"a{n}"})
        expected += [f"v{n}", f"a{n}"]
    lost = duplicated = 0
    for side in (visitor, console):
        heard = {}
        while len(heard) < len(expected):
            data = side.wait("chat:message", where=lambda d: d["chat_id"] == chat_id)
            duplicated += data["message"]["seq"] in heard
            heard[data["message"]["seq"]] = data["message"]["body"]
        assert [heard[seq] for seq in sorted(heard)] == expected
        lost += len(expected) - len(heard)
    assert duplicated == 0, "a message arrived twice"
    console.ok("chat:close", {"chat_id": chat_id})
    return len(expected), lost, duplicated


@pytest.mark.parametrize("transport", ["polling", "websocket"])
def test_visitor_and_advisor_on_different_processes_chat_both_ways(stack, transport):
    polling = transport == "polling"
    machine_a, machine_b = stack.machines["A"][0 if polling else 1], stack.machines["B"][0]
    token = stack.visitor_tokens[0 if polling else 1]
    console = stack.peer(machine_b, "/advisor", {"token": stack.advisor_token})
    visitor = stack.peer(machine_a, "/visitor", {"site": "acme", "token": token}, transport)
    assert visitor.client.transport() == transport
    messages, lost, duplicated = _chat_both_ways(stack, visitor, console, token, transport)
    visitor.close()
    console.close()
    # Every Socket.IO request of each side went to its own process: long-polling's many
    # requests included, which would fail with "invalid session" anywhere else.
    assert stack.served_by(machine_a.address, "/socket.io/") == {"A"}
    assert stack.served_by(machine_b.address, "/socket.io/") == {"B"}
    socket_requests = [(c, s) for c, _m, path, s, _u in stack.nginx.served()
                       if path.startswith("/socket.io/") and c == machine_a.address]
    assert all(status in ("101", "200") for _c, status in socket_requests), socket_requests
    stack.figures[f"chat_{transport}_messages"] = messages
    stack.figures[f"chat_{transport}_requests"] = len(socket_requests)
    stack.figures["lost"] = stack.figures.get("lost", 0) + lost
    stack.figures["duplicated"] = stack.figures.get("duplicated", 0) + duplicated


def test_an_article_saved_through_one_process_is_found_through_the_other(stack):
    machine_a, machine_b = stack.machines["A"][0], stack.machines["B"][0]
    word = f"zorblax{uuid.uuid4().hex[:6]}"
    before = machine_b.request("GET", "/api/v1/search", params={"site": "acme", "q": word})
    assert before.status_code == 200 and before.json()["total"] == 0  # B has searched already
    saved = machine_a.request("POST", "/api/v1/advisor/sites/acme/articles",
                              token=stack.advisor_token,
                              json={"title": f"Reconcile the {word} ledger", "locale": "en",
                                    "body": "Open the ledger and reconcile it.",
                                    "published": True})
    assert saved.status_code == 201, saved.text
    # Links use the address and scheme the client used, not the process's own.
    assert saved.json()["url"].startswith(f"{stack.nginx.url}/help/acme/en/articles/")
    found = machine_b.request("GET", "/api/v1/search", params={"site": "acme", "q": word})
    assert found.status_code == 200
    assert [r["title"] for r in found.json()["results"]] == [f"Reconcile the {word} ledger"]
    assert stack.served_by(machine_a.address, "/api/v1/advisor/") == {"A"}
    assert stack.served_by(machine_b.address, "/api/v1/search") == {"B"}
    stack.figures["found_across_processes"] = True


def test_an_attachment_uploaded_through_one_process_downloads_through_the_other(stack):
    machine_a, machine_b = stack.machines["A"][1], stack.machines["B"][1]
    token = stack.visitor_tokens[2]
    content = f"Línea 1: error {uuid.uuid4().hex}\n".encode() * 50
    uploaded = machine_a.request("POST", "/api/v1/uploads", token=token, data={"site": "acme"},
                                 files={"file": ("informe.txt", content, "text/plain")})
    assert uploaded.status_code == 201, uploaded.text
    opened = machine_b.request("POST", "/api/v1/tickets", token=token, json={
        "site": "acme", "subject": "El informe no cuadra", "category": "technical_issue",
        "subcategory": "error_message", "description": "Adjunto el informe del error.",
        "name": "Ana", "email": "ana@example.com", "attachments": [uploaded.json()["id"]]})
    assert opened.status_code == 201, opened.text
    downloaded = machine_b.request("GET", f"/api/v1/attachments/{uploaded.json()['id']}",
                                   token=token, params={"site": "acme"})
    assert downloaded.status_code == 200 and downloaded.content == content
    assert stack.served_by(machine_a.address, "/api/v1/uploads") == {"A"}
    assert stack.served_by(machine_b.address, "/api/v1/attachments/") == {"B"}
    stack.figures["attachment_bytes_across"] = len(content)


def test_rate_limits_are_shared_by_the_processes_and_kept_per_client(stack):
    # One visitor's tickets (3 a minute) counted together whichever process takes them.
    machine_a, machine_b = stack.machines["A"][2], stack.machines["B"][2]
    token = stack.visitor_tokens[3]

    def ticket(machine):
        return machine.request("POST", "/api/v1/tickets", token=token, json={
            "site": "acme", "subject": "Otra consulta", "category": "technical_issue",
            "subcategory": "error_message", "description": "No puedo emitir facturas.",
            "name": "Ana", "email": "ana@example.com"}).status_code
    statuses = [ticket(machine_a), ticket(machine_a), ticket(machine_b), ticket(machine_b)]
    assert statuses == [201, 201, 201, 429]  # each process alone would have taken a 4th
    # Sessions opened without a token are limited per client address (3 a minute): one
    # client's limit leaves the others alone, though nginx relays them all.
    first, second = [m for machines in stack.machines.values() for m in machines[3:]][:2]
    sessions = [first.request("POST", "/api/v1/session", json={"site": "acme"}).status_code
                for _ in range(4)]
    assert sessions == [201, 201, 201, 429]
    assert second.request("POST", "/api/v1/session", json={"site": "acme"}).status_code == 201
    stack.figures["rate_limits_shared"] = True
    stack.figures["rate_limits_per_client_address"] = True


def test_nginx_relays_the_compressed_widget_and_console_assets(stack):
    import gzip

    import brotli
    decode = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda data: data}
    machine = stack.machines["A"][0]
    files = {"/widget.js": "helpwidget/widget/dist/widget.js",
             "/widget/assets/panel.js": "helpwidget/widget/dist/panel.js",
             "/widget/assets/panel.css": "helpwidget/widget/dist/panel.css",
             "/console/static/dist/console.js": "helpwidget/console/static/dist/console.js"}
    sizes = {}
    for path, file in files.items():
        identity = (Path(ROOT) / file).read_bytes()
        for accept, encoding in (("gzip, deflate, br", "br"), ("gzip", "gzip"),
                                 ("identity", None)):
            answer = machine.http.get(machine.base + path, headers={"Accept-Encoding": accept},
                                      stream=True, timeout=30)
            raw = answer.raw.read(decode_content=False)
            assert answer.status_code == 200, (path, answer.status_code)
            assert answer.headers.get("Content-Encoding") == encoding, (path, accept)
            assert "Accept-Encoding" in answer.headers["Vary"]
            assert int(answer.headers["Content-Length"]) == len(raw)
            assert decode[encoding](raw) == identity
            sizes[f"{path} {encoding or 'identity'}"] = len(raw)
    # The console's script is the largest asset: text that compresses several times over.
    console_js = "/console/static/dist/console.js"
    assert sizes[f"{console_js} br"] < sizes[f"{console_js} identity"] / 3
    stack.figures["compressed_through_nginx"] = True

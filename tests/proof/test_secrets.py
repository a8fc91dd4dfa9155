"""Secrets stay secret: never in a URL, a log line or someone else's response; signatures and
tokens are checked in constant time; the console's cookie is locked down."""
import ast
import hashlib
import hmac
import io
import json
import logging
import re
import socket
import time
import uuid
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
import socketio
from jwt.utils import base64url_decode

from helpwidget import demo
from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import AdvisorToken, OutboxMessage, Visitor
from helpwidget.services import advisors, sites, webhooks
from tests.support.fixtures_advisors import PASSWORD, advisor_login, bearer
from tests.support.fixtures_tickets import auth, ticket_form
from tests.support.identities import sign_identity

ROOT = Path(__file__).resolve().parents[2]
# Query parameters that would carry a credential.
_SECRET_PARAMS = re.compile(r"token|jwt|secret|password|identity|signature|auth", re.I)
_URL = re.compile(r"""(?:https?://[^\s"'<>)]+|(?<=["'])/[^\s"'<>]*)""")


def _urls(text):
    """Return the absolute URLs and quoted root-relative paths in a text (JSON, HTML, email)."""
    return _URL.findall(text)


def _url_problems(url, secrets):
    """Return why a URL is unfit to carry: a secret in it, or a credential-named parameter."""
    found = [s for s in secrets if s and s in url]
    found += [key for key, _value in parse_qsl(urlsplit(url).query) if _SECRET_PARAMS.search(key)]
    return found


def _console_sign_in(client, email, password=PASSWORD):
    """Sign in through the console's form (with its CSRF token); return the response."""
    page = client.get("/console/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    return client.post("/console/login", data={"email": email, "password": password,
                                                "csrf_token": csrf})


def test_secrets_stay_out_of_urls_emails_and_other_peoples_responses(app, client, site,
                                                                      advisor):
    webhook_secret = "whsec-" + uuid.uuid4().hex
    sites.save_site(site.key, alert_webhook_secret=webhook_secret, alert_emails=["ops@acme.test"],
                    alert_webhook_url="https://hooks.acme.test/alerts")
    identity = sign_identity(site, sub="ana", account_id="acc-1", email="ana@example.com")
    seen = []  # (what, response, the secrets it may carry: those it hands to its caller)

    def call(what, method, url, may_carry=(), **kwargs):
        response = client.open(url, method=method, **kwargs)
        assert response.status_code < 400, (what, response.get_json())
        seen.append((what, response, set(may_carry)))
        return response

    opened = call("open a session", "POST", "/api/v1/session",
                  json={"site": "acme", "identity": identity})
    visitor = opened.get_json()["visitor_token"]
    seen[-1][2].add(visitor)
    call("widget settings", "GET", "/api/v1/widget?site=acme")
    call("request types", "GET", "/api/v1/ticket-categories?site=acme", headers=auth(visitor))
    upload = call("upload", "POST", "/api/v1/uploads", headers=auth(visitor),
                  content_type="multipart/form-data",
                  data={"site": "acme", "file": (io.BytesIO(b"log line"), "error.txt")})
    ticket = call("open an urgent request", "POST", "/api/v1/tickets", headers=auth(visitor),
                  json=ticket_form(site, category="platform_down", subcategory="other",
                                   attachments=[upload.get_json()["id"]])).get_json()["ticket"]
    number = ticket["number"]
    call("my requests", "GET", "/api/v1/tickets?site=acme", headers=auth(visitor))
    call("comment", "POST", f"/api/v1/tickets/{number}/comments", headers=auth(visitor),
         json={"site": "acme", "body": "Sigue caído"})
    signed_in = call("advisor sign-in", "POST", "/api/v1/advisor/session",
                     json={"email": advisor.email, "password": PASSWORD})
    token = signed_in.get_json()["token"]
    seen[-1][2].add(token)
    call("who am I", "GET", "/api/v1/advisor/me", headers=bearer(token))
    inbox = call("inbox", "GET", "/api/v1/advisor/tickets", headers=bearer(token)).get_json()
    ticket_id = inbox["tickets"][0]["id"]
    call("the request, for the advisor", "GET", f"/api/v1/advisor/tickets/{ticket_id}",
         headers=bearer(token))
    call("reply", "POST", f"/api/v1/advisor/tickets/{ticket_id}/comments", headers=bearer(token),
         json={"body": "Lo estamos revisando", "status": "resolved"})
    call("team", "GET", "/api/v1/advisor/sites/acme/team", headers=bearer(token))
    call("the request, for its requester", "GET", f"/api/v1/tickets/{number}?site=acme",
         headers=auth(visitor))
    call("chat availability", "GET", "/api/v1/chat/availability?site=acme")
    # The console: signed in by its form, its page and the API through its cookie.
    assert _console_sign_in(client, advisor.email).status_code == 302
    with client.session_transaction() as cookie_session:
        console_token = cookie_session["advisor_token"]
    page = call("console page", "GET", "/console")
    call("who am I, by cookie", "GET", "/api/v1/advisor/me")

    secrets = [identity, visitor, token, console_token, PASSWORD, site.identity_secret,
               webhook_secret, advisor.password_hash, app.config["SECRET_KEY"],
               db.session.execute(db.select(Visitor.token_hash)).scalars().first()]
    problems = []
    for what, response, may_carry in seen:
        text = response.get_data(as_text=True)
        problems += [(what, "carries", s[:12]) for s in secrets
                     if s not in may_carry and s in text]
        problems += [(what, url, _url_problems(url, secrets)) for url in _urls(text)
                     if _url_problems(url, secrets)]
    # Emails (the confirmation, the urgent alert, the reply) and the alert webhook.
    messages = db.session.execute(db.select(OutboxMessage)).scalars().all()
    assert {m.kind for m in messages} == {"email", "webhook"} and len(messages) >= 3
    for message in messages:
        text = json.dumps(message.payload, ensure_ascii=False)
        problems += [(f"outbox {message.id}", "carries", s[:12]) for s in secrets if s in text]
        problems += [(f"outbox {message.id}", url, _url_problems(url, secrets))
                     for url in _urls(text) if _url_problems(url, secrets)]
    assert problems == []
    # The checks above did look at links: the emails' and the console page's.
    assert any("/help/acme/" in url for m in messages for url in _urls(json.dumps(m.payload)))
    assert _urls(page.get_data(as_text=True))


def test_the_widget_and_console_scripts_put_no_token_in_a_url():
    # The widget sends its token in the Authorization header and the Socket.IO auth payload,
    # the console uses its cookie: no script builds a URL with a credential in it.
    scripts = [*ROOT.glob("widget_static/src/**/*.js"), *ROOT.glob("widget_static/src/**/*.jsx"),
               *ROOT.glob("helpwidget/widget/dist/*.js"),
               *ROOT.glob("helpwidget/console/static/dist/*.js")]
    assert len(scripts) >= 6
    in_url = re.compile(r"[?&](?:token|access_token|visitor_token|jwt|identity|auth)=", re.I)
    query_option = re.compile(r"\bquery\s*:\s*\{[^}]*token", re.I)
    offenders = [str(p.relative_to(ROOT)) for p in scripts
                 if in_url.search(p.read_text(encoding="utf-8", errors="replace"))
                 or query_option.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert offenders == []


def _closed_port():
    """Return a loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def captured(caplog):
    """Capture everything the app and the HTTP server log, down to DEBUG."""
    # SQL echo prints statements and rows: a debugging tool, off here as in production.
    # (Set first: set_level also sets the capturing handler's level, which must end at DEBUG.)
    caplog.set_level(logging.WARNING, logger="sqlalchemy")
    for name in ("helpwidget", "werkzeug", None):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def test_no_secret_reaches_the_logs_of_a_whole_session(app, site, advisor, live_server,
                                                       smtp_server, captured):
    mail_password = "smtp-" + uuid.uuid4().hex
    path_secret, query_secret = uuid.uuid4().hex, uuid.uuid4().hex
    webhook_secret = "whsec-" + uuid.uuid4().hex
    app.config.update(MAIL_USERNAME="mailer@acme.test", MAIL_PASSWORD=mail_password)
    sites.save_site(site.key, alert_emails=["ops@acme.test"], alert_webhook_secret=webhook_secret,
                    alert_webhook_url=f"http://127.0.0.1:{_closed_port()}/hooks/{path_secret}"
                                      f"?token={query_secret}")
    identity = sign_identity(site, sub="ana", account_id="acc-1", email="ana@example.com")
    http = requests.Session()
    api = live_server + "/api/v1"
    visitor = http.post(f"{api}/session", json={"site": "acme", "identity": identity}).json()[
        "visitor_token"]
    widget_headers = {"Authorization": f"Bearer {visitor}"}
    upload = http.post(f"{api}/uploads", headers=widget_headers, data={"site": "acme"},
                       files={"file": ("error.txt", b"stack trace")}).json()
    number = http.post(f"{api}/tickets", headers=widget_headers, json=ticket_form(
        site, category="platform_down", subcategory="other",
        attachments=[upload["id"]])).json()["ticket"]["number"]
    assert http.get(f"{api}/tickets/{number}?site=acme", headers=widget_headers).ok
    wrong = http.post(f"{api}/advisor/session", json={"email": advisor.email,
                                                      "password": PASSWORD + " wrong"})
    assert wrong.status_code == 401
    token = http.post(f"{api}/advisor/session", json={"email": advisor.email,
                                                      "password": PASSWORD}).json()["token"]
    console_headers = {"Authorization": f"Bearer {token}"}
    ticket_id = http.get(f"{api}/advisor/tickets", headers=console_headers).json()[
        "tickets"][0]["id"]
    assert http.post(f"{api}/advisor/tickets/{ticket_id}/comments", headers=console_headers,
                     json={"body": "Mirando"}).ok
    _chat_over_sockets(live_server, token, visitor)
    console_token = _console_round_trip(app, live_server, advisor)
    assert http.delete(f"{api}/advisor/session", headers=console_headers).status_code == 204
    assert http.delete(f"{api}/session", headers=widget_headers,
                       json={"site": "acme"}).status_code == 204
    # Mail that cannot sign in, and a webhook nobody answers: both are logged and retried.
    counts = outbox_sender.deliver_due()
    assert counts["retry"] >= 2

    lines = [record.getMessage() + (record.exc_text or "") for record in captured.records]
    text = "\n".join(lines)
    assert "/api/v1/tickets" in text and "/socket.io/" in text, "the server's log was not seen"
    assert "attempt 1 failed" in text, "the outbox's log was not seen"
    secrets = {"identity token": identity, "visitor token": visitor, "advisor token": token,
               "console session token": console_token, "password": PASSWORD,
               "identity secret": site.identity_secret, "mail password": mail_password,
               "webhook secret": webhook_secret, "webhook URL path": path_secret,
               "webhook URL query": query_secret}
    assert [name for name, value in secrets.items() if value in text] == []


def _chat_over_sockets(live_server, advisor_token, visitor_token):
    """Chat between a console and a widget over real Socket.IO connections."""
    console = socketio.Client(reconnection=False)
    widget = socketio.Client(reconnection=False)
    try:
        console.connect(live_server, namespaces=["/advisor"], auth={"token": advisor_token},
                        transports=["polling"], wait_timeout=10)
        assert console.call("presence:set", {"status": "online"}, namespace="/advisor")["ok"]
        widget.connect(live_server, namespaces=["/visitor"],
                       auth={"site": "acme", "token": visitor_token}, transports=["polling"],
                       wait_timeout=10)
        chat = widget.call("chat:start", {"client_id": "c1", "body": "¿Hay alguien?"},
                           namespace="/visitor")["chat"]
        assert console.call("chat:claim", {"chat_id": chat["id"]}, namespace="/advisor")["ok"]
        assert console.call("chat:send", {"chat_id": chat["id"], "client_id": "a1",
                                          "body": "Sí, dime"}, namespace="/advisor")["ok"]
        assert widget.call("chat:close", {"chat_id": chat["id"]}, namespace="/visitor")["ok"]
    finally:
        widget.disconnect()
        console.disconnect()


def _console_round_trip(app, live_server, advisor):
    """Sign in to the console by its form, open it, sign out; return the cookie's token."""
    browser = requests.Session()
    page = browser.get(f"{live_server}/console/login").text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    signed_in = browser.post(f"{live_server}/console/login", allow_redirects=False, data={
        "email": advisor.email, "password": PASSWORD, "csrf_token": csrf})
    assert signed_in.status_code == 302
    cookie = browser.cookies.get(app.config["SESSION_COOKIE_NAME"])
    token = app.session_interface.get_signing_serializer(app).loads(cookie)["advisor_token"]
    console = browser.get(f"{live_server}/console").text
    logout_csrf = re.search(r'name="csrf_token" value="([^"]+)"', console).group(1)
    assert browser.post(f"{live_server}/console/logout", data={"csrf_token": logout_csrf},
                        allow_redirects=False).status_code == 302
    return token


@pytest.fixture
def compared(monkeypatch):
    """Record the arguments of every hmac.compare_digest call (the comparison still happens)."""
    calls = []
    original = hmac.compare_digest

    def recording(a, b):
        calls.append((a, b))
        return original(a, b)
    monkeypatch.setattr(hmac, "compare_digest", recording)
    return calls


def _as_bytes(value):
    """Return a compared value as bytes."""
    return value.encode() if isinstance(value, str) else bytes(value)


def test_signatures_and_passwords_are_compared_in_constant_time(app, client, site, advisor,
                                                                compared):
    # Identity tokens: PyJWT compares the HMAC signature with compare_digest.
    good = sign_identity(site, sub="ana")
    assert client.post("/api/v1/session", json={"site": "acme", "identity": good}).status_code \
        == 201
    signature = base64url_decode(good.rsplit(".", 1)[1])
    assert any(signature in (_as_bytes(a), _as_bytes(b)) for a, b in compared), \
        "the identity signature was not compared in constant time"
    compared.clear()
    forged = sign_identity(site, sub="ana", secret="not-the-site-secret-" + "x" * 24)
    assert client.post("/api/v1/session", json={"site": "acme", "identity": forged}).status_code \
        == 401
    assert compared, "a forged identity was refused without a constant-time comparison"
    # Alert webhook signatures, as a receiver checks them.
    compared.clear()
    body, stamp = b'{"event": "ticket.urgent"}', int(time.time())
    header = webhooks.sign("hook-secret", stamp, body)
    assert webhooks.verify_signature("hook-secret", stamp, body, header)
    tampered = header[:-1] + ("1" if header.endswith("0") else "0")
    assert not webhooks.verify_signature("hook-secret", stamp, body, tampered)
    assert len(compared) == 2
    # Advisor passwords (werkzeug's scrypt check) and the console form's CSRF token.
    compared.clear()
    advisor_login(client, advisor.email)
    assert compared, "the password hash was not compared in constant time"
    compared.clear()
    assert _console_sign_in(client, advisor.email).status_code == 302
    assert compared, "the CSRF token was not compared in constant time"


def test_the_demo_host_compares_identity_secrets_in_constant_time(app, client, compared):
    app.config["DEMO_HOST"] = True
    secret = demo.demo_secrets()["facturafacil"]
    sites.save_site("facturafacil", name="FacturaFácil", identity_secret=secret)
    signed = client.post("/demo/facturafacil/identity")
    assert signed.status_code == 200 and signed.get_json()["jwt"]
    assert (secret.encode(), secret.encode()) in compared
    # A real product that happens to use the demo's key keeps its own secret, and its users.
    sites.save_site("facturafacil", identity_secret="a-real-products-own-secret-0123456789")
    assert client.post("/demo/facturafacil/identity").status_code == 404


def test_bearer_tokens_are_looked_up_by_hash_and_never_stored(client, site, advisor):
    # A lookup by SHA-256 reveals nothing of the token through timing: there is nothing to
    # compare character by character.
    visitor = client.post("/api/v1/session", json={"site": "acme"}).get_json()["visitor_token"]
    token = advisor_login(client, advisor.email)
    stored = db.session.execute(db.select(Visitor.token_hash)).scalars().all() + \
        db.session.execute(db.select(AdvisorToken.token_hash)).scalars().all()
    assert hashlib.sha256(visitor.encode()).hexdigest() in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored
    assert visitor not in stored and token not in stored


# Comparisons of values that are not secrets, though their names say hash or token. A search's
# visitor hash is a lookup key in SQL (a reader's recent searches), never checked as a secret.
_NOT_SECRET = {("helpwidget/widget/files.py", "request.args.get('v') == build.content_hash(path)"),
               ("helpwidget/services/search_insights.py",
                "SearchEvent.visitor_hash == visitor_hash")}


def test_no_secret_is_compared_with_equality_operators():
    # A review of the code: secrets, signatures, passwords and digests go through
    # hmac.compare_digest, or are looked up by their hash.
    name = re.compile(r"secret|signature|password|digest|token|hash", re.I)

    def hashed_lookup(node):
        return isinstance(node, ast.Call) and getattr(node.func, "id", "") == "hash_token"

    def operand(node):
        """Return what a compared value is called: `site.identity_secret` is identity_secret."""
        while isinstance(node, (ast.Call, ast.Subscript)):
            node = node.func if isinstance(node, ast.Call) else node.value
        return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")

    found = set()
    for path in (ROOT / "helpwidget").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Compare) and any(
                    isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops) and any(
                    name.search(operand(c)) for c in [node.left, *node.comparators]) and not any(
                    (isinstance(c, ast.Constant) and c.value is None) or hashed_lookup(c)
                    for c in [node.left, *node.comparators]):
                found.add((str(path.relative_to(ROOT)), ast.unparse(node)))
    assert found - _NOT_SECRET == set()


@pytest.fixture
def https_app(make_app):
    """Return an app whose PUBLIC_URL is https, on the shared test database."""
    return make_app(PUBLIC_URL="https://help.acme.test")


def test_the_console_cookie_is_secure_behind_https(https_app, advisor):
    assert https_app.config["SESSION_COOKIE_SECURE"] is True
    response = _console_sign_in(https_app.test_client(), advisor.email)
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_the_console_cookie_is_httponly_and_same_site_over_http(app, client, advisor):
    assert app.config["SESSION_COOKIE_SECURE"] is False
    cookie = _console_sign_in(client, advisor.email).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_a_password_change_closes_the_advisors_live_consoles(client, advisor, connect):
    token = advisor_login(client, advisor.email)
    console = connect("/advisor", {"token": token})
    assert console.ok("chat:queue")["queued"] == []
    advisors.set_password(advisor, "a brand new passphrase")
    deadline = time.monotonic() + 10
    while console.client.namespaces and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not console.client.namespaces, "the console stayed connected"
    assert client.get("/api/v1/advisor/me", headers=bearer(token)).status_code == 401

"""Inputs that crashed or misled: deep JSON, mistyped identity claims, names of restricted
categories, the tenant list, the feed's Host header, and the default SECRET_KEY."""
import logging
import os
import re
import subprocess
import sys
import time

import jwt
import pytest

from helpwidget import create_app
from helpwidget.extensions import db
from helpwidget.models import EndUser
from tests.support.apps import app_config
from tests.support.articles import make_article
from tests.support.identities import open_session, sign_identity
from tests.support.live_servers import ROOT, free_port
from tests.support.proof import record

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000


# --- JSON nested 100,000 deep --------------------------------------------------------------------

def _json_routes(app):
    """Return (method, path) of every route taking a body, path parameters filled in."""
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: "1" if "id" in m.group(1)
                          or m.group(1) in ("number",) else "acme", rule.rule)
            found.append((method, path))
    return found


def test_a_deeply_nested_body_answers_400_on_every_route(app, client, site, caplog):
    caplog.set_level(logging.WARNING)
    failures = []
    routes = _json_routes(app)
    for body in (DEEP, DEEP_OBJECT):
        for method, path in routes:
            response = client.open(path, method=method, data=body,
                                   headers={"Content-Type": "application/json"})
            if response.status_code >= 500:
                failures.append((method, path, response.status_code))
    assert not failures
    assert "Traceback" not in caplog.text and "RecursionError" not in caplog.text
    # Unauthenticated /session answers the usual clear 400, in the caller's language.
    response = client.post("/api/v1/session", data=DEEP, headers={
        "Content-Type": "application/json", "Accept-Language": "es"})
    assert response.status_code == 400
    assert response.get_json() == {"error": "No pudimos entender la solicitud."}
    record("access", "input: JSON nested 100,000 deep, every route", attempts=2 * len(routes),
           leaks=len(failures), refusals_missed=0)


# --- identity claims have types ------------------------------------------------------------------

_addresses = iter(range(1, 10_000))


def _identify(client, site, **claims):
    """POST /session with a correctly signed identity carrying `claims`; return the response.

    Each from an address of its own, so the per-IP session limit does not answer first.
    """
    now = int(time.time())
    payload = {"sub": "u-1", "exp": now + 600, "iat": now, **claims}
    token = jwt.encode(payload, site.identity_secret, algorithm="HS256")
    n = next(_addresses)
    return client.post("/api/v1/session", json={"site": site.key, "identity": token},
                       headers={"Accept-Language": "en"},
                       environ_base={"REMOTE_ADDR": f"10.1.{n // 250}.{n % 250 + 1}"})


MISTYPED = [
    {"exp": str(int(time.time()) + 600)}, {"exp": f"{int(time.time()) + 600}.0"},
    {"exp": "soon"}, {"exp": [int(time.time()) + 600]}, {"exp": {"at": 1}},
    {"exp": float("inf")}, {"exp": float("nan")}, {"exp": True},
    {"iat": str(int(time.time()))}, {"nbf": str(int(time.time()))}, {"iat": "now"},
    {"support_user": "false"}, {"support_user": "0"}, {"support_user": "no"},
    {"support_user": "true"}, {"support_user": 1}, {"support_user": 0},
    {"support_user": []}, {"name": 12}, {"name": ["Ana"]}, {"email": {"a": 1}},
    {"email": False}, {"account_id": True}, {"account_id": [1]}, {"account_name": 5},
    {"account_type": ["partner"]}, {"account_type": True}, {"locale": 7}, {"sub": True},
    {"sub": ["u-1"]}, {"sub": {"id": 1}}, {"sub": 1.5}, {"sub": 7},
    {"purpose": "revoke"},
]


def test_mistyped_claims_are_refused_with_the_clear_error(client, site, caplog):
    caplog.set_level(logging.ERROR)
    wrong = []
    for claims in MISTYPED:
        response = _identify(client, site, **claims)
        body = response.get_json() or {}
        if response.status_code != 401 or not body.get("error"):
            wrong.append((claims, response.status_code, body))
    assert not wrong
    assert "Traceback" not in caplog.text
    message = _identify(client, site, support_user="false").get_json()["error"]
    assert message == "The identity token's claim “support_user” has the wrong type."
    assert db.session.execute(db.select(EndUser)).first() is None  # nobody was signed in
    record("access", "input: mistyped identity claims (exp/iat/nbf strings, booleans as text)",
           attempts=len(MISTYPED), leaks=len(wrong), refusals_missed=0)


def test_well_typed_claims_still_sign_in(client, site):
    response = _identify(client, site, support_user=False, account_id=42, name="Ana",
                         email=None, exp=int(time.time()) + 600.0)
    assert response.status_code == 201, response.get_json()
    user = response.get_json()["user"]
    assert user["support_user"] is False and user["account_id"] == "42"
    assert _identify(client, site, sub="7", support_user=True).get_json()["user"][
        "support_user"] is True


def test_the_help_center_sso_link_refuses_mistyped_claims(client, site):
    now = int(time.time())
    token = jwt.encode({"sub": "u-1", "exp": str(now + 300)}, site.identity_secret,
                       algorithm="HS256")
    assert client.get(f"/help/acme/sso?jwt={token}").status_code == 401


# --- names of restricted categories --------------------------------------------------------------

@pytest.fixture
def restricted(site):
    """A public category, one whose every article is for partners, and one of drafts only."""
    make_article(site, "Emitir una factura", "Pasos.", slug="emitir",
                 category="Facturación")
    make_article(site, "Comisiones de socios", "Solo socios.", slug="comisiones",
                 category="Programa de socios confidencial", audience=["partner"])
    make_article(site, "Lanzamiento secreto", "Borrador.", slug="borrador",
                 category="Proyecto Lanzamiento", published=False)
    db.session.commit()
    return site


SECRET_NAMES = ("Programa de socios confidencial", "Proyecto Lanzamiento",
                "programa-de-socios-confidencial")


def test_names_of_categories_nobody_may_read_are_hidden(client, restricted):
    site = restricted
    listed = client.get("/api/v1/categories?site=acme&locale=es").get_json()["categories"]
    assert [c["title"] for c in listed] == ["Facturación"]
    pages = {url: client.get(url) for url in (
        "/help/acme/es/", "/help/acme/es/categories/facturacion", "/help/acme/es/search?q=socios",
        "/help/acme/es/search?q=factura", "/help/acme/es/articles/emitir")}
    seen = [(url, name) for url, page in pages.items() for name in SECRET_NAMES
            if name in page.get_data(as_text=True)]
    assert not seen
    hidden = client.get("/help/acme/es/categories/programa-de-socios-confidencial")
    assert hidden.status_code == 404 and "Programa de socios" not in hidden.get_data(as_text=True)
    # A partner reads the category's name and its page.
    partner = open_session(client, site, identity=sign_identity(
        site, account_type="partner"))["visitor_token"]
    mine = client.get("/api/v1/categories?site=acme&locale=es",
                      headers={"Authorization": f"Bearer {partner}"}).get_json()["categories"]
    assert "Programa de socios confidencial" in [c["title"] for c in mine]
    record("access", "content: names of categories the reader may not read",
           attempts=len(pages) * len(SECRET_NAMES) + 2, leaks=len(seen), refusals_missed=0)


def test_the_tenant_list_is_private_unless_the_operator_lists_it(app, client, site,
                                                                  other_site):
    response = client.get("/help/")
    assert response.status_code == 404
    assert "Globex" not in response.get_data(as_text=True)
    assert "Acme Facturas" not in response.get_data(as_text=True)
    app.config["HELPCENTER_SITE_LIST"] = True
    listed = client.get("/help/").get_data(as_text=True)
    assert "Globex" in listed and "Acme Facturas" in listed


# --- the Atom feed ignores the Host header -------------------------------------------------------

def test_the_status_feed_links_to_the_public_address_whatever_the_host(app, client, site):
    app.config["PUBLIC_URL"] = "https://help.example.com"
    hosts = ("evil.example", "evil.example:8443", "127.0.0.1:5000")
    leaked = []
    for host in hosts:
        response = client.get("/status/acme/feed.atom", headers={"Host": host})
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        links = re.findall(r'href="([^"]+)"', body)
        assert links and all(link.startswith("https://help.example.com/") for link in links)
        if "evil" in body:
            leaked.append(host)
        widget = client.get("/api/v1/widget?site=acme", headers={"Host": host}).get_json()
        assert widget["status"]["feed_url"].startswith("https://help.example.com/status/acme/")
    assert not leaked
    record("access", "input: Host header in the public feed", attempts=len(hosts) * 2,
           leaks=len(leaked), refusals_missed=0)


# --- the default SECRET_KEY in production mode ---------------------------------------------------

def test_python_wsgi_refuses_to_serve_with_the_default_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPWIDGET_")}
    env.update({"HELPWIDGET_INSTANCE_PATH": str(tmp_path), "HELPWIDGET_PORT": str(free_port()),
                "HELPWIDGET_SOCKETIO_ASYNC_MODE": "threading", "PYTHONWARNINGS": "ignore"})
    done = subprocess.run([sys.executable, "wsgi.py"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "SECRET_KEY" in lines[0] and lines[0].startswith("Error:")
    assert "serving" not in done.stdout


def test_any_other_server_answers_503_until_the_key_is_set(database_url, tmp_path, caplog):
    config = {**app_config(database_url, tmp_path / "index"), "TESTING": False}
    config.pop("SECRET_KEY")
    app = create_app(config)
    with caplog.at_level(logging.ERROR):
        response = app.test_client().get("/api/v1/openapi.json")
    assert response.status_code == 503
    assert [r.getMessage() for r in caplog.records if "SECRET_KEY" in r.getMessage()]
    app.config["DEMO_HOST"] = True  # the demo serves with the default key
    assert app.test_client().get("/api/v1/openapi.json").status_code == 200
    keyed = create_app({**config, "SECRET_KEY": "a-long-random-production-key"})
    assert keyed.test_client().get("/api/v1/openapi.json").status_code == 200

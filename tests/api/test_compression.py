"""Compressed answers: the widget, the panel page and the console's assets by Accept-Encoding."""
import gzip
import http.client
import os
import subprocess
import sys
import time
from pathlib import Path

import brotli
import pytest

from helpwidget.services import sites
from helpwidget.web import compression
from tests.support.live_servers import ROOT, flask_command, free_port

DIST = Path(ROOT) / "helpwidget" / "widget" / "dist"
CONSOLE = Path(ROOT) / "helpwidget" / "console" / "static"
# The panel's largest chunk (socket.io-client, loaded when first needed) has the same variants.
CHUNK = max(DIST.glob("panel-*-*.js"), key=lambda path: path.stat().st_size).name
BUILT = {"/widget.js": "widget.js", "/widget/assets/panel.js": "panel.js",
         "/widget/assets/panel.css": "panel.css", f"/widget/assets/{CHUNK}": CHUNK}
CONSOLE_FILES = {"/console/static/dist/console.js": "dist/console.js",
                 "/console/static/dist/console.css": "dist/console.css"}
DECODE = {"br": brotli.decompress, "gzip": gzip.decompress, None: lambda data: data}


def fetch(client, path, accept=None, **headers):
    """GET `path` asking for `accept` (no Accept-Encoding header when None)."""
    if accept is not None:
        headers["Accept-Encoding"] = accept
    return client.get(path, headers=headers)


def check_variant(response, expected_bytes, encoding):
    """Assert an answer is `encoding` (None: identity) of `expected_bytes`, labelled as such."""
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") == encoding
    assert "Accept-Encoding" in response.headers.get("Vary", "")
    body = response.get_data()
    assert int(response.headers["Content-Length"]) == len(body)
    assert DECODE[encoding](body) == expected_bytes
    if encoding:
        assert len(body) < len(expected_bytes) * 0.6, (encoding, len(body))
    return body


@pytest.mark.parametrize("path", BUILT)
def test_the_build_is_served_as_the_browser_asks_and_decodes_to_the_same_bytes(client, path):
    name = BUILT[path]
    identity = (DIST / name).read_bytes()
    # The build's own variants are what is sent: the sizes the budgets were measured on.
    br = check_variant(fetch(client, path, "gzip, deflate, br"), identity, "br")
    assert br == (DIST / f"{name}.br").read_bytes()
    gz = check_variant(fetch(client, path, "gzip, deflate"), identity, "gzip")
    assert gz == (DIST / f"{name}.gz").read_bytes()
    check_variant(fetch(client, path, "br;q=0, gzip"), identity, "gzip")
    check_variant(fetch(client, path, "br;q=0, gzip;q=0"), identity, None)
    check_variant(fetch(client, path, "*;q=0, identity"), identity, None)
    check_variant(fetch(client, path, "identity"), identity, None)
    check_variant(fetch(client, path), identity, None)  # no header: no encoding
    check_variant(fetch(client, path, "*"), identity, "br")


def test_each_variant_has_its_own_etag_and_revalidates_alone(client):
    etags = {enc: fetch(client, "/widget.js", accept).headers["ETag"]
             for enc, accept in (("br", "br"), ("gzip", "gzip"), (None, "identity"))}
    assert len(set(etags.values())) == 3
    again = fetch(client, "/widget.js", "br", **{"If-None-Match": etags["br"]})
    assert again.status_code == 304 and again.headers["ETag"] == etags["br"]
    assert "Accept-Encoding" in again.headers["Vary"]
    # The gzip body's tag does not validate a brotli answer: the client gets the brotli bytes.
    other = fetch(client, "/widget.js", "br", **{"If-None-Match": etags["gzip"]})
    assert other.status_code == 200 and other.headers["Content-Encoding"] == "br"


def test_the_variants_are_never_served_by_their_own_names(client):
    assert (DIST / "panel.js.br").is_file()
    for name in ("panel.js.br", "panel.js.gz", "widget.js.gz"):
        assert client.get(f"/widget/assets/{name}").status_code == 404


@pytest.fixture
def dist(app, tmp_path):
    """A build folder of the test's own: a loader large enough to be worth compressing."""
    folder = tmp_path / "dist"
    folder.mkdir()
    (folder / "widget.js").write_text("(()=>{" + "window.hw=1;" * 400 + "})();\n")
    for name in ("panel.js", "panel.css"):
        (folder / name).write_text("/* panel */\n" * 100)
    app.config["WIDGET_DIST_DIR"] = str(folder)
    return folder


def test_a_variant_left_by_an_older_build_is_never_sent(client, dist):
    current = (dist / "widget.js").read_bytes()
    (dist / "widget.js.br").write_bytes(brotli.compress(b"(()=>{window.old=1})();\n" * 50))
    (dist / "widget.js.gz").write_bytes(gzip.compress(b"old"))
    check_variant(fetch(client, "/widget.js", "br"), current, "br")
    check_variant(fetch(client, "/widget.js", "gzip"), current, "gzip")
    # A new build: the new bytes, in every encoding, at once.
    (dist / "widget.js").write_text("(()=>{" + "window.hw=2;" * 500 + "})();\n")
    newer = (dist / "widget.js").read_bytes()
    check_variant(fetch(client, "/widget.js", "br"), newer, "br")
    check_variant(fetch(client, "/widget.js", "identity"), newer, None)


@pytest.mark.parametrize("path", CONSOLE_FILES)
def test_console_assets_are_compressed_too(client, path):
    identity = (CONSOLE / CONSOLE_FILES[path]).read_bytes()
    check_variant(fetch(client, path, "gzip, deflate, br"), identity, "br")
    check_variant(fetch(client, path, "gzip"), identity, "gzip")
    check_variant(fetch(client, path, "identity"), identity, None)
    etag = fetch(client, path, "br").headers["ETag"]
    assert fetch(client, path, "br", **{"If-None-Match": etag}).status_code == 304


def test_console_assets_are_compressed_once_per_version_not_per_request(app, client, tmp_path,
                                                                        monkeypatch):
    from helpwidget.console import bp
    folder = tmp_path / "static"
    folder.mkdir()
    script = folder / "app.js"
    script.write_text("console.log('first');\n" * 80)
    monkeypatch.setattr(bp, "static_folder", str(folder))
    calls = []
    real = compression.compress
    monkeypatch.setattr(compression, "compress",
                        lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    for _ in range(3):
        check_variant(fetch(client, "/console/static/app.js", "br"), script.read_bytes(), "br")
        check_variant(fetch(client, "/console/static/app.js", "gzip"), script.read_bytes(), "gzip")
    assert sorted(calls) == ["br", "gzip"]
    script.write_text("console.log('second');\n" * 90)  # an edit is picked up at once
    check_variant(fetch(client, "/console/static/app.js", "br"), script.read_bytes(), "br")
    assert len(calls) == 4
    assert client.get("/console/static/../../__init__.py").status_code == 404


def test_the_panel_page_and_strings_are_compressed(client):
    sites.save_site("acme", name="Acme", default_locale="es", locales=["es", "en"],
                    allowed_origins=["https://app.acme.test"])
    query = "/widget/panel?site=acme&origin=https://app.acme.test"
    plain = fetch(client, query, "identity")
    assert plain.status_code == 200 and b'id="hw-boot"' in plain.get_data()
    for encoding in ("br", "gzip"):
        packed = fetch(client, query, encoding)
        assert packed.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in packed.headers["Vary"]
        body = packed.get_data()
        assert int(packed.headers["Content-Length"]) == len(body)
        page = DECODE[encoding](body)
        assert b'id="hw-boot"' in page and len(body) < len(page) / 2
    strings = fetch(client, "/widget/strings/es.json", "br")
    assert strings.headers["Content-Encoding"] == "br"
    assert DECODE["br"](strings.get_data()) == fetch(client, "/widget/strings/es.json").get_data()
    # Refusals are tiny and not compressed.
    refused = fetch(client, "/widget/panel?site=acme&origin=https://evil.test", "br")
    assert refused.status_code == 403 and "Content-Encoding" not in refused.headers


def _raw_get(port, path, accept):
    """GET over a real socket; return (status, headers, raw body as it crossed the wire)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Accept-Encoding": accept})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.mark.slow
def test_python_wsgi_py_sends_the_same_variants(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HELPWIDGET_")}
    port = free_port()
    env.update(HELPWIDGET_INSTANCE_PATH=str(tmp_path), HELPWIDGET_PORT=str(port),
               HELPWIDGET_SECRET_KEY="compression-test-" + "k" * 40)
    subprocess.run(flask_command("db", "upgrade"), cwd=ROOT,
                   env=env, check=True, capture_output=True, timeout=120)
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen([sys.executable, "wsgi.py"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _headers, _body = _raw_get(port, "/widget.js", "identity")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, \
                    (tmp_path / "server.log").read_text()[-2000:]
                time.sleep(0.2)
        assert "(eventlet)" in (tmp_path / "server.log").read_text()
        files = {"/widget.js": DIST / "widget.js", "/widget/assets/panel.js": DIST / "panel.js",
                 "/console/static/dist/console.js": CONSOLE / "dist" / "console.js"}
        for path, file in files.items():
            identity = file.read_bytes()
            for accept, encoding in (("gzip, deflate, br", "br"), ("gzip", "gzip"),
                                     ("identity", None)):
                status, headers, body = _raw_get(port, path, accept)
                assert status == 200, (path, status)
                assert headers.get("content-encoding") == encoding, (path, accept)
                assert "Accept-Encoding" in headers["vary"]
                assert int(headers["content-length"]) == len(body)
                assert DECODE[encoding](body) == identity
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()

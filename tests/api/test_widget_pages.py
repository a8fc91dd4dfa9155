"""The widget as the help server serves it: loader, panel page, built assets and strings."""
import hashlib
import json
import re

import pytest

from helpwidget.services import sites

LOADER = "/*loader*/(function(){window.__loaded=1})();\n"
PANEL_JS = "/*panel*/console.log('panel');\n"
PANEL_CSS = ".hw-screen{color:#111}\n"


@pytest.fixture
def dist(app, tmp_path):
    """Point the server at a build folder of the test's own and return it."""
    folder = tmp_path / "dist"
    folder.mkdir()
    (folder / "widget.js").write_text(LOADER)
    (folder / "panel.js").write_text(PANEL_JS)
    (folder / "panel.css").write_text(PANEL_CSS)
    app.config["WIDGET_DIST_DIR"] = str(folder)
    return folder


@pytest.fixture
def known_string(monkeypatch):
    """Add a panel string whose translations the catalogs already hold; return its key."""
    from flask_babel import lazy_gettext as _l

    from helpwidget.widget_strings import core
    monkeypatch.setitem(core.STRINGS, "test_nothing_here", _l("There is nothing here."))
    return "test_nothing_here"


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _panel(client, site, origin="https://app.acme.test", locale=None):
    query = {"site": site.key, "origin": origin}
    if locale:
        query["locale"] = locale
    return client.get("/widget/panel", query_string=query)


def _boot(response):
    """Return the boot JSON of a panel page, parsed as the panel's script does."""
    found = re.search(r'<script type="application/json" id="hw-boot">(.*?)</script>',
                      response.get_data(as_text=True), re.S)
    assert found, "no boot block"
    return json.loads(found.group(1))


def test_loader_is_served_as_script_with_short_cache_and_etag(client, dist):
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == LOADER
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    again = client.get("/widget.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_loader_change_is_served_at_once(client, dist):
    first = client.get("/widget.js").headers["ETag"]
    (dist / "widget.js").write_text(LOADER + "//v2\n")
    response = client.get("/widget.js", headers={"If-None-Match": first})
    assert response.status_code == 200
    assert response.get_data(as_text=True).endswith("//v2\n")


def test_missing_build_answers_503_with_advice(client, app, tmp_path, site):
    app.config["WIDGET_DIST_DIR"] = str(tmp_path / "nothing")
    response = client.get("/widget.js")
    assert response.status_code == 503
    assert "npm run build" in response.get_data(as_text=True)
    assert client.get("/widget/assets/panel.js").status_code == 503
    page = _panel(client, site)
    assert page.status_code == 503
    assert "<script" not in page.get_data(as_text=True)


def test_panel_page_headers_and_structure(client, dist, site):
    response = _panel(client, site, locale="es")
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == "'self'"
    assert directives["base-uri"] == "'none'"
    ancestors = directives["frame-ancestors"].split()
    assert "https://app.acme.test" in ancestors and "'self'" in ancestors
    assert "ws://localhost" in directives["connect-src"]
    assert "X-Frame-Options" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    html = response.get_data(as_text=True)
    assert '<div id="hw-root"></div>' in html
    assert f'href="/widget/assets/panel.css?v={_hash(PANEL_CSS)}"' in html
    assert f'type="module" src="/widget/assets/panel.js?v={_hash(PANEL_JS)}"' in html
    # The only scripts are the panel's file and the JSON data block.
    scripts = re.findall(r"<script([^>]*)>", html)
    assert len(scripts) == 2
    assert all('type="application/json"' in s or "src=" in s for s in scripts)


def only_the_close_script(html):
    """Tell whether the page's one script is the fixed close button's (no file, no panel)."""
    from helpwidget.widget.panel import MESSAGE_SCRIPT
    return re.findall(r"<script([^>]*)>(.*?)</script>", html.lower(), re.S) == [
        ("", MESSAGE_SCRIPT.lower())]


def test_disallowed_origin_gets_403_page_without_script(client, dist, site):
    response = _panel(client, site, origin="https://evil.test", locale="es")
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert only_the_close_script(html)
    assert "hw-root" not in html
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert '<html lang="es">' in html
    assert _panel(client, site, origin="").status_code == 403


def test_own_origin_may_frame_the_panel(client, dist, site):
    assert _panel(client, site, origin="http://localhost").status_code == 200


def test_unknown_site_is_404_without_script(client, dist, site):
    response = client.get("/widget/panel", query_string={"site": "nope",
                                                          "origin": "https://app.acme.test"})
    assert response.status_code == 404
    assert only_the_close_script(response.get_data(as_text=True))


def test_boot_json_has_site_origin_locale_strings_and_config(client, dist, site, known_string):
    boot = _boot(_panel(client, site, locale="pl"))
    assert boot["site"] == "acme"
    assert boot["hostOrigin"] == "https://app.acme.test"
    assert boot["locale"] == "pl"
    assert boot["strings"][known_string] == "Nic tu nie ma."
    assert "back" in boot["strings"]
    assert boot["config"]["site"]["key"] == "acme"
    assert boot["config"]["status"]["feed_url"].startswith("http://127.0.0.1:5000/status/acme/")


def test_locale_the_site_does_not_speak_falls_back_to_its_default(client, dist, site,
                                                                   known_string):
    sites.save_site("acme", locales=["es", "en"])
    boot = _boot(_panel(client, site, locale="pl"))
    assert boot["locale"] == "es"
    assert boot["strings"][known_string] == "Aquí no hay nada."
    english = _boot(_panel(client, site, locale="en"))
    assert english["locale"] == "en"
    assert english["strings"][known_string] == "There is nothing here."


def test_script_in_site_name_cannot_break_out_of_the_boot_block(client, dist, site):
    sites.save_site("acme", name="</script><script>alert(1)</script>")
    response = _panel(client, site)
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html
    assert _boot(response)["config"]["site"]["name"] == "</script><script>alert(1)</script>"


def test_assets_are_immutable_only_with_their_hash(client, dist):
    current = client.get(f"/widget/assets/panel.js?v={_hash(PANEL_JS)}")
    assert current.status_code == 200
    assert current.mimetype == "text/javascript"
    assert "immutable" in current.headers["Cache-Control"]
    stale = client.get("/widget/assets/panel.js?v=0000")
    assert "immutable" not in stale.headers["Cache-Control"]
    css = client.get("/widget/assets/panel.css")
    assert css.mimetype == "text/css"
    assert css.get_data(as_text=True) == PANEL_CSS


def test_the_page_preloads_the_chunks_the_build_lists_and_chunks_are_immutable(client, dist, site):
    chunk = "panel-chunk-ABCD2345.js"
    (dist / chunk).write_text("export const a=1;\n")
    # Only chunk names are taken from the list: nothing else becomes a preload.
    (dist / "panel.preload.json").write_text(json.dumps([chunk, "../secret.js", "panel.css", 3]))
    html = _panel(client, site).get_data(as_text=True)
    preloaded = re.findall(r'<link rel="modulepreload" href="([^"]+)">', html)
    assert preloaded == [f"/widget/assets/{chunk}"]
    # A chunk's name holds its content hash: cached for good without a `v`.
    served = client.get(f"/widget/assets/{chunk}")
    assert served.status_code == 200 and served.mimetype == "text/javascript"
    assert "immutable" in served.headers["Cache-Control"]
    assert "immutable" not in client.get("/widget/assets/panel.js").headers["Cache-Control"]


def test_a_build_without_the_preload_list_still_serves_the_panel(client, dist, site):
    html = _panel(client, site).get_data(as_text=True)
    assert "modulepreload" not in html and 'type="module"' in html


def test_assets_outside_the_build_are_not_served(client, dist):
    (dist.parent / "secret.txt").write_text("no")
    assert client.get("/widget/assets/..%2Fsecret.txt").status_code == 404
    assert client.get("/widget/assets/missing.js").status_code == 404


def test_strings_per_locale(client, app, known_string):
    response = client.get("/widget/strings/es.json")
    assert response.status_code == 200
    assert response.get_json()[known_string] == "Aquí no hay nada."
    assert client.get("/widget/strings/pl.json").get_json()[known_string] == "Nic tu nie ma."
    assert client.get("/widget/strings/en.json").get_json()["back"] == "Back"
    assert client.get("/widget/strings/xx.json").status_code == 404


def test_panel_string_keys_are_unique_across_modules():
    from helpwidget.widget_strings import duplicate_keys
    assert duplicate_keys() == []


def test_a_forged_host_header_cannot_add_csp_directives(client, dist, site):
    response = client.get("/widget/panel", headers={"Host": "x; script-src *"},
                          query_string={"site": "acme", "origin": "https://app.acme.test"})
    csp = response.headers["Content-Security-Policy"]
    assert "script-src *" not in csp
    assert [d.split()[0] for d in csp.split("; ")].count("script-src") == 1


def test_origin_is_compared_without_case_or_path(client, dist, site):
    assert _panel(client, site, origin="HTTPS://App.Acme.Test/some/page").status_code == 200


def test_boot_config_is_what_the_widget_api_answers(client, dist, site):
    boot = _boot(_panel(client, site, locale="en"))
    api = client.get("/api/v1/widget", query_string={"site": "acme", "locale": "en"}).get_json()
    assert boot["config"] == api

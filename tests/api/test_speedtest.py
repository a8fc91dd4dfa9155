"""Speed test endpoints: uncached, incompressible, size-limited and rate-limited per IP.

Only a live visitor of a site that offers the test may run it (tests/test_limits_abuse.py).
"""
import json
import urllib.request
import zlib

import pytest

MB = 1024 * 1024


@pytest.fixture
def tester(client, site):
    """Open a visitor session on the site; return a client whose calls carry its token."""
    token = client.post("/api/v1/session", json={"site": "acme"}).get_json()["visitor_token"]

    class Tester:
        """The test client, with the visitor's token and the site on every speed test call."""

        def get(self, path, **kwargs):
            return client.get(_on_site(path), headers=_auth(token, kwargs), **kwargs)

        def post(self, path, **kwargs):
            return client.post(_on_site(path), headers=_auth(token, kwargs), **kwargs)
    Tester.token = token
    return Tester()


def _on_site(path):
    """Add ?site=acme (and English, the site speaking Spanish first) unless the path names it."""
    return path if "site=" in path else path + ("&" if "?" in path else "?") + "site=acme&locale=en"


def _auth(token, kwargs):
    """Return the request's headers with the visitor's bearer token."""
    return {**kwargs.pop("headers", {}), "Authorization": f"Bearer {token}"}


def test_ping_answers_empty_and_uncached(tester):
    client = tester
    response = client.get("/api/v1/speedtest/ping?site=acme&locale=es")
    assert response.status_code == 204 and response.data == b""
    assert response.headers["Cache-Control"] == "no-store"


def test_download_sends_the_bytes_asked_for_uncompressed(tester):
    client = tester
    response = client.get("/api/v1/speedtest/download?bytes=300000",
                          headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    data = response.data
    assert len(data) == 300000 and response.headers["Content-Length"] == "300000"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Encoding"] == "identity"
    assert response.mimetype == "application/octet-stream"
    # Random bytes: compression gains nothing, so no proxy can make the link look faster.
    assert len(zlib.compress(data, 9)) > 0.99 * len(data)


def test_download_sizes_out_of_range_are_refused(tester, app):
    client = tester
    for size in ("0", "-5", "abc", "", str(20 * MB + 1), "9" * 40):
        response = client.get(f"/api/v1/speedtest/download?bytes={size}")
        assert response.status_code == 422, size
        assert "bytes" in response.get_json()["fields"]
    too_big = client.get(f"/api/v1/speedtest/download?bytes={20 * MB + 1}").get_json()
    assert too_big["error"] == "The speed test moves at most 20 MB at a time."

    app.config["SPEEDTEST_MAX_BYTES"] = MB
    assert client.get(f"/api/v1/speedtest/download?bytes={MB}").status_code == 200
    assert client.get(f"/api/v1/speedtest/download?bytes={MB + 1}").status_code == 422


def test_upload_counts_the_raw_body(tester, app):
    client = tester
    body = b"x" * 500000
    response = client.post("/api/v1/speedtest/upload?site=acme", data=body,
                           content_type="application/octet-stream")
    assert response.status_code == 200
    assert response.get_json() == {"bytes": 500000}
    assert response.headers["Cache-Control"] == "no-store"
    # Above the app's usual 11 MB request limit, within the speed test's own.
    assert app.config["MAX_CONTENT_LENGTH"] < 12 * MB
    big = client.post("/api/v1/speedtest/upload", data=b"\0" * (12 * MB),
                      content_type="application/octet-stream")
    assert big.get_json() == {"bytes": 12 * MB}

    app.config["SPEEDTEST_MAX_BYTES"] = MB // 2
    refused = client.post("/api/v1/speedtest/upload", data=b"x" * (MB // 2 + 1),
                          content_type="application/octet-stream")
    assert refused.status_code == 422
    assert refused.get_json()["error"] == "The speed test moves at most 0.5 MB at a time."
    assert "bytes" in refused.get_json()["fields"]


def test_requests_are_limited_per_ip_across_the_three_endpoints(tester, app):
    client = tester
    app.config["RATELIMIT_SPEEDTEST"] = "3 per minute"
    assert client.get("/api/v1/speedtest/ping").status_code == 204
    assert client.get("/api/v1/speedtest/download?bytes=10").status_code == 200
    assert client.post("/api/v1/speedtest/upload", data=b"abc").status_code == 200
    refused = client.get("/api/v1/speedtest/ping?site=acme", headers={"Accept-Language": "es"})
    assert refused.status_code == 429
    assert refused.get_json()["error"] == (
        "Demasiadas solicitudes. Espera un momento e inténtalo de nuevo.")
    other_ip = client.get("/api/v1/speedtest/ping", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other_ip.status_code == 204


def test_download_and_upload_over_real_http(live_server, tester):
    auth = {"Authorization": f"Bearer {tester.token}"}
    download = urllib.request.Request(
        f"{live_server}/api/v1/speedtest/download?site=acme&bytes={2 * MB}", headers=auth)
    with urllib.request.urlopen(download) as r:
        assert r.headers["Content-Length"] == str(2 * MB)
        assert len(r.read()) == 2 * MB
    request = urllib.request.Request(f"{live_server}/api/v1/speedtest/upload?site=acme",
                                     data=b"\1" * (3 * MB), method="POST",
                                     headers={"Content-Type": "application/octet-stream", **auth})
    with urllib.request.urlopen(request) as r:
        assert json.loads(r.read()) == {"bytes": 3 * MB}

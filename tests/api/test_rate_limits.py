"""Rate limits answer 429 with a message in the caller's language."""
import pytest


@pytest.fixture
def limited(make_app):
    return make_app(RATELIMIT_SESSION="3 per minute")


def test_opening_sessions_too_fast_is_refused(limited, site):
    client = limited.test_client()
    codes = [client.post("/api/v1/session", json={"site": "acme"}).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    refused = client.post("/api/v1/session", json={"site": "acme"},
                          headers={"Accept-Language": "es"})
    assert refused.get_json() == {
        "error": "Demasiadas solicitudes. Espera un momento e inténtalo de nuevo."}


@pytest.mark.parametrize("proxies", [0, 1])
def test_a_client_address_comes_from_the_proxy_only_when_it_is_trusted(make_app, site, proxies):
    client = make_app(RATELIMIT_SESSION="2 per minute", TRUSTED_PROXIES=proxies).test_client()

    def open_from(address):
        # nginx appends the address it saw; a client may have sent anything before it.
        return client.post("/api/v1/session", json={"site": "acme"}, headers={
            "X-Forwarded-For": f"10.9.9.9, {address}"}).status_code
    codes = [open_from("203.0.113.1") for _ in range(3)] + [open_from("203.0.113.2")]
    # Trusted: each client has its own limit. Not trusted: the header could be forged, so
    # everyone counts as the address the request came from.
    assert codes == ([201, 201, 429, 201] if proxies else [201, 201, 429, 429])

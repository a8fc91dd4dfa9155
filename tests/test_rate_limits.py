"""Rate limits answer 429 with a message in the caller's language."""
import pytest

from helpwidget import create_app
from tests.conftest import IsolatedClient, _test_config


@pytest.fixture
def limited(database_url, tmp_path):
    config = _test_config(database_url, tmp_path / "index")
    config["RATELIMIT_SESSION"] = "3 per minute"
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


def test_opening_sessions_too_fast_is_refused(limited, site):
    client = limited.test_client()
    codes = [client.post("/api/v1/session", json={"site": "acme"}).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    refused = client.post("/api/v1/session", json={"site": "acme"},
                          headers={"Accept-Language": "es"})
    assert refused.get_json() == {
        "error": "Demasiadas solicitudes. Espera un momento e inténtalo de nuevo."}

"""Fixtures of the demo host: the two demo sites as sites.yaml defines them."""
import pytest

from helpwidget import demo
from helpwidget.services import sites


@pytest.fixture
def demo_sites(app):
    """Create the two demo sites as sites.yaml defines them (without their articles)."""
    for definition in demo._load("sites.yaml"):
        key = definition.pop("key")
        state, windows = definition.pop("status"), definition.pop("maintenance")
        demo.seed_status(sites.save_site(key, **definition), state, windows)
    app.config["DEMO_HOST"] = True
    return {key: sites.get_site(key) for key in ("facturafacil", "ksiegowo")}

"""The OpenAPI document describes every API route and is valid OpenAPI 3."""
import re

from openapi_spec_validator import validate


def test_document_is_valid_and_covers_every_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    validate(spec)
    documented = {(method.upper(), path) for path, ops in spec["paths"].items() for method in ops}
    routed = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api.public.openapi":
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule[len("/api/v1"):])
            routed |= {(m, path) for m in rule.methods - {"HEAD", "OPTIONS"}}
    assert routed == documented


def test_input_rules_are_documented(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/search"]["get"]["parameters"]}
    assert params["site"]["required"] is True
    assert params["per_page"]["schema"]["maximum"] == 50

"""The demo sites and their help centers seed cleanly, and seeding twice changes nothing."""
import json
import os
import re
import sqlite3
import subprocess
import time

import pytest
import requests

from helpwidget.extensions import db
from helpwidget.models import Article, Site
from tests.support.live_servers import ROOT, flask_command, free_port


def test_seed_demo_creates_two_sites_in_three_languages(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0 and "skipped" not in result.output, result.output
    sites = db.session.execute(db.select(Site).order_by(Site.key)).scalars().all()
    assert [s.key for s in sites] == ["facturafacil", "ksiegowo"]
    per_locale = dict(db.session.execute(db.select(Article.locale, db.func.count()).group_by(
        Article.locale)).all())
    assert per_locale["es"] >= 20 and per_locale["pl"] >= 20 and per_locale["en"] >= 40
    kinds = set(db.session.execute(db.select(Article.kind)).scalars())
    assert kinds == {"article", "faq", "video", "download"}
    found = client.get("/api/v1/search?site=ksiegowo&q=korekta+faktury").get_json()
    assert found["total"] > 0 and found["locale"] == "pl"


def row_counts():
    """Return the number of rows of every table."""
    return {table.name: db.session.execute(db.select(db.func.count()).select_from(table))
            .scalar() for table in db.metadata.sorted_tables}


def test_seed_demo_twice_does_not_duplicate(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0 and "skipped" not in first.output, first.output
    counts = row_counts()
    assert counts["articles"] >= 80 and counts["categories"] >= 20 and counts["sites"] == 2
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert second.output == first.output
    assert row_counts() == counts


def start_demo(instance, port, **env):
    """Start the README's demo command on `port`; return the process once it answers."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("HELPWIDGET_")}
    log = open(instance / f"demo-{port}.log", "w")
    process = subprocess.Popen(
        flask_command("demo", "--port", str(port)), cwd=ROOT,
        env={**base, "HELPWIDGET_INSTANCE_PATH": str(instance), **env}, stdout=log,
        stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while True:
        try:
            if requests.get(f"http://127.0.0.1:{port}/widget.js", timeout=5).ok:
                return process
        except requests.ConnectionError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError((instance / f"demo-{port}.log").read_text()[-3000:])
        time.sleep(0.3)


def help_center_link_of_a_new_request(instance, port):
    """Open a request on the running demo; return the help center link of its confirmation."""
    base = f"http://127.0.0.1:{port}/api/v1"
    token = requests.post(f"{base}/session", json={"site": "facturafacil"}, timeout=30).json()[
        "visitor_token"]
    headers = {"Authorization": f"Bearer {token}"}
    offered = requests.get(f"{base}/ticket-categories", params={"site": "facturafacil"},
                           headers=headers, timeout=30).json()
    cards = offered["categories"]
    subject = f"Enlace de prueba {port}"
    opened = requests.post(f"{base}/tickets", headers=headers, timeout=30, json={
        "site": "facturafacil", "subject": subject, "category": cards[0]["key"],
        "subcategory": cards[0]["subcategories"][0]["key"], "name": "Ana",
        "platform": offered["platforms"][0] if offered["platforms"] else None,
        "email": "ana@example.com", "description": "No puedo emitir la factura de hoy."})
    assert opened.status_code == 201, opened.text
    with sqlite3.connect(instance / "helpwidget.sqlite") as connection:
        payloads = [json.loads(row[0]) for row in connection.execute(
            "SELECT payload FROM outbox WHERE kind = 'email'")]
    texts = [p["text"] for p in payloads if subject in p.get("text", "") + p.get("subject", "")]
    assert texts, payloads
    return re.findall(r"https?://[^\s)>\"]+/help/facturafacil/\S*", texts[-1])


@pytest.mark.slow
def test_demo_links_follow_its_port_unless_public_url_is_set(tmp_path):
    port = free_port()
    demo = start_demo(tmp_path, port)
    try:
        links = help_center_link_of_a_new_request(tmp_path, port)
    finally:
        demo.terminate()
        demo.wait(timeout=30)
    assert links and all(link.startswith(f"http://127.0.0.1:{port}/help/") for link in links)
    # A PUBLIC_URL the operator set still wins (e.g. the demo behind a proxy).
    port = free_port()
    demo = start_demo(tmp_path, port, HELPWIDGET_PUBLIC_URL="https://help.example.test")
    try:
        links = help_center_link_of_a_new_request(tmp_path, port)
    finally:
        demo.terminate()
        demo.wait(timeout=30)
    assert links and all(link.startswith("https://help.example.test/help/") for link in links)

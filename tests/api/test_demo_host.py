"""/demo: a pretend host product embedding the widget, only while the app runs the demo."""
import re

import pytest

from helpwidget import demo, search
from helpwidget.extensions import db
from helpwidget.models import EndUser
from helpwidget.services import identity, sites, status
from tests.support.identities import open_session


def test_nothing_is_served_unless_the_app_runs_the_demo(client, app, demo_sites):
    app.config["DEMO_HOST"] = False
    assert client.get("/demo").status_code == 404
    assert client.get("/demo/static/demo.js").status_code == 404
    assert client.post("/demo/facturafacil/identity").status_code == 404


def test_an_unseeded_demo_says_how_to_seed_it(client, app):
    app.config["DEMO_HOST"] = True
    response = client.get("/demo")
    assert response.status_code == 404
    assert "seed-demo" in response.get_data(as_text=True)


def test_the_page_embeds_the_widget_under_a_strict_policy(client, demo_sites):
    response = client.get("/demo")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy
    assert ('<script async src="/widget.js" data-site="facturafacil" data-launcher="#demo-help">'
            '</script>') in html
    # Every script is a file of this server or a JSON data block: nothing inline to run.
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert ' src="/' in tag or 'type="application/json"' in tag, tag
    assert 'lang="es"' in html and "FacturaFácil" in html
    # Links to the screens the demo articles are keyed to, under the demo's own path.
    for route in ("/dashboard", "/invoices", "/invoices/new", "/reports/sales"):
        assert f'href="/demo/facturafacil{route}" data-spa' in html
    assert client.get("/demo/static/demo.js").status_code == 200
    assert client.get("/demo/static/demo.css").status_code == 200


def test_the_polish_product_and_deep_links(client, demo_sites):
    response = client.get("/demo/ksiegowo/sales/invoices/1042")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="pl">' in html and "Faktury sprzedaży" in html
    assert 'data-site="ksiegowo"' in html
    english = client.get("/demo/ksiegowo?locale=en").get_data(as_text=True)
    assert '<html lang="en">' in english and "Try the help widget" in english
    assert client.get("/demo/globex").status_code == 404


def test_sign_in_gives_a_token_the_site_accepts(client, demo_sites):
    site = demo_sites["facturafacil"]
    # No CSRF token: the demo endpoint is callable from the page's script as is.
    response = client.post("/demo/facturafacil/identity?locale=en")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    claims = identity.verify_identity(site, body["jwt"])
    assert (claims["sub"], claims["name"], claims["locale"]) == (
        "demo-laura-gomez", "Laura Gómez", "en")
    assert claims["exp"] - claims["iat"] == 3600
    open_session(client, site, identity=body["jwt"])
    user = db.session.execute(db.select(EndUser).filter_by(site_id=site.id)).scalar_one()
    assert (user.external_id, user.account_name) == ("demo-laura-gomez",
                                                     "Ferretería Andina S.A.S.")


def test_no_token_for_a_site_that_does_not_hold_the_demo_secret(client, demo_sites):
    sites.save_site("facturafacil", identity_secret="a-real-product-secret")
    assert client.post("/demo/facturafacil/identity").status_code == 404
    assert client.get("/demo").status_code == 404
    assert client.post("/demo/ksiegowo/identity").status_code == 200


def test_demo_sites_get_status_maintenance_and_remote_support(demo_sites):
    site = demo_sites["facturafacil"]
    assert status.current(site).status == "operational"
    windows = status.windows(site)
    assert [(w.kind, w.weekday, w.local_start, w.duration_minutes, w.timezone) for w in windows][
        0] == ("weekly", 4, "19:30", 240, "America/Bogota")
    item = next(m for m in site.menu if m["item"] == "remote_support")
    assert item["tool"] == "AnyDesk" and item["guides"]["windows"] == "instalar-anydesk-windows"
    # Seeding again keeps what the team changed since.
    status.set_status(site, "degraded", "Lentitud")
    demo.seed_status(site, {"status": "operational"}, [{"title": "X", "weekday": "mon",
                                                        "at": "01:00", "minutes": 5}])
    assert status.current(site).status == "degraded" and len(status.windows(site)) == 2


def test_flask_demo_turns_the_demo_host_on(runner, app, demo_sites, monkeypatch):
    from helpwidget.commands import demo as cli
    served = []
    monkeypatch.setattr(cli, "run_simple", lambda *args, **kwargs: served.append(args))
    monkeypatch.setattr(cli.worker, "start", lambda app: None)
    app.config["DEMO_HOST"] = False
    result = runner.invoke(args=["demo", "--port", "5999"])
    assert result.exit_code == 0, result.output
    assert served and app.config["DEMO_HOST"] is True
    assert "http://127.0.0.1:5999/demo" in result.output


@pytest.mark.slow
def test_trying_the_widget_in_the_demo_in_a_browser(app, live_server, page):
    demo.seed()
    assert search.get_index().doc_count() > 0
    app.config["DEMO_HOST"] = True
    page.goto(live_server + "/demo")
    page.locator("#main h1:visible").filter(has_text="Inicio").wait_for()

    page.locator(".app-nav a", has_text="Nueva factura").click()
    assert page.url == live_server + "/demo/facturafacil/invoices/new"
    page.locator("#main h1:visible").filter(has_text="Nueva factura").wait_for()

    # The route the panel gets is the product's own: its guides for /invoices/new show up.
    page.evaluate("HelpWidget('open', 'page_help')")
    frame = page.frame_locator("iframe[name='helpwidget-panel']")
    frame.locator("#hw-title").wait_for()
    frame.get_by_text("Cómo emitir una factura electrónica").first.wait_for()

    page.locator("button[data-action='sign-in']").click()
    page.locator("#demo-identity", has_text="Laura Gómez").wait_for()
    page.locator("#demo-events li", has_text="ready").first.wait_for()
    for _ in range(50):
        db.session.expire_all()
        if db.session.execute(db.select(EndUser).filter_by(external_id="demo-laura-gomez")).first():
            break
        page.wait_for_timeout(200)
    else:
        pytest.fail("the panel never identified the demo user")

    page.locator(".app-nav a", has_text="Facturas").first.click()
    page.go_back()
    page.locator("#main h1:visible").filter(has_text="Nueva factura").wait_for()

    # The product's own "?" in its header is the widget's launcher.
    panel = page.locator("iframe[name='helpwidget-panel']")
    page.locator("#demo-help").click()
    panel.wait_for(state="hidden")
    page.locator("#demo-help").click()
    panel.wait_for(state="visible")
    assert page.locator("#helpwidget-launcher").count() == 0

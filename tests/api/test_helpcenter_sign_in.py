"""Signing in to the help center: from the host (SSO), by emailed link, and signing out."""
import re
from datetime import timedelta

import pytest

from helpwidget import demo
from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import EndUser, SignInLink, Ticket, Visitor
from helpwidget.services import sites
from helpwidget.services.timeutil import utcnow
from tests.support.articles import make_article
from tests.support.fixtures_tickets import anonymous, auth, identified, post_ticket
from tests.support.identities import sign_identity

COOKIE = "hw_help"


@pytest.fixture
def content(site):
    """A public article and one only accountants may read, in Spanish."""
    make_article(site, "Emitir una factura", slug="emitir", category="Facturación",
                 body="Pasos para emitir.")
    make_article(site, "Cierre contable para contadores", slug="cierre",
                 category="Contadores", audience=["accountant"], body="Solo contadores.")


def sso_url(site, token, return_to=None):
    """Return the host product's link into the help center."""
    url = f"/help/{site.key}/sso?jwt={token}"
    return url + (f"&return_to={return_to}" if return_to is not None else "")


def form_token(html):
    """Return the CSRF token of a page's form."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def ask_link(client, email, locale="es", next_path=""):
    """Ask for a sign-in link through the form, as a reader would."""
    page = client.get(f"/help/acme/{locale}/sign-in").get_data(as_text=True)
    return client.post(f"/help/acme/{locale}/sign-in", data={
        "email": email, "next": next_path, "csrf_token": form_token(page)})


def mailed_links(smtp_server, count):
    """Deliver the outbox, wait for `count` messages and return the sign-in paths mailed."""
    outbox_sender.deliver_due()
    found = (re.search(r"http://[^/]+(/help/\S+/sign-in/[\w-]+)",
                       m.get_body(("plain",)).get_content())
             for m in smtp_server.wait_for(count))
    return [match.group(1) for match in found if match]


def press_sign_in(client, path):
    """Open an emailed link and press its one button."""
    page = client.get(path)
    assert page.status_code == 200
    return client.post(path, data={"csrf_token": form_token(page.get_data(as_text=True))})


def test_a_host_link_signs_in_and_shows_the_users_restricted_articles(client, app, site,
                                                                      content):
    response = client.get(sso_url(site, sign_identity(site), "/help/acme/es/articles/cierre"))
    assert response.status_code == 302
    assert response.location == "/help/acme/es/articles/cierre"
    assert response.headers["Cache-Control"] == "private, no-store"
    cookie = client.get_cookie(COOKIE, path="/help/acme/")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"

    article = client.get("/help/acme/es/articles/cierre")
    html = article.get_data(as_text=True)
    assert article.status_code == 200 and "Solo contadores." in html
    assert article.headers["Cache-Control"] == "private, no-store"
    # The header names the user and offers signing out; "Sign in" is gone.
    assert "Ana Pérez" in html and "Cerrar sesión" in html and ">Iniciar sesión<" not in html
    for page in ("/help/acme/es/", "/help/acme/es/categories/contadores",
                 "/help/acme/es/search?q=contadores"):
        assert "Cierre contable para contadores" in client.get(page).get_data(as_text=True), page

    # The same user as the widget's: one EndUser for the `sub`, with a help center session.
    identified(app.test_client(), site, sub="u-1")
    users = db.session.execute(db.select(EndUser)).scalars().all()
    assert [u.external_id for u in users] == ["u-1"]
    channels = sorted(v.channel for v in db.session.execute(db.select(Visitor)).scalars())
    assert channels == ["helpcenter", "widget"]

    # Anonymous readers still see neither the article nor a trace of it.
    stranger = app.test_client()
    assert stranger.get("/help/acme/es/articles/cierre").status_code == 404
    for page in ("/help/acme/es/", "/help/acme/es/search?q=contadores"):
        response = stranger.get(page)
        html = response.get_data(as_text=True)
        assert "Cierre contable" not in html and "Contadores" not in html, page
        assert "no-store" not in response.headers.get("Cache-Control", ""), page
        assert ">Iniciar sesión<" in html


def test_other_account_types_do_not_see_the_article(client, site, content):
    client.get(sso_url(site, sign_identity(site, sub="p-1", account_type="partner")))
    assert client.get("/help/acme/es/articles/cierre").status_code == 404


def test_a_session_ends_with_its_lifetime_even_with_the_cookie_kept(client, app, site,
                                                                   content):
    client.get(sso_url(site, sign_identity(site)))
    assert client.get("/help/acme/es/articles/cierre").status_code == 200
    session = db.session.execute(db.select(Visitor).filter_by(channel="helpcenter")).scalar_one()
    # Used yesterday, so the token is fresh; but the sign-in itself is older than its lifetime.
    session.created_at = utcnow() - timedelta(seconds=app.config["HELPCENTER_SESSION_TTL"] + 60)
    db.session.commit()
    assert client.get_cookie(COOKIE, path="/help/acme/") is not None
    assert client.get("/help/acme/es/articles/cierre").status_code == 404


def test_the_default_landing_is_the_home_in_the_users_language(client, site):
    response = client.get(sso_url(site, sign_identity(site, locale="en")))
    assert response.status_code == 302 and response.location == "/help/acme/en/"


def refused(response, client):
    """Assert the help center's own refusal page, in Spanish, and no session."""
    html = response.get_data(as_text=True)
    assert response.status_code in (400, 401), response.status_code
    assert "No pudimos iniciar tu sesión" in html
    assert 'href="/help/acme/es/sign-in' in html  # the way in by email
    assert client.get_cookie(COOKIE, path="/help/acme/") is None
    return html


def test_replayed_long_lived_expired_and_foreign_tokens_are_refused(client, app, site,
                                                                     other_site):
    token = sign_identity(site)
    assert client.get(sso_url(site, token, "/help/acme/es/")).status_code == 302
    again = app.test_client()
    html = refused(again.get(sso_url(site, token, "/help/acme/es/")), again)
    assert "ya se usó" in html
    # Fine for the widget (24 h), too long for a link that lands in logs and history.
    long_lived = sign_identity(site, sub="u-2", ttl=3600)
    refused(again.get(sso_url(site, long_lived, "/help/acme/es/")), again)
    refused(again.get(sso_url(site, sign_identity(site, sub="u-3", ttl=-120),
                              "/help/acme/es/")), again)
    refused(again.get(sso_url(site, sign_identity(other_site, sub="u-4"), "/help/acme/es/")),
            again)
    refused(again.get(sso_url(site, "not-a-token", "/help/acme/es/")), again)
    refused(again.get("/help/acme/sso?return_to=/help/acme/es/"), again)
    assert db.session.execute(db.select(EndUser).filter(EndUser.external_id != "u-1")
                              ).first() is None


@pytest.mark.parametrize("target", [
    "https://evil.example/", "//evil.example/help/acme/es/", "/\\evil.example",
    "/help/globex/en/", "/help/acme/../../evil", "/help/acme/%2e%2e/%2e%2e/x",
    "javascript:alert(1)", "/help/acme/es/\r\nLocation: https://evil.example",
    "http:/help/acme/es/", "/help/acme//evil.example"])
def test_open_redirects_are_refused_before_signing_in(client, site, other_site, target):
    token = sign_identity(site)
    response = client.get("/help/acme/sso", query_string={"jwt": token, "return_to": target})
    assert response.status_code == 400
    assert "evil" not in response.headers.get("Location", "")
    assert client.get_cookie(COOKIE, path="/help/acme/") is None
    # The token was not spent: the host's correct link still works.
    assert client.get("/help/acme/sso", query_string={
        "jwt": token, "return_to": "/help/acme/en/"}).location == "/help/acme/en/"


def test_the_same_answer_for_known_and_unknown_addresses(client, app, site, smtp_server):
    identified(client, site, sub="u-1", email="ana@example.com")
    known = ask_link(app.test_client(), "ana@example.com")
    unknown = ask_link(app.test_client(), "nadie@example.com")
    assert known.status_code == unknown.status_code == 200
    texts = [r.get_data(as_text=True) for r in (known, unknown)]
    assert texts[0].replace("ana@example.com", "X") == texts[1].replace("nadie@example.com", "X")
    assert "te enviamos un enlace" in texts[0]
    outbox_sender.deliver_due()
    messages = smtp_server.wait_for(1)
    assert [m["To"] for m in messages] == ["ana@example.com"]
    assert str(messages[0]["Subject"]) == "Inicia sesión en el centro de ayuda de Acme Facturas"
    assert "Funciona una sola vez" in messages[0].get_body(("plain",)).get_content()
    # Nothing was stored for the unknown address either.
    links = db.session.execute(db.select(SignInLink)).scalars().all()
    assert [link.email for link in links] == ["ana@example.com"]


def test_an_emailed_link_signs_in_once(client, app, site, content, smtp_server):
    identified(client, site, sub="u-1", email="Ana@Example.com", account_type="accountant")
    reader = app.test_client()
    ask_link(reader, "ANA@example.COM", next_path="/help/acme/es/articles/cierre")
    [path] = mailed_links(smtp_server, 1)
    # A mere GET (a mail scanner's) signs nobody in and spends nothing.
    for _ in range(2):
        page = reader.get(path)
        assert page.status_code == 200 and "Iniciar sesión" in page.get_data(as_text=True)
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert reader.get_cookie(COOKIE, path="/help/acme/") is None
    response = press_sign_in(reader, path)
    assert response.status_code == 302 and response.location == "/help/acme/es/articles/cierre"
    assert "Solo contadores." in reader.get(response.location).get_data(as_text=True)
    # The user the host knows, not a new one.
    assert db.session.execute(db.select(EndUser.external_id)).scalars().all() == ["u-1"]
    # Used once: the link page and the button now say so and offer the form.
    other = app.test_client()
    again = other.get(path)
    assert again.status_code == 410 and "caducó o ya se usó" in again.get_data(as_text=True)
    assert 'name="email"' in again.get_data(as_text=True)


def test_an_expired_link_does_not_sign_in(client, app, site, smtp_server):
    post_ticket(client, site, anonymous(client, site), name="Pedro", email="pedro@example.com")
    reader = app.test_client()
    ask_link(reader, "pedro@example.com")
    [path] = mailed_links(smtp_server, 2)
    link = db.session.execute(db.select(SignInLink)).scalar_one()
    page = reader.get(path)
    token = form_token(page.get_data(as_text=True))
    link.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = reader.post(path, data={"csrf_token": token})
    assert response.status_code == 410
    assert reader.get_cookie(COOKIE, path="/help/acme/") is None


def test_requesters_cc_and_open_registration_may_sign_in(client, app, site, smtp_server):
    post_ticket(client, site, anonymous(client, site), name="Pedro", email="pedro@example.com",
                cc=["contabilidad_1@example.com"])
    for address in ("pedro@example.com", "Contabilidad_1@example.com", "otro@example.com",
                    "contabilidad%1@example.com"):
        ask_link(app.test_client(), address)
    outbox_sender.deliver_due()
    sent = sorted(str(m["To"]) for m in smtp_server.wait_for(3)
                  if "Inicia sesión" in str(m["Subject"]))
    assert sent == ["contabilidad_1@example.com", "pedro@example.com"]

    site.open_registration = True
    db.session.commit()
    ask_link(app.test_client(), "otro@example.com")
    assert db.session.execute(db.select(SignInLink.email).filter_by(
        email="otro@example.com")).scalar_one() == "otro@example.com"


def test_signing_in_by_email_creates_the_user_and_adopts_their_requests(client, app, site,
                                                                        smtp_server):
    post_ticket(client, site, anonymous(client, site), name="Pedro", email="pedro@example.com",
                subject="Primera solicitud")
    reader = app.test_client()
    ask_link(reader, "Pedro@example.com")
    [path] = mailed_links(smtp_server, 2)
    assert press_sign_in(reader, path).status_code == 302
    user = db.session.execute(db.select(EndUser)).scalar_one()
    assert (user.external_id, user.email) == ("email:pedro@example.com", "pedro@example.com")
    ticket = db.session.execute(db.select(Ticket)).scalar_one()
    assert ticket.requester_user_id == user.id
    assert "pedro@example.com" in reader.get("/help/acme/es/").get_data(as_text=True)


def test_sign_in_requests_are_limited_per_address_and_per_ip(app, site, smtp_server):
    app.config.update(RATELIMIT_SIGN_IN_ADDRESS="2 per hour", RATELIMIT_SIGN_IN_IP="4 per hour")
    variants = ["ana@example.com", "ANA@Example.com", " ana@EXAMPLE.COM "]
    answers = []
    for number, address in enumerate(variants):
        reader = app.test_client()
        reader.environ_base["REMOTE_ADDR"] = f"10.9.0.{number + 1}"
        answers.append(ask_link(reader, address))
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert "Demasiadas solicitudes" in answers[2].get_data(as_text=True)
    # Unicode case variants of one address count together too.
    for number, address in enumerate(["ñandú@example.com", "ÑANDÚ@example.com",
                                      "N\u0303andu\u0301@EXAMPLE.com"]):
        reader = app.test_client()
        reader.environ_base["REMOTE_ADDR"] = f"10.9.1.{number + 1}"
        status = ask_link(reader, address).status_code
        assert status == (429 if number == 2 else 200), address
    # One address (IP) asking for many different addresses is stopped as well.
    reader = app.test_client()
    reader.environ_base["REMOTE_ADDR"] = "10.9.2.1"
    codes = [ask_link(reader, f"persona{n}@example.com").status_code for n in range(5)]
    assert codes == [200, 200, 200, 200, 429]


def test_sign_out_ends_every_session_of_the_user(client, app, site, connect):
    first, second = app.test_client(), app.test_client()
    first.get(sso_url(site, sign_identity(site)))
    second.get(sso_url(site, sign_identity(site, jti="second")))
    widget_token = identified(app.test_client(), site, sub="u-1")
    assert client.get("/api/v1/tickets?site=acme", headers=auth(widget_token)).status_code == 200
    socket = connect("/visitor", {"site": site.key, "token": widget_token})

    home = first.get("/help/acme/es/").get_data(as_text=True)
    response = first.post("/help/acme/es/sign-out", data={"csrf_token": form_token(home)})
    assert response.status_code == 302
    assert first.get_cookie(COOKIE, path="/help/acme/") is None
    # The other browser is signed out, the widget's token is dead and its socket closed.
    assert "Cerrar sesión" not in second.get("/help/acme/es/").get_data(as_text=True)
    assert client.get("/api/v1/tickets?site=acme", headers=auth(widget_token)).status_code == 401
    _wait_disconnected(socket)
    live = db.session.execute(db.select(Visitor).filter_by(revoked_at=None)).scalars().all()
    assert live == []


def _wait_disconnected(chat_client, timeout=5.0):
    """Wait until the server has closed the client's connection."""
    import time
    deadline = time.monotonic() + timeout
    while chat_client.client.namespaces and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not chat_client.client.namespaces, "the widget stayed connected"


def test_forms_without_their_csrf_token_are_refused(client, app, site, smtp_server):
    identified(client, site, sub="u-1", email="ana@example.com")
    reader = app.test_client()
    response = reader.post("/help/acme/es/sign-in", data={"email": "ana@example.com"})
    assert response.status_code == 400 and "caducado" in response.get_data(as_text=True)
    assert db.session.execute(db.select(SignInLink)).first() is None

    ask_link(reader, "ana@example.com")
    [path] = mailed_links(smtp_server, 1)
    assert reader.post(path, data={}).status_code == 400
    assert reader.get_cookie(COOKIE, path="/help/acme/") is None
    assert press_sign_in(reader, path).status_code == 302

    assert reader.post("/help/acme/es/sign-out", data={"csrf_token": "forged"}).status_code == 400
    assert "Cerrar sesión" in reader.get("/help/acme/es/").get_data(as_text=True)


def test_a_bad_address_is_explained(client, site):
    response = ask_link(client, "no es un correo")
    assert response.status_code == 422
    assert "Introduce un correo electrónico válido." in response.get_data(as_text=True)


@pytest.fixture
def demo_site(app):
    """The FacturaFácil demo site with its demo secret, and the demo host turned on."""
    for definition in demo._load("sites.yaml"):
        key = definition.pop("key")
        definition.pop("status"), definition.pop("maintenance")
        sites.save_site(key, **definition)
    app.config["DEMO_HOST"] = True
    return sites.get_site("facturafacil")


def test_the_demo_links_to_its_help_center_signed_in(client, demo_site):
    page = client.get("/demo/facturafacil").get_data(as_text=True)
    assert 'href="/demo/facturafacil/help-center?locale=es"' in page
    response = client.get("/demo/facturafacil/help-center?locale=es", follow_redirects=True)
    assert response.request.path == "/help/facturafacil/es/"
    assert "Laura Gómez" in response.get_data(as_text=True)

"""Signing in to the advisor console: the form, the session cookie, CSRF, sign-out and limits."""
import json
import re
from urllib.parse import urlencode

import pytest

from helpwidget.auth.console import advisor_from_session, sign_in
from helpwidget.extensions import db
from helpwidget.models import Advisor, Ticket
from helpwidget.services import advisors
from tests.support.fixtures_advisors import (
    PASSWORD,
    advisor_login,
    bearer,
    console_sign_in,
    form_token,
    make_advisor,
    signed_in,
)
from tests.support.fixtures_tickets import anonymous, post_ticket

WRONG = "The email or password is not right."
EXPIRED = "This page has expired. Reload it and try again."
CSP = ("default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
       "style-src 'self'")


@pytest.mark.parametrize("language, title, button", [
    ("en", "Support console", "Sign in"),
    ("es", "Consola de soporte", "Iniciar sesión"),
    ("pl", "Konsola wsparcia", "Zaloguj się"),
])
def test_sign_in_page_speaks_the_browsers_language(client, language, title, button):
    response = client.get("/console/login", headers={"Accept-Language": f"{language},en;q=0.5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html and f">{button}</button>" in html
    assert 'type="password"' in html and 'name="csrf_token"' in html


def test_locale_in_the_address_wins_over_the_browser(client):
    html = client.get("/console/login?locale=pl",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="pl">' in html and "<h1>Konsola wsparcia</h1>" in html


def test_console_pages_send_a_strict_content_security_policy(client):
    for path in ("/console/login", "/console/static/dist/console.js"):
        response = client.get(path)
        assert response.headers["Content-Security-Policy"].startswith(CSP)
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_every_failed_sign_in_gets_the_same_message(client, advisor):
    wrong = console_sign_in(client, advisor.email, "not the password")
    unknown = console_sign_in(client, "nobody@support.example.com")
    empty = console_sign_in(client, "", "")
    advisors.deactivate(advisor)
    disabled = console_sign_in(client, advisor.email)
    for response in (wrong, unknown, empty, disabled):
        assert response.status_code == 401
        assert response.get_data(as_text=True).count(WRONG) == 1
    spanish = console_sign_in(client, advisor.email, "not the password", query="?locale=es")
    assert "El correo o la contraseña no son correctos." in spanish.get_data(as_text=True)
    assert client.get("/console").status_code == 302


def test_a_sign_in_without_the_forms_csrf_token_is_refused(client, advisor):
    client.get("/console/login")
    response = client.post("/console/login", data={"email": advisor.email,
                                                   "password": PASSWORD})
    assert response.status_code == 400 and EXPIRED in response.get_data(as_text=True)
    forged = client.post("/console/login", data={"email": advisor.email, "password": PASSWORD,
                                                  "csrf_token": "forged"})
    assert forged.status_code == 400
    assert client.get("/console").status_code == 302
    assert client.get("/api/v1/advisor/me").status_code == 401


def test_signing_in_sets_an_httponly_cookie_and_opens_the_console(client, advisor):
    response = console_sign_in(client, advisor.email)
    assert response.status_code == 302 and response.location.endswith("/console")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    app_page = client.get("/console")
    html = app_page.get_data(as_text=True)
    assert app_page.status_code == 200
    assert app_page.headers["Content-Security-Policy"].startswith(CSP)
    assert app_page.headers["Cache-Control"] == "no-store"
    assert "Marta Gómez" in html and 'id="view-chats"' in html
    strings = json.loads(re.search(r'id="console-strings">(.*?)</script>', html, re.S).group(1))
    assert strings["tickets.inbox"] == "Ticket inbox"
    # No inline code anywhere: every script is a file, or JSON data.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html) == []
    assert "onclick=" not in html and "style=" not in html
    me = client.get("/api/v1/advisor/me")
    assert me.status_code == 200 and me.get_json()["email"] == advisor.email


def test_the_console_speaks_the_advisors_saved_language(client, site):
    jan = make_advisor("jan@support.example.com", "Jan", (site, "advisor"), locale="pl")
    token = signed_in(client, jan)
    html = client.get("/console", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<html lang="pl">' in html and "Wyloguj się" in html
    changed = client.post("/console/language", data={"locale": "es", "csrf_token": token})
    assert changed.status_code == 302
    db.session.expire_all()
    assert db.session.get(Advisor, jan.id).locale == "es"
    assert '<html lang="es">' in client.get("/console").get_data(as_text=True)


def test_signing_in_rotates_the_session(client, advisor):
    page = client.get("/console/login").get_data(as_text=True)
    before = form_token(page)
    token = signed_in(client, advisor)
    assert token != before
    # The signed-out page's token is worth nothing in the new session.
    refused = client.delete("/api/v1/advisor/session", headers={"X-CSRFToken": before})
    assert refused.status_code == 403


def test_the_console_sends_visitors_without_a_session_to_sign_in(client):
    response = client.get("/console")
    assert response.status_code == 302 and "/console/login" in response.location
    assert client.get("/api/v1/advisor/me").status_code == 401


def test_signing_out_ends_the_session_for_good(client, advisor):
    token = signed_in(client, advisor)
    stolen = client.get_cookie("session").value
    response = client.post("/console/logout", data={"csrf_token": token})
    assert response.status_code == 302 and "/console/login" in response.location
    assert client.get("/console").status_code == 302
    # Even a copy of the old cookie no longer opens anything: its token was revoked.
    client.set_cookie("session", stolen)
    assert client.get("/api/v1/advisor/me").status_code == 401
    assert client.get("/console").status_code == 302


def test_signing_out_needs_the_pages_csrf_token(client, advisor):
    signed_in(client, advisor)
    response = client.post("/console/logout", data={})
    assert response.status_code == 302 and response.location.endswith("/console")
    assert client.get("/api/v1/advisor/me").status_code == 200


def test_a_password_change_ends_the_cookie_session(client, advisor):
    signed_in(client, advisor)
    advisors.set_password(advisor, "a brand new passphrase")
    response = client.get("/api/v1/advisor/me")
    assert response.status_code == 401
    assert response.get_json() == {"error": "Your console session has ended. Sign in again."}
    assert client.get("/console").status_code == 302


def _ticket(client, site):
    """Open a ticket as a visitor; return its id."""
    number = post_ticket(client, site, anonymous(client, site),
                         name="Luis", email="luis@example.com").get_json()["ticket"]["number"]
    return db.session.execute(db.select(Ticket.id).filter_by(number=number)).scalar_one()


def test_cookie_changes_need_the_csrf_header(client, site, advisor):
    ticket_id = _ticket(client, site)
    token = signed_in(client, advisor)
    url = f"/api/v1/advisor/tickets/{ticket_id}"
    missing = client.patch(url, json={"priority": "urgent"})
    assert missing.status_code == 403
    assert missing.get_json() == {"error": EXPIRED, "code": "csrf"}
    spanish = client.patch(url, json={"priority": "urgent"},
                           headers={"X-CSRFToken": "forged", "X-HelpWidget-Locale": "es"})
    assert (spanish.status_code, spanish.get_json()["error"]) == (
        403, "Esta página ha caducado. Recárgala e inténtalo de nuevo.")
    db.session.expire_all()
    assert db.session.get(Ticket, ticket_id).priority != "urgent"
    done = client.patch(url, json={"priority": "urgent"}, headers={"X-CSRFToken": token})
    assert done.status_code == 200 and done.get_json()["priority"] == "urgent"
    # Reading needs no token.
    assert client.get(url).status_code == 200


def test_bearer_token_calls_need_no_csrf_token(client, site, advisor):
    ticket_id = _ticket(client, site)
    token = advisor_login(client, advisor.email)
    response = client.patch(f"/api/v1/advisor/tickets/{ticket_id}", json={"priority": "high"},
                            headers=bearer(token))
    assert response.status_code == 200


def test_a_forged_bearer_token_does_not_fall_back_to_the_cookie(client, advisor):
    signed_in(client, advisor)
    assert client.get("/api/v1/advisor/me", headers=bearer("forged")).status_code == 401


def test_the_session_gives_the_advisor_to_the_live_channel(app, advisor):
    with app.test_request_context("/socket.io/"):
        assert advisor_from_session() is None
        token = sign_in(advisor)
        assert advisor_from_session().id == advisor.id
        advisors.revoke_token(token)
        assert advisor_from_session() is None


@pytest.fixture
def limited(make_app):
    return make_app(RATELIMIT_ADVISOR_LOGIN="3 per minute")


def test_failed_console_sign_ins_are_limited_with_the_apis(limited, advisor):
    client = limited.test_client()
    ip = {"environ_base": {"REMOTE_ADDR": "10.0.3.1"}}
    codes = [console_sign_in(client, advisor.email, "wrong password", **ip).status_code
             for _ in range(2)]
    api = client.post("/api/v1/advisor/session", json={"email": advisor.email,
                                                        "password": "wrong password"}, **ip)
    assert codes + [api.status_code] == [401, 401, 401]
    refused = console_sign_in(client, advisor.email, query="?locale=es", **ip)
    assert refused.status_code == 429
    assert "Demasiadas solicitudes." in refused.get_data(as_text=True)
    # The email is locked from other addresses too; another email from elsewhere is not.
    elsewhere = console_sign_in(client, advisor.email,
                                environ_base={"REMOTE_ADDR": "10.0.3.2"})
    assert elsewhere.status_code == 429
    other = console_sign_in(client, "someone@support.example.com", "x",
                            environ_base={"REMOTE_ADDR": "10.0.3.3"})
    assert other.status_code == 401


def test_successful_console_sign_ins_do_not_use_up_the_limit(limited, advisor):
    codes = [console_sign_in(limited.test_client(), advisor.email).status_code
             for _ in range(5)]
    assert codes == [302] * 5


def test_a_ticket_link_signs_in_first_then_opens_the_ticket(client, advisor):
    link = client.get("/console/tickets/12")
    assert link.status_code == 302 and link.location.endswith("/console/login?next=tickets/12")
    form = client.get(link.location).get_data(as_text=True)
    assert 'action="/console/login?next=tickets/12"' in form
    signed = console_sign_in(client, advisor.email, query="?next=tickets/12")
    assert signed.status_code == 302 and signed.location.endswith("/console#tickets/12")
    # Signed in already, the link goes straight to the ticket.
    again = client.get("/console/tickets/12")
    assert again.status_code == 302 and again.location.endswith("/console#tickets/12")


@pytest.mark.parametrize("next_view", ["//evil.example/x", "https://evil.example",
                                       "tickets/12#x", "articles/3", "tickets/"])
def test_sign_in_opens_nothing_but_a_console_ticket(client, advisor, next_view):
    signed = console_sign_in(client, advisor.email,
                             query="?" + urlencode({"next": next_view}))
    assert signed.status_code == 302 and signed.location.endswith("/console")

"""Fixtures for advisors: accounts on the test sites, signing in (API, console form, browser)."""
import re

import pytest

from helpwidget.services import advisors

PASSWORD = "correct horse battery"


def make_advisor(email, name, *memberships, password=PASSWORD, locale="en"):
    """Create an advisor through the service; memberships are (site, role) pairs."""
    advisor = advisors.create_advisor(email, name, password, locale=locale)
    for site, role in memberships:
        advisors.add_membership(advisor, site, role)
    return advisor


def advisor_login(client, email, password=PASSWORD):
    """Sign in through the API and return the console bearer token."""
    response = client.post("/api/v1/advisor/session", json={"email": email, "password": password})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["token"]


def bearer(token):
    """Return the headers of an advisor's request."""
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def advisor(site):
    """Return Marta, a plain advisor on the team of `site`."""
    return make_advisor("marta@support.example.com", "Marta Gómez", (site, "advisor"))


@pytest.fixture
def admin_advisor(site):
    """Return Piotr, an admin of `site`."""
    return make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "admin"))


@pytest.fixture
def outsider(other_site):
    """Return Olga, an advisor of `other_site` only."""
    return make_advisor("olga@globex.example.com", "Olga Berg", (other_site, "advisor"))


@pytest.fixture
def advisor_token(client, advisor):
    """Return a signed-in console token of `advisor`."""
    return advisor_login(client, advisor.email)


def sign_in_console(page, live_server, email):
    """Sign in through the console's form in a browser and wait for the live connection."""
    page.goto(f"{live_server}/console/login?locale=en")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server}/console#*")
    page.locator("#live[data-state='online']").wait_for()


def go_online(page):
    """Take chats in the console in a browser: the presence button switches to online."""
    page.locator("#presence").click()
    page.locator("#presence[data-status='online']").wait_for()


def form_token(html):
    """Return the CSRF token of the first form of a page."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def page_token(html):
    """Return the CSRF token the console page gives its scripts."""
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def console_sign_in(client, email, password=PASSWORD, query="", **kwargs):
    """Fill in the console's sign-in form and return the response."""
    page = client.get("/console/login" + query, **kwargs)
    return client.post("/console/login" + query, data={
        "email": email, "password": password,
        "csrf_token": form_token(page.get_data(as_text=True))}, **kwargs)


def signed_in(client, advisor):
    """Sign in through the form and return the console page's CSRF token."""
    response = console_sign_in(client, advisor.email)
    assert response.status_code == 302 and response.location.endswith("/console")
    return page_token(client.get("/console").get_data(as_text=True))


def console_csrf(client):
    """Return a CSRF token of the client's session from a page any caller may load."""
    html = client.get("/console/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)

"""Fixtures for advisors: accounts on the test sites, and signing them in (API or console page)."""
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

"""Fixtures for tickets: a valid request form, helpers that open requests through the API."""
import pytest

from helpwidget.extensions import db
from helpwidget.models import Ticket
from tests.support.identities import open_session, sign_identity

SUBJECT = "No puedo emitir facturas"
DESCRIPTION = "Al emitir aparece el error 500 desde esta mañana."


def ticket_form(site, **overrides):
    """Return a valid new-request body for the site's default cards."""
    form = {"site": site.key, "subject": SUBJECT,
            "category": "technical_issue", "subcategory": "error_message",
            "description": DESCRIPTION,
            "cc": ["contabilidad@example.com"]}
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def auth(token):
    """Return the headers of a visitor's request."""
    return {"Authorization": f"Bearer {token}"}


def post_ticket(client, site, token, **overrides):
    """Open a request through the API and return the response."""
    return client.post("/api/v1/tickets", json=ticket_form(site, **overrides), headers=auth(token))


def stored(number):
    """Return ticket `number` as the database holds it now."""
    db.session.expire_all()
    return db.session.execute(db.select(Ticket).filter_by(number=number)).scalar_one()


def identified(client, site, sub="u-1", **claims):
    """Open a session for an identified user and return its visitor token."""
    return open_session(client, site, identity=sign_identity(site, sub=sub, **claims))[
        "visitor_token"]


def anonymous(client, site):
    """Open an anonymous session and return its visitor token."""
    return open_session(client, site)["visitor_token"]


@pytest.fixture
def ana(client, site):
    """Return the visitor token of Ana, a designated support user of account acc-1."""
    return identified(client, site, sub="ana", name="Ana Pérez", email="ana@example.com",
                      account_id="acc-1")

"""Each ticket and chat keeps the delays reports count, written the moment each one ends."""
from datetime import timedelta

from helpwidget.extensions import db
from helpwidget.models import Chat, Ticket, Visitor
from helpwidget.services import chat_messages, chats
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import bearer, make_advisor
from tests.support.fixtures_tickets import post_ticket

ALWAYS_CLOSED_ON_SUNDAY = {"timezone": "UTC", "days": ["mon", "tue", "wed", "thu", "fri", "sat"],
                           "open": "00:00", "close": "24:00"}


def _ticket(site, hours_ago, number=400001):
    """Insert an open ticket created `hours_ago` hours ago."""
    created = utcnow() - timedelta(hours=hours_ago)
    ticket = Ticket(site_id=site.id, number=number, subject="Error al emitir",
                    category="technical_issue", description="Falla.", requester_name="Ana",
                    requester_email="ana@example.com", locale="es", created_at=created,
                    updated_at=created, due_at=created + timedelta(hours=8))
    db.session.add(ticket)
    db.session.commit()
    return ticket


def _near(value, expected, slack=30):
    """Tell whether a stored number of seconds is `expected`, give or take a slow test run."""
    return value is not None and expected - 1 <= value <= expected + slack


def test_the_first_public_answer_and_the_resolution_are_timed(client, site, advisor_token):
    ticket = _ticket(site, hours_ago=2)
    client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments",
                json={"body": "Nota interna.", "internal": True}, headers=bearer(advisor_token))
    db.session.expire_all()
    assert db.session.get(Ticket, ticket.id).first_response_seconds is None
    client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments", json={"body": "Revisado."},
                headers=bearer(advisor_token))
    client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments", json={"body": "Y otra."},
                headers=bearer(advisor_token))
    response = client.patch(f"/api/v1/advisor/tickets/{ticket.id}", json={"status": "resolved"},
                            headers=bearer(advisor_token))
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    stored = db.session.get(Ticket, ticket.id)
    # A site without support hours counts every second as a business second.
    assert _near(stored.first_response_seconds, 7200)
    assert stored.first_response_business_seconds == stored.first_response_seconds
    assert _near(stored.resolution_seconds, 7200)
    assert stored.resolution_business_seconds == stored.resolution_seconds


def test_business_seconds_leave_out_closed_days(client, site, advisor_token):
    site.contact = {**(site.contact or {}), "hours": ALWAYS_CLOSED_ON_SUNDAY}
    db.session.commit()
    ticket = _ticket(site, hours_ago=24 * 8)
    client.post(f"/api/v1/advisor/tickets/{ticket.id}/comments", json={"body": "Perdón."},
                headers=bearer(advisor_token))
    db.session.expire_all()
    stored = db.session.get(Ticket, ticket.id)
    assert _near(stored.first_response_seconds, 8 * 86400)
    # Eight days back from now hold one or two Sundays, each closed all day.
    closed = stored.first_response_seconds - stored.first_response_business_seconds
    assert 86400 - 60 <= closed <= 2 * 86400 + 60


def test_tickets_carry_the_channel_they_came_from(client, site, ana):
    number = post_ticket(client, site, ana).get_json()["ticket"]["number"]
    assert db.session.execute(db.select(Ticket.channel).filter_by(number=number)).scalar() \
        == "widget"


def test_a_chat_keeps_its_wait_its_first_answer_and_its_transfers(app, site):
    marta = make_advisor("marta@acme.example.com", "Marta", (site, "admin"))
    jan = make_advisor("jan@acme.example.com", "Jan", (site, "advisor"))
    visitor = Visitor(site_id=site.id, token_hash="f" * 64)
    db.session.add(visitor)
    db.session.flush()
    chat = Chat(site_id=site.id, visitor_id=visitor.id, locale="es",
                created_at=utcnow() - timedelta(seconds=90))
    db.session.add(chat)
    db.session.commit()
    chats.claim(marta, chat.id)
    chat_messages.post(chat, "advisor", "a1", "Hola, soy Marta.", advisor=marta)
    chat_messages.post(chat, "advisor", "a2", "¿En qué le ayudo?", advisor=marta)
    chats.transfer(marta, chat.id, jan.id)
    chats.transfer(jan, chat.id, marta.id)
    db.session.expire_all()
    stored = db.session.get(Chat, chat.id)
    assert _near(stored.wait_seconds, 90) and _near(stored.first_response_seconds, 90)
    assert stored.first_response_seconds >= stored.wait_seconds
    assert stored.transfer_count == 2

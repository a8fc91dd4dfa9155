"""First-response promises count the site's business hours and holidays, and say so.

Times are hand-computed. The site answers Monday to Friday, 07:00-19:00 in Bogotá (UTC-5 all
year), and is closed on 2026-12-25.
"""
from datetime import UTC, datetime

import pytest

from helpwidget.extensions import db
from helpwidget.models import OutboxMessage, Ticket
from helpwidget.services import inbox, sites, tickets
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.fixtures_tickets import anonymous, auth
from tests.support.fixtures_widget import fill_technical_request, menu, open_panel
from tests.support.helpcenter_readers import sign_in

HOURS = {"timezone": "America/Bogota", "days": ["mon", "tue", "wed", "thu", "fri"],
         "open": "07:00", "close": "19:00"}
SATURDAY_0224 = datetime(2026, 11, 28, 7, 24, tzinfo=UTC)    # Saturday 02:24 in Bogotá
MONDAY_1100 = datetime(2026, 11, 30, 16, 0, tzinfo=UTC)      # Monday 07:00 + 4 business hours


@pytest.fixture
def office(site):
    """The acme site with support hours in Bogotá and a holiday."""
    return sites.save_site(site.key, contact={"hours": HOURS, "holidays": ["2026-12-25"]})


@pytest.fixture
def clock(monkeypatch):
    """Set the moment tickets are opened at."""
    def set_now(moment):
        monkeypatch.setattr(tickets, "utcnow", lambda: moment)
    return set_now


def _open(client, site, locale="en", **overrides):
    token = anonymous(client, site)
    response = client.post("/api/v1/tickets", headers={**auth(token),
                                                       "X-HelpWidget-Locale": locale},
                           json={"site": site.key, "subject": "No puedo emitir",
                                 "category": "technical_issue",
                                 "subcategory": "error_message", "priority": "high",
                                 "description": "Error 500 al emitir.", "name": "Ana",
                                 "email": "ana@example.com", **overrides})
    assert response.status_code == 201, response.get_json()
    return token, response.get_json()


def test_a_saturday_night_request_is_promised_for_monday_morning(client, office, clock):
    clock(SATURDAY_0224)
    _token, body = _open(client, office)
    ticket = body["ticket"]
    assert ticket["expected_response_by"] == MONDAY_1100.isoformat()
    assert body["expected_response_hours"] == ticket["expected_response_hours"] == 4
    assert ticket["expected_response_when"] == "Monday, November 30, 11:00 (Bogotá time)"
    assert ticket["expected_response_text"] == (
        "Expect our first answer within 4 business hours: by Monday, November 30, 11:00 "
        "(Bogotá time).")
    stored = db.session.execute(db.select(Ticket)).scalar_one()
    assert stored.due_at.replace(tzinfo=UTC) == MONDAY_1100


def test_the_promise_speaks_the_readers_language(client, office, clock):
    clock(SATURDAY_0224)
    _token, spanish = _open(client, office, locale="es")
    assert spanish["ticket"]["expected_response_text"] == (
        "Espera nuestra primera respuesta en 4 horas hábiles: a más tardar el lunes, 30 de "
        "noviembre, 11:00 (hora de Bogotá).")
    _token, polish = _open(client, office, locale="pl")
    assert polish["ticket"]["expected_response_text"] == (
        "Pierwszej odpowiedzi spodziewaj się w ciągu 4 godzin roboczych: do poniedziałek, "
        "30 listopada, 11:00 (czas: Bogotá).")


def test_evenings_and_holidays_do_not_count(client, office, clock):
    clock(datetime(2026, 11, 25, 22, 30, tzinfo=UTC))  # Wednesday 17:30: 1.5 h left today
    _token, evening = _open(client, office)
    assert evening["ticket"]["expected_response_by"] == "2026-11-26T14:30:00+00:00"  # Thu 09:30
    clock(datetime(2026, 12, 24, 23, 0, tzinfo=UTC))  # Thursday 18:00, Christmas Eve
    _token, holiday = _open(client, office, priority="normal")  # 8 h
    # 1 h on Thursday; Friday 25 is a holiday, then the weekend; 7 h on Monday: 14:00.
    assert holiday["ticket"]["expected_response_by"] == "2026-12-28T19:00:00+00:00"
    assert "Monday, December 28, 14:00 (Bogotá time)" in holiday["ticket"][
        "expected_response_text"]


def test_a_site_open_around_the_clock_promises_plain_hours(client, site, clock):
    clock(SATURDAY_0224)
    _token, body = _open(client, site)
    assert body["ticket"]["expected_response_by"] == "2026-11-28T11:24:00+00:00"
    assert body["ticket"]["expected_response_text"] == (
        "Expect our first answer within 4 hours: by Saturday, November 28, 11:24 (UTC).")


def test_the_confirmation_email_makes_the_same_promise(client, office, clock):
    clock(SATURDAY_0224)
    _open(client, office)
    email = db.session.execute(db.select(OutboxMessage).filter_by(kind="email")).scalars().first()
    text = email.payload["text"]
    # In the request's language (the site's, Spanish), on the site's clock, labelled.
    assert ("Espera nuestra primera respuesta en 4 horas hábiles: a más tardar el lunes, 30 de "
            "noviembre, 11:00 (hora de Bogotá).") in text
    assert "06:24" not in text and "UTC" not in text


def test_sla_breach_uses_the_same_clock(client, office, clock, monkeypatch):
    clock(SATURDAY_0224)
    _open(client, office)
    ticket = db.session.execute(db.select(Ticket)).scalar_one()
    sunday = datetime(2026, 11, 29, 20, 0, tzinfo=UTC)  # long past "4 hours" on the wall clock
    assert not tickets.is_breached(ticket, sunday)
    assert tickets.is_breached(ticket, datetime(2026, 11, 30, 16, 1, tzinfo=UTC))
    advisor = make_advisor("marta@support.example.com", "Marta", (office, "advisor"))
    token = advisor_login(client, advisor.email)
    monkeypatch.setattr(inbox, "utcnow", lambda: sunday)
    late = client.get("/api/v1/advisor/tickets?breached=true", headers=bearer(token)).get_json()
    assert late["tickets"] == []
    # A new priority's deadline is counted the same way, from when the request came in.
    tickets.set_priority(ticket, "urgent", advisor=advisor)  # 1 h: Monday 08:00
    assert ticket.due_at.replace(tzinfo=UTC) == datetime(2026, 11, 30, 13, 0, tzinfo=UTC)


def test_the_help_center_request_page_shows_the_promise(client, office, clock):
    clock(SATURDAY_0224)
    _user, visitor = sign_in(client, office)
    ticket = tickets.create(office, visitor, {
        "site": office.key, "subject": "No puedo emitir", "category": "technical_issue",
        "subcategory": "error_message", "priority": "high", "description": "Error 500."}, "es")
    page = client.get(f"/help/acme/es/requests/{ticket.number}?sent=1").get_data(as_text=True)
    assert ("Espera nuestra primera respuesta en 4 horas hábiles: a más tardar el lunes, 30 de "
            "noviembre, 11:00 (hora de Bogotá).") in page
    assert "lunes, 30 de noviembre, 11:00 (hora de Bogotá)" in page.split("</dl>")[0]


def test_the_widget_shows_the_business_hours_promise(page, host_app, office, clock):
    clock(SATURDAY_0224)
    host_app.lang = "en"
    frame = open_panel(page, host_app, "/invoices/new")
    menu(frame, "new_request")
    fill_technical_request(frame)
    frame.get_by_role("button", name="Send", exact=True).click()
    done = frame.locator(".hw-ticket-done")
    done.wait_for()
    assert ("Expect our first answer within 4 business hours: by Monday, November 30, 11:00 "
            "(Bogotá time).") in done.inner_text()
    done.get_by_role("button", name="See").click()
    frame.locator(".hw-request").wait_for()
    assert "Monday, November 30, 11:00 (Bogotá time)" in frame.locator(".hw-request").inner_text()


def test_chat_to_ticket_transcripts_are_stamped_on_the_sites_clock(client, site, widget,
                                                                   console):
    import re
    from datetime import timedelta

    from helpwidget.models import ChatMessage
    from helpwidget.services import chat_handoff
    from helpwidget.services.timeutil import aware, utcnow
    visitor, token = widget(locale="es")
    visitor.ok("chat:start", {"client_id": "first", "body": "La factura 1043 no se envía",
                              "name": "Lucía"})
    sites.save_site(site.key, contact={"hours": HOURS})  # the site's clock is Bogotá's
    [converted] = chat_handoff.convert_unanswered(utcnow() + timedelta(minutes=6))
    sent = aware(db.session.execute(db.select(ChatMessage)).scalars().first().created_at)
    bogota = sent - timedelta(hours=5)  # the site's clock, UTC-5
    description = converted.ticket.description
    stamp = re.search(r"\[([^\]]+)\] Lucía:", description).group(1)
    assert stamp == (f"{bogota.day}/{bogota.month}/{bogota:%y}, {bogota.hour}:{bogota:%M} "
                     "(hora de Bogotá)")
    assert "UTC" not in description

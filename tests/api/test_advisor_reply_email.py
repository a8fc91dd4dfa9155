"""An advisor who is not signed in gets an email when a requester replies on their ticket."""
from helpwidget.background import outbox_sender
from helpwidget.extensions import db
from helpwidget.models import OutboxMessage
from helpwidget.services import presence, tickets
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.fixtures_tickets import SUBJECT, auth, post_ticket, stored

ME = "/api/v1/advisor/me"


def _assigned_ticket(client, site, ana, advisor):
    """Open a request as Ana and give it to `advisor`; return its number."""
    number = post_ticket(client, site, ana, cc=[]).get_json()["ticket"]["number"]
    tickets.assign(stored(number), advisor)
    return number


def _reply(client, number, ana, body):
    """Post Ana's reply on her request."""
    response = client.post(f"/api/v1/tickets/{number}/comments",
                           json={"site": "acme", "body": body}, headers=auth(ana))
    assert response.status_code == 201, response.get_json()


def _mail_to(address):
    """Return the queued emails addressed to `address`."""
    db.session.expire_all()
    rows = db.session.execute(db.select(OutboxMessage).filter_by(kind="email")).scalars()
    return [row.payload for row in rows if address in row.payload["to"]]


def _text(message):
    """Return the plain-text part of a received email."""
    return message.get_body(preferencelist=("plain",)).get_content()


def test_reply_reaches_the_signed_out_assignee_by_email_with_a_link(
        client, site, ana, advisor, smtp_server, app):
    number = _assigned_ticket(client, site, ana, advisor)
    _reply(client, number, ana, "Sigue fallando\x07 con <b>Chrome</b>")
    outbox_sender.deliver_due()
    [message] = [m for m in smtp_server.wait_for(2) if m["To"] == advisor.email]
    assert f"#{number}" in message["Subject"] and SUBJECT in message["Subject"]
    text = _text(message)
    assert "Sigue fallando con <b>Chrome</b>" in text  # plain text, the bell character gone
    base = app.config["PUBLIC_URL"].rstrip("/")
    assert f"{base}/console/tickets/{number}" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "&lt;b&gt;Chrome&lt;/b&gt;" in html and "<b>Chrome" not in html
    assert f'href="{base}/console/tickets/{number}"' in html


def test_the_email_speaks_the_advisor_language(client, site, ana):
    marta = make_advisor("marta.es@support.example.com", "Marta", (site, "advisor"),
                         locale="es")
    number = _assigned_ticket(client, site, ana, marta)
    _reply(client, number, ana, "Hola otra vez")
    [email] = _mail_to(marta.email)
    assert f"Asunto: {SUBJECT}" in email["text"]  # the field's label, in Spanish


def test_no_email_while_the_assignee_has_a_console_open(client, site, ana, advisor):
    number = _assigned_ticket(client, site, ana, advisor)
    presence.connected("console-sid-1", advisor.id)
    _reply(client, number, ana, "¿Alguien ahí?")
    assert _mail_to(advisor.email) == []
    presence.disconnected("console-sid-1")
    _reply(client, number, ana, "¿Y ahora?")
    assert len(_mail_to(advisor.email)) == 1


def test_no_email_when_the_advisor_turned_it_off_in_my_account(client, site, ana, advisor):
    token = advisor_login(client, advisor.email)
    assert client.get(ME, headers=bearer(token)).get_json()["email_on_reply"] is True
    response = client.patch(ME, json={"email_on_reply": False}, headers=bearer(token))
    assert response.status_code == 200 and response.get_json()["email_on_reply"] is False
    client.delete("/api/v1/advisor/session", headers=bearer(token))
    number = _assigned_ticket(client, site, ana, advisor)
    _reply(client, number, ana, "Nadie me contesta")
    assert _mail_to(advisor.email) == []


def test_the_setting_takes_only_yes_or_no(client, site, advisor):
    token = advisor_login(client, advisor.email)
    response = client.patch(ME, json={"email_on_reply": "sometimes"}, headers=bearer(token))
    assert response.status_code in (400, 422)
    assert response.get_json()["fields"] == {"email_on_reply": ["Choose yes or no."]}
    assert client.get(ME, headers=bearer(token)).get_json()["email_on_reply"] is True


def test_no_email_for_notes_own_replies_or_unassigned_tickets(client, site, ana, advisor):
    number = _assigned_ticket(client, site, ana, advisor)
    tickets.advisor_comment(stored(number), advisor, "Nota interna", internal=True)
    tickets.advisor_comment(stored(number), advisor, "¿Qué navegador usas?")
    other = post_ticket(client, site, ana, cc=[]).get_json()["ticket"]["number"]
    _reply(client, other, ana, "Nadie tiene este")
    assert _mail_to(advisor.email) == []
    # Only the assignee hears of it, not a colleague on the same team.
    colleague = make_advisor("jan@support.example.com", "Jan", (site, "advisor"))
    _reply(client, number, ana, "Uso Firefox")
    assert len(_mail_to(advisor.email)) == 1 and _mail_to(colleague.email) == []

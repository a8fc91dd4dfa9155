"""Label changes reach the other consoles of the site's team live, and never a visitor."""
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor
from tests.support.fixtures_tickets import post_ticket


def test_a_tickets_new_labels_reach_the_team_not_the_requester(client, site, widget, console,
                                                               ana):
    visitor, _ = widget(ana)
    assert post_ticket(client, site, ana, subject="Cobro repetido").status_code == 201
    console.wait("ticket", where=lambda e: e["event"] == "created")
    visitor.wait("ticket", where=lambda e: e["event"] == "created")
    piotr = make_advisor("piotr@support.example.com", "Piotr Nowak", (site, "advisor"))
    other = advisor_login(client, piotr.email)
    ticket_id = client.get("/api/v1/advisor/tickets", headers=bearer(other)).get_json()[
        "tickets"][0]["id"]

    response = client.put(f"/api/v1/advisor/tickets/{ticket_id}/labels",
                          json={"labels": ["Billing"]}, headers=bearer(other))
    assert response.status_code == 200, response.get_json()
    # Marta's console hears it and refetches the ticket; the requester's widget hears nothing.
    heard = console.wait("ticket", where=lambda e: e["event"] == "labels")
    assert heard["ticket"]["subject"] == "Cobro repetido"
    assert visitor.quiet("ticket")


def test_a_chats_new_labels_reach_the_team_not_the_visitor(client, site, widget, console,
                                                           advisor):
    visitor, _ = widget()
    chat = visitor.ok("chat:start", {"client_id": "first", "body": "Hola"})["chat"]
    console.wait("chat:queued")
    token = advisor_login(client, advisor.email)

    response = client.put(f"/api/v1/advisor/chats/{chat['id']}/labels",
                          json={"labels": ["Callback", "billing"]}, headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    assert console.wait("chat:labels") == {"chat_id": chat["id"],
                                           "labels": ["billing", "callback"]}
    assert visitor.quiet("chat:labels")
    # The queue and the claim carry them; what the visitor is told of the chat does not.
    assert console.ok("chat:queue")["queued"][0]["labels"] == ["billing", "callback"]
    claimed = console.ok("chat:claim", {"chat_id": chat["id"]})
    assert claimed["chat"]["labels"] == ["billing", "callback"]
    assert "labels" not in visitor.wait("chat:status")["chat"]
    # The same set again announces nothing.
    client.put(f"/api/v1/advisor/chats/{chat['id']}/labels",
               json={"labels": ["callback", "Billing"]}, headers=bearer(token))
    assert console.quiet("chat:labels")

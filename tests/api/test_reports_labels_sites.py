"""The support report per label, and every site's report for the server's owner.

Two sites in different zones with their own support hours (Monday to Friday 09:00-17:00):
Acme in Madrid (UTC+1 in November), Globex in New York (UTC-5). Figures computed by hand.
"""
from datetime import UTC, datetime, timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Advisor, Chat, Label, Ticket, Visitor
from helpwidget.services import advisors, business_hours, response_figures
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor

RANGE = "from=2026-11-23&to=2026-11-29"
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
MADRID, NEW_YORK = 1, -5  # hours from UTC in November


def at(day, hour, minute=0, offset=MADRID):
    """Return the UTC moment of November 2026 given in a zone `offset` hours from UTC."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=offset)


@pytest.fixture
def labelled(site, other_site, advisor, admin_advisor, outsider):
    """Tickets and chats of both sites with labels, answers, ratings and advisors.

    Marta (`advisor`) is on both teams; Piotr admins Acme; Olga is on Globex only.
    """
    advisors.add_membership(advisor, other_site, "advisor")
    for row, zone in ((site, "Europe/Madrid"), (other_site, "America/New_York")):
        row.contact = {"hours": {"timezone": zone, "days": WEEKDAYS, "open": "09:00",
                                 "close": "17:00"}}
    labels = {(row.id, name): Label(site_id=row.id, name=name)
              for row, names in ((site, ("billing", "bug")), (other_site, ("billing", "vip")))
              for name in names}
    db.session.add_all(labels.values())
    db.session.commit()

    def ticket(on, number, created, *, names=(), answered=None, assignee=None, rating=None,
               merged_into=None):
        row = Ticket(site_id=on.id, number=number, subject="Error", category="requests",
                     description="Falla.", requester_name="Ana", requester_email="a@example.com",
                     locale="es", priority="normal", created_at=created, updated_at=created,
                     due_at=business_hours.add_hours(on, created, 8), channel="widget",
                     assignee_id=assignee and assignee.id, rating=rating,
                     merged_into_id=merged_into,
                     labels=[labels[(on.id, name)] for name in names])
        db.session.add(row)
        db.session.flush()
        if answered:
            # Stored as the service stores it: in the ticket's own site's support hours.
            row.first_response_at = answered
            response_figures.ticket_answered(row, answered)
        return row

    # Acme, Madrid time.
    first = ticket(site, 700001, at(23, 10), names=("billing", "bug"), answered=at(23, 11),
                   assignee=advisor, rating=5)                          # 1 h
    ticket(site, 700002, at(24, 10), names=("billing",), answered=at(24, 12),
           assignee=admin_advisor)                                      # 2 h
    ticket(site, 700003, at(25, 10))                                    # never answered
    ticket(site, 700004, at(23, 10, 30), names=("bug",), merged_into=first.id)  # merged
    ticket(site, 700005, at(20, 10), names=("billing",))                # the week before
    # Globex, New York time: Monday 08:00 to 10:00 is 1 h of its support (2 h in Madrid's).
    ticket(other_site, 700001, at(23, 8, offset=NEW_YORK), names=("billing", "vip"),
           answered=at(23, 10, offset=NEW_YORK), assignee=advisor, rating=3)
    # Sunday 20:00 in New York is Monday 30th 01:00 UTC: in Globex's week, not in UTC's.
    ticket(other_site, 700002, at(29, 20, offset=NEW_YORK),
           answered=at(30, 9, 30, offset=NEW_YORK), assignee=outsider)  # 30 min
    ticket(other_site, 700003, at(26, 12, offset=NEW_YORK), names=("vip",),
           answered=at(26, 16, offset=NEW_YORK), assignee=outsider)     # 4 h

    def chat(on, created, *, names=(), by=None):
        visitor = Visitor(site_id=on.id, token_hash=f"{on.id:064x}")
        if (found := db.session.execute(db.select(Visitor).filter_by(
                token_hash=visitor.token_hash)).scalar()) is None:
            db.session.add(visitor)
            db.session.flush()
            found = visitor
        db.session.add(Chat(site_id=on.id, visitor_id=found.id, locale="es", status="closed",
                            created_at=created, closed_at=created + timedelta(minutes=10),
                            advisor_id=by and by.id, claimed_at=by and created,
                            wait_seconds=0 if by else None,
                            labels=[labels[(on.id, name)] for name in names]))

    chat(site, at(23, 10, 15), names=("bug",), by=advisor)
    chat(site, at(24, 11))
    chat(other_site, at(27, 10, offset=NEW_YORK), names=("vip",), by=advisor)
    db.session.commit()


@pytest.fixture
def owner_token(client):
    """Return a console token of Olivia, the server's owner (on no team)."""
    owner = make_advisor("olivia@support.example.com", "Olivia Owner")
    db.session.get(Advisor, owner.id).is_owner = True
    db.session.commit()
    return advisor_login(client, owner.email)


def get(client, token, site_key, query=RANGE, table=None):
    """Return the answer of the report (or one of its CSV tables) of a site or of all (*)."""
    path = f"/api/v1/advisor/sites/{site_key}/reports" + (f"/{table}.csv" if table else "")
    return client.get(f"{path}?{query}", headers=bearer(token))


def report(client, token, site_key):
    response = get(client, token, site_key)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_site_counts_its_conversations_under_each_label_and_apart_without(
        client, labelled, advisor_token):
    volume = report(client, advisor_token, "acme")["volume"]
    # 700001 (billing, bug), 700002 (billing), 700003 (none); the merged and last week's not.
    # Chats: one with bug, one with none.
    assert volume["by_label"] == [{"key": "billing", "tickets": 2, "chats": 0},
                                  {"key": "bug", "tickets": 1, "chats": 1}]
    assert volume["no_label"] == {"tickets": 1, "chats": 1}
    assert volume["totals"] == {"tickets": 3, "chats": 2}
    lines = get(client, advisor_token, "acme", table="labels").get_data(as_text=True)
    assert lines.splitlines() == ["label,tickets,chats", "billing,2,0", "bug,1,1", ",1,1"]


def test_the_owner_reads_every_site_at_once_in_utc(client, labelled, owner_token, advisor):
    body = report(client, owner_token, "*")
    assert (body["site"], body["from"], body["to"], body["time_zone"]) == (
        "*", "2026-11-23", "2026-11-29", "UTC")
    volume = body["volume"]
    # Globex's Sunday-evening ticket is Monday 30th in UTC: outside the week.
    assert volume["totals"] == {"tickets": 5, "chats": 3}
    assert [(p["period"], p["tickets"], p["chats"]) for p in volume["series"]] == [
        ("2026-11-23", 2, 1), ("2026-11-24", 1, 1), ("2026-11-25", 1, 0),
        ("2026-11-26", 1, 0), ("2026-11-27", 0, 1), ("2026-11-28", 0, 0),
        ("2026-11-29", 0, 0)]
    # Monday 09:xx UTC: Acme's 10:00 ticket and 10:15 chat in Madrid.
    assert volume["heatmap"][0][9] == 2 and volume["heatmap"][0][10] == 0
    # Both sites' "billing" are one row; a tie of 3 goes by name.
    assert volume["by_label"] == [{"key": "billing", "tickets": 3, "chats": 0},
                                  {"key": "vip", "tickets": 2, "chats": 1},
                                  {"key": "bug", "tickets": 1, "chats": 1}]
    assert volume["no_label"] == {"tickets": 1, "chats": 1}
    response = body["response"]
    # Each in its own site's hours: 1 h, 2 h (Acme); 1 h, 4 h (Globex). Median of four:
    # 1.5 h; p90: 2 h + 0.7 * 2 h.
    assert response["first_response"] == {"count": 4, "median_seconds": 5400,
                                          "p90_seconds": 12240}
    normal = next(row for row in response["sla"] if row["priority"] == "normal")
    assert (normal["tickets"], normal["met"], normal["rate"]) == (5, 4, 0.8)
    # Marta works on both teams: one row of both sites' figures.
    rows = [row for row in body["advisors"] if row["id"] == advisor.id]
    assert len(rows) == 1
    assert (rows[0]["tickets"], rows[0]["chats"], rows[0]["first_response_median_seconds"],
            rows[0]["rating_average"], rows[0]["ratings"]) == (2, 2, 3600, 4, 2)
    assert {row["name"] for row in body["advisors"]} == {"Marta Gómez", "Piotr Nowak",
                                                         "Olga Berg"}
    assert body["satisfaction"]["tickets"]["distribution"] == {
        "1": 0, "2": 0, "3": 1, "4": 0, "5": 1}


def test_every_sites_figures_sum_each_sites_in_their_own_zones(
        client, labelled, owner_token):
    globex = report(client, owner_token, "globex")
    # In New York's week the Sunday-evening ticket counts; its 30 min are Monday morning's.
    assert globex["time_zone"] == "America/New_York"
    assert globex["volume"]["totals"] == {"tickets": 3, "chats": 1}
    assert globex["response"]["first_response"] == {"count": 3, "median_seconds": 3600,
                                                    "p90_seconds": 12240}
    assert globex["volume"]["by_label"] == [{"key": "vip", "tickets": 2, "chats": 1},
                                            {"key": "billing", "tickets": 1, "chats": 0}]


def test_every_sites_csv_is_named_for_all_sites(client, labelled, owner_token):
    answer = get(client, owner_token, "*", table="labels")
    assert answer.status_code == 200
    assert 'filename="report-all-sites-labels-2026-11-23-2026-11-29.csv"' in \
        answer.headers["Content-Disposition"]
    assert answer.get_data(as_text=True).splitlines() == [
        "label,tickets,chats", "billing,3,0", "vip,2,1", "bug,1,1", ",1,1"]
    comments = get(client, owner_token, "*", table="comments").get_data(as_text=True)
    assert comments.splitlines()[0] == "kind,ref,rating,comment,at,site"


def test_only_the_owner_reads_every_site(client, labelled, advisor_token, admin_advisor,
                                         outsider):
    piotr = advisor_login(client, admin_advisor.email)
    olga = advisor_login(client, outsider.email)
    for token in (advisor_token, piotr, olga):
        for table in (None, "labels"):
            answer = get(client, token, "*", table=table)
            assert answer.status_code == 403, (token, table)
            assert answer.get_json()["code"] == "owner_required"
    # Olga's team is Globex's only: Acme's report is not there for her.
    assert get(client, olga, "acme").status_code == 404
    assert get(client, olga, "globex").status_code == 200


def test_every_sites_range_is_validated_like_a_sites(client, site, owner_token):
    answer = get(client, owner_token, "*", query="from=2026-11-30&to=2026-11-23")
    assert answer.status_code == 422 and "from" in answer.get_json()["fields"]
    empty = report(client, owner_token, "*")
    assert empty["volume"]["by_label"] == [] and empty["volume"]["no_label"] == {
        "tickets": 0, "chats": 0}

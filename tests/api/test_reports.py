"""The support report: figures of a small known week, computed by hand, in the site's hours."""
from datetime import UTC, date, datetime, timedelta

import pytest

from helpwidget.extensions import db
from helpwidget.models import Chat, Ticket, Visitor
from helpwidget.services import business_hours
from tests.support.fixtures_advisors import advisor_login, bearer, make_advisor

# Madrid is UTC+1 in November; support Monday to Friday 09:00-17:00, Wednesday a holiday.
HOURS = {"timezone": "Europe/Madrid", "days": ["mon", "tue", "wed", "thu", "fri"],
         "open": "09:00", "close": "17:00"}
RANGE = "from=2026-11-23&to=2026-11-29"


def at(day, hour, minute=0):
    """Return a UTC moment of November 2026 given in Madrid's local time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - timedelta(hours=1)


@pytest.fixture
def week(site, advisor, admin_advisor):
    """A week of tickets and chats with known times, ratings and advisors."""
    site.contact = {"hours": HOURS, "holidays": ["2026-11-25"]}
    db.session.commit()

    def ticket(number, created, *, first=None, resolved=None, priority="normal", due_hours=8,
               assignee=None, rating=None, comment="", category="technical_issue",
               channel="widget", merged_into=None):
        def business(end):
            return business_hours.business_seconds(site, created, end) if end else None

        row = Ticket(site_id=site.id, number=number, subject="Error", category=category,
                     description="Falla.", requester_name="Ana", requester_email="a@example.com",
                     locale="es", priority=priority, created_at=created, updated_at=created,
                     due_at=business_hours.add_hours(site, created, due_hours),
                     first_response_at=first, resolved_at=resolved, channel=channel,
                     first_response_seconds=first and int((first - created).total_seconds()),
                     first_response_business_seconds=business(first),
                     resolution_business_seconds=business(resolved),
                     assignee_id=assignee and assignee.id, rating=rating, rating_comment=comment,
                     rated_at=resolved if rating else None, merged_into_id=merged_into)
        db.session.add(row)
        db.session.flush()
        return row

    # Monday 10:00, answered 11:00 (1 h), resolved Tuesday 10:00 (8 h of support).
    first = ticket(500001, at(23, 10), first=at(23, 11), resolved=at(24, 10), assignee=advisor,
                   rating=5)
    # Tuesday 16:30, answered Thursday 09:30: 30 min Tuesday + Wednesday a holiday + 30 min.
    ticket(500002, at(24, 16, 30), first=at(26, 9, 30), priority="urgent", due_hours=0.5,
           assignee=advisor, category="requests", rating=2, comment="Muy lento",
           resolved=at(26, 12))
    # Thursday 10:00 from the help center, never answered: its deadline has passed, missed.
    ticket(500003, at(26, 10), priority="urgent", due_hours=0.5, channel="helpcenter")
    # Saturday 11:00 (closed), answered Monday 30th 09:15: 15 business minutes; outside range.
    ticket(500004, at(28, 11), first=at(30, 9, 15), assignee=admin_advisor)
    # Merged into the first: not counted.
    ticket(500005, at(23, 10, 30), merged_into=first.id)
    # Last week: outside the range.
    ticket(500006, at(20, 10), first=at(20, 10, 5))

    visitor = Visitor(site_id=site.id, token_hash="e" * 64)
    db.session.add(visitor)
    db.session.flush()

    def chat(created, *, wait=None, advisor_=None, rating=None, transfers=0, ticket_id=None):
        db.session.add(Chat(site_id=site.id, visitor_id=visitor.id, locale="es",
                            created_at=created, status="closed",
                            claimed_at=created + timedelta(seconds=wait) if wait else None,
                            wait_seconds=wait, advisor_id=advisor_ and advisor_.id,
                            rating=rating, transfer_count=transfers, ticket_id=ticket_id,
                            closed_at=created + timedelta(minutes=20)))

    chat(at(23, 10, 15), wait=30, advisor_=advisor, rating=4)
    chat(at(23, 10, 40), wait=90, advisor_=advisor, transfers=1)
    chat(at(27, 15, 5), wait=60, advisor_=admin_advisor, rating=5)
    chat(at(27, 18), ticket_id=first.id)  # nobody answered: became a ticket
    db.session.commit()


def report(client, token, query=RANGE):
    """Return the report of the test site for the query."""
    response = client.get(f"/api/v1/advisor/sites/acme/reports?{query}", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_volume_per_day_category_channel_and_hour(client, week, advisor_token):
    body = report(client, advisor_token)
    assert (body["from"], body["to"], body["time_zone"]) == (
        "2026-11-23", "2026-11-29", "Europe/Madrid")
    volume = body["volume"]
    assert volume["totals"] == {"tickets": 4, "chats": 4}
    assert [(p["period"], p["tickets"], p["chats"]) for p in volume["series"]] == [
        ("2026-11-23", 1, 2), ("2026-11-24", 1, 0), ("2026-11-25", 0, 0),
        ("2026-11-26", 1, 0), ("2026-11-27", 0, 2), ("2026-11-28", 1, 0),
        ("2026-11-29", 0, 0)]
    assert volume["by_category"] == [{"key": "technical_issue", "tickets": 3},
                                     {"key": "requests", "tickets": 1}]
    assert volume["by_channel"] == [{"key": "widget", "tickets": 3},
                                    {"key": "helpcenter", "tickets": 1}]
    # Monday 10:xx local: a ticket and two chats; Friday 15:05 and 18:00 chats.
    assert volume["heatmap"][0][10] == 3 and volume["heatmap"][4][15] == 1
    assert volume["heatmap"][4][18] == 1 and sum(map(sum, volume["heatmap"])) == 8
    weekly = report(client, advisor_token, RANGE + "&group=week")["volume"]["series"]
    assert weekly == [{"period": "2026-11-23", "tickets": 4, "chats": 4}]


def test_response_times_in_business_hours_and_sla(client, week, advisor_token):
    response = report(client, advisor_token)["response"]
    # First responses in support time: 1 h, 1 h (30 + 30 min across the holiday), 15 min.
    assert response["first_response"] == {"count": 3, "median_seconds": 3600,
                                          "p90_seconds": 3600}
    # Resolutions: Monday 10:00 to Tuesday 10:00 is 8 h of support; Tuesday 16:30 to
    # Thursday 12:00 is 30 min + 3 h = 3.5 h. Median of two: 5.75 h; p90: 3.5 + 0.9 * 4.5 h.
    assert response["resolution"] == {"count": 2, "median_seconds": 20700,
                                      "p90_seconds": 27180}
    sla = {row["priority"]: row for row in response["sla"]}
    # Urgent: 500002 answered Thursday 09:30, due 30 support minutes after Tuesday 16:30,
    # that is 17:00 Tuesday: missed; 500003 never answered, overdue: missed.
    assert (sla["urgent"]["tickets"], sla["urgent"]["met"], sla["urgent"]["rate"]) == (2, 0, 0)
    # Normal: 500001 met (due 8 support hours later), 500004 answered Monday within 8 h.
    assert (sla["normal"]["tickets"], sla["normal"]["met"], sla["normal"]["rate"]) == (2, 2, 1)
    assert sla["low"]["rate"] is None


def test_satisfaction_advisors_and_chats(client, week, advisor_token, advisor, admin_advisor):
    body = report(client, advisor_token)
    satisfaction = body["satisfaction"]
    assert satisfaction["tickets"] == {"count": 2, "average": 3.5, "distribution": {
        "1": 0, "2": 1, "3": 0, "4": 0, "5": 1}}
    assert satisfaction["chats"]["count"] == 2 and satisfaction["chats"]["average"] == 4.5
    assert [(c["kind"], c["ref"], c["rating"], c["comment"]) for c in satisfaction["comments"]] \
        == [("ticket", "#500002", 2, "Muy lento")]
    advisors = {row["name"]: row for row in body["advisors"]}
    marta = advisors[advisor.name]
    assert (marta["tickets"], marta["chats"], marta["first_response_median_seconds"],
            marta["rating_average"], marta["ratings"]) == (2, 2, 3600, 3.67, 3)
    assert marta["resolution_median_seconds"] == 20700
    assert (advisors[admin_advisor.name]["tickets"], advisors[admin_advisor.name]["chats"]) == (
        1, 1)
    assert body["chats"] == {"total": 4, "answered": 3, "missed": 1, "transfers": 1,
                             "wait_median_seconds": 60, "wait_p90_seconds": 84}


def test_only_the_sites_team_reads_it_and_bad_ranges_are_refused(
        client, week, advisor_token, other_site):
    make_advisor("lena@globex.example.com", "Lena", (other_site, "admin"))
    outsider = advisor_login(client, "lena@globex.example.com")
    assert client.get(f"/api/v1/advisor/sites/acme/reports?{RANGE}",
                      headers=bearer(outsider)).status_code == 404
    for query, field in (("from=2026-11-30&to=2026-11-23", "from"), ("from=yesterday", "from"),
                         ("group=month", "group"), ("from=2025-01-01&to=2026-11-29", "from")):
        response = client.get(f"/api/v1/advisor/sites/acme/reports?{query}",
                              headers=bearer(advisor_token))
        assert response.status_code == 422 and field in response.get_json()["fields"], query


def test_an_empty_range_has_zeros_and_no_times(client, site, advisor_token):
    body = report(client, advisor_token, "from=2026-01-05&to=2026-01-06")
    assert body["volume"]["totals"] == {"tickets": 0, "chats": 0}
    assert body["response"]["first_response"]["median_seconds"] is None
    assert body["chats"]["wait_median_seconds"] is None and body["advisors"] == []
    assert date.fromisoformat(body["volume"]["series"][0]["period"]) == date(2026, 1, 5)


def test_each_table_downloads_as_csv(client, week, advisor_token, site):
    def csv(table, query=RANGE):
        return client.get(f"/api/v1/advisor/sites/acme/reports/{table}.csv?{query}",
                          headers=bearer(advisor_token))

    heatmap = csv("heatmap")
    assert heatmap.status_code == 200 and heatmap.mimetype == "text/csv"
    assert 'filename="report-acme-heatmap-2026-11-23-2026-11-29.csv"' in \
        heatmap.headers["Content-Disposition"]
    lines = heatmap.get_data(as_text=True).splitlines()
    assert lines[0] == "weekday,hour,opened" and len(lines) == 1 + 7 * 24
    assert "1,10,3" in lines  # Monday 10:00 in Madrid
    assert csv("times").get_data(as_text=True).splitlines()[1:] == [
        "first_response,3,3600,3600", "resolution,2,20700,27180"]
    # A rating comment that looks like a formula stays text in a spreadsheet.
    db.session.execute(db.update(Ticket).where(Ticket.number == 500002)
                       .values(rating_comment="=HYPERLINK(\"http://x\")"))
    db.session.commit()
    comments = csv("comments").get_data(as_text=True)
    assert "'=HYPERLINK" in comments and "#500002" in comments
    assert csv("nothing").status_code == 404
    assert csv("sla", "group=month").status_code == 422

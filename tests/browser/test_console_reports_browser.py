"""The console's Reports page in headless Chromium: the figures of known tickets and chats."""
from datetime import timedelta

from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Advisor, Chat, Label, Ticket, Visitor
from helpwidget.services import advisors
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import make_advisor, sign_in_console


def opened_at():
    """Return two days ago at the hour (UTC, the zone of sites keeping no support hours)."""
    return (utcnow() - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)


def ticket(site, number, opened, answer, advisor, names=(), rating=None, comment=""):
    """Add a request answered `answer` seconds after it opened, with these labels."""
    labels = [db.session.execute(db.select(Label).filter_by(site_id=site.id, name=name))
              .scalar() or Label(site_id=site.id, name=name) for name in names]
    db.session.add(Ticket(
        site_id=site.id, number=number, subject="Error", category="technical_issue",
        description="Falla.", requester_name="Ana", requester_email="ana@example.com",
        locale="es", created_at=opened, updated_at=opened, due_at=opened + timedelta(hours=8),
        assignee_id=advisor.id, first_response_at=opened + timedelta(seconds=answer),
        first_response_seconds=answer, first_response_business_seconds=answer, labels=labels,
        rating=rating, rating_comment=comment, rated_at=opened + timedelta(hours=4)))
    db.session.flush()


def seed(site, advisor):
    """Two requests answered in 1 h 20 min and 3 h, a rated comment, a missed chat, labels."""
    opened = opened_at()
    ticket(site, 610001, opened, 4800, advisor, ("billing", "bug"), 4, "Rápido y claro")
    ticket(site, 610002, opened, 10800, advisor, ("billing",))
    visitor = Visitor(site_id=site.id, token_hash="d" * 64)
    db.session.add(visitor)
    db.session.flush()
    # Nobody answered the chat: it became the second request. It has no label.
    became = db.session.execute(db.select(Ticket.id).filter_by(number=610002)).scalar()
    db.session.add(Chat(site_id=site.id, visitor_id=visitor.id, locale="es", status="closed",
                        created_at=opened, closed_at=opened + timedelta(minutes=5),
                        ticket_id=became))
    db.session.commit()
    return opened


def row(page, table, text):
    """Return the row of a report's table holding `text` in its heading cell."""
    return page.locator(f"[data-report='{table}'] tbody tr").filter(
        has=page.get_by_role("rowheader", name=text, exact=True))


def test_reports_show_volume_labels_response_times_sla_satisfaction_and_advisors(
        page, live_server, site, other_site, advisor):
    opened = seed(site, advisor)
    advisors.add_membership(advisor, other_site, "advisor")
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Reports").click()
    page.get_by_role("heading", name="Reports", exact=True).wait_for()
    # On two teams but not the owner: a choice of her sites, never all of them.
    expect(page.locator(".reports select[name='site'] option")).to_have_count(2)
    expect(page.locator(".reports select[name='site'] option[value='*']")).to_have_count(0)
    expect(page.locator("[data-note='all-sites']")).to_have_count(0)

    expect(page.locator("[data-total='tickets'] dd")).to_have_text("2")
    expect(page.locator("[data-total='chats'] dd").first).to_have_text("1")
    # The median of 1 h 20 min and 3 h, and its 90th percentile, in support hours.
    expect(page.locator("[data-total='first_response_median'] dd")).to_have_text("2 h 10 min")
    expect(page.locator("[data-total='first_response_p90'] dd")).to_have_text("2 h 50 min")
    sla = row(page, "sla", "Normal")
    expect(sla.locator("td").nth(0)).to_have_text("2")
    expect(sla.locator("td").nth(2)).to_have_text("100%")
    # Opened two days ago at this hour, in UTC (the site keeps no support hours).
    weekday, hour = opened.weekday(), opened.hour
    expect(page.locator(f"[data-cell='{weekday}-{hour}']")).to_have_text("3")
    # Ratings: one request rated 4 of 5, no chat rated.
    four = row(page, "ratings", "4 of 5")
    expect(four.locator("td").nth(0)).to_have_text("1")
    expect(four.locator("td").nth(1)).to_have_text("0")
    expect(row(page, "ratings", "5 of 5").locator("td").nth(0)).to_have_text("0")
    expect(page.locator(".reports-comments")).to_contain_text("Rápido y claro")
    # Labels: both requests under billing, one under bug; the chat counted apart.
    expect(row(page, "labels", "billing").locator("td")).to_have_text(["2", "0"])
    expect(row(page, "labels", "bug").locator("td")).to_have_text(["1", "0"])
    expect(row(page, "labels", "No label").locator("td")).to_have_text(["0", "1"])
    advisor_row = row(page, "advisors", advisor.name)
    expect(advisor_row.locator("td").nth(0)).to_have_text("2")
    expect(advisor_row.locator("td").nth(2)).to_have_text("2 h 10 min")
    expect(page.locator("[data-total='missed'] dd")).to_have_text("1")

    for name, expected in (("Advisors", f"{advisor.id},{advisor.name},2,0,7800"),
                           ("Requests and chats by label", "billing,2,0"),
                           ("Ratings", "4,1,0")):
        link = page.get_by_role("link", name=f"Download CSV: {name}", exact=True)
        csv = page.request.get(live_server + link.get_attribute("href"))
        assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv"), name
        assert expected in csv.text(), name

    # Per week, the two requests fall in the week of their Monday.
    page.locator("select[name='group']").select_option("week")
    monday = (opened - timedelta(days=opened.weekday())).date().isoformat()
    chart = page.locator("figure.insights-chart")
    chart.get_by_text("Show as a table").click()
    expect(chart.locator("thead th").first).to_have_text("Week starting")
    week = chart.locator("tbody tr").filter(has=page.locator(f"time[datetime='{monday}']"))
    expect(week.locator("td").nth(0)).to_have_text("2")


def test_the_owner_reads_every_site_together(page, live_server, site, other_site, advisor):
    seed(site, advisor)
    advisors.add_membership(advisor, other_site, "advisor")
    # On Globex, a request answered in 1 h under billing (Globex's own) and vip.
    ticket(other_site, 610001, opened_at(), 3600, advisor, ("billing", "vip"), 5)
    db.session.commit()
    owner = make_advisor("olivia@support.example.com", "Olivia Owner")
    db.session.get(Advisor, owner.id).is_owner = True
    db.session.commit()
    sign_in_console(page, live_server, owner.email)
    page.get_by_role("tab", name="Reports").click()
    page.get_by_role("heading", name="Reports", exact=True).wait_for()
    expect(page.locator("[data-total='tickets'] dd")).to_have_text("2")  # Acme first

    page.locator(".reports select[name='site']").select_option(label="All sites")
    expect(page.locator("[data-note='all-sites']")).to_contain_text("UTC")
    expect(page.locator(".insights-range-shown")).to_contain_text("UTC")
    expect(page.locator("[data-total='tickets'] dd")).to_have_text("3")
    # 1 h, 1 h 20 min, 3 h: each stored in its own site's support hours.
    expect(page.locator("[data-total='first_response_median'] dd")).to_have_text("1 h 20 min")
    expect(row(page, "labels", "billing").locator("td")).to_have_text(["3", "0"])
    expect(row(page, "labels", "vip").locator("td")).to_have_text(["1", "0"])
    # Marta's rows of both sites are one.
    expect(row(page, "advisors", advisor.name).locator("td").nth(0)).to_have_text("3")
    five = row(page, "ratings", "5 of 5")
    expect(five.locator("td").nth(0)).to_have_text("1")

    link = page.get_by_role("link", name="Download CSV: Requests and chats by label", exact=True)
    assert "/sites/*/reports/labels.csv" in link.get_attribute("href")
    csv = page.request.get(live_server + link.get_attribute("href"))
    assert csv.status == 200 and "billing,3,0" in csv.text()

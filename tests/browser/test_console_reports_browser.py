"""The console's Reports page in headless Chromium: the figures of known tickets and chats."""
from datetime import timedelta

from playwright.sync_api import expect

from helpwidget.extensions import db
from helpwidget.models import Chat, Ticket, Visitor
from helpwidget.services.timeutil import utcnow
from tests.support.fixtures_advisors import sign_in_console


def seed(site, advisor):
    """Two requests answered in 1 h 20 min and 3 h, a rated comment, a missed chat."""
    opened = (utcnow() - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    for number, answer, rating, comment in ((610001, 4800, 4, "Rápido y claro"),
                                            (610002, 10800, None, "")):
        db.session.add(Ticket(
            site_id=site.id, number=number, subject="Error", category="technical_issue",
            description="Falla.", requester_name="Ana", requester_email="ana@example.com",
            locale="es", created_at=opened, updated_at=opened,
            due_at=opened + timedelta(hours=8), assignee_id=advisor.id,
            first_response_at=opened + timedelta(seconds=answer),
            first_response_seconds=answer, first_response_business_seconds=answer,
            rating=rating, rating_comment=comment, rated_at=opened + timedelta(hours=4)))
    visitor = Visitor(site_id=site.id, token_hash="d" * 64)
    db.session.add(visitor)
    db.session.flush()
    # Nobody answered the chat: it became the second request.
    became = db.session.execute(db.select(Ticket.id).filter_by(number=610002)).scalar()
    db.session.add(Chat(site_id=site.id, visitor_id=visitor.id, locale="es", status="closed",
                        created_at=opened, closed_at=opened + timedelta(minutes=5),
                        ticket_id=became))
    db.session.commit()
    return opened


def test_reports_show_volume_response_times_sla_satisfaction_and_advisors(
        page, live_server, site, advisor):
    opened = seed(site, advisor)
    sign_in_console(page, live_server, advisor.email)
    page.get_by_role("tab", name="Reports").click()
    page.get_by_role("heading", name="Reports", exact=True).wait_for()

    expect(page.locator("[data-total='tickets'] dd")).to_have_text("2")
    expect(page.locator("[data-total='chats'] dd").first).to_have_text("1")
    times = page.locator("table[data-report='times']")
    # The median of 1 h 20 min and 3 h, and its 90th percentile.
    first = times.locator("tr", has_text="First response")
    expect(first.locator("td").nth(0)).to_have_text("2 h 10 min")
    expect(first.locator("td").nth(1)).to_have_text("2 h 50 min")
    sla = page.locator("table[data-report='sla'] tr", has_text="Normal")
    expect(sla.locator("td").nth(2)).to_have_text("100%")
    # Opened two days ago at this hour, in UTC (the site keeps no support hours).
    weekday, hour = opened.weekday(), opened.hour
    expect(page.locator(f"[data-cell='{weekday}-{hour}']")).to_have_text("3")
    expect(page.locator(".reports-comments")).to_contain_text("Rápido y claro")
    row = page.locator("table[data-report='advisors'] tr", has_text=advisor.name)
    expect(row.locator("td").nth(0)).to_have_text("2")
    expect(row.locator("td").nth(2)).to_have_text("2 h 10 min")
    expect(page.locator("[data-total='missed'] dd")).to_have_text("1")

    link = page.get_by_role("link", name="Download CSV: Advisors")
    csv = page.request.get(live_server + link.get_attribute("href"))
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert f"{advisor.id},{advisor.name},2,0,7800" in csv.text()

    # Per week, the same two requests fall in one or two weeks, never lost.
    page.locator("select[name='group']").select_option("week")
    expect(page.locator("table[data-report='series'] tbody tr").first).to_contain_text("Week of")

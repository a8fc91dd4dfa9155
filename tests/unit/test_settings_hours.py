"""Hours settings at work: yearly holidays close support, and chat out of hours when staffed."""
from datetime import UTC, datetime

from helpwidget.extensions import db
from helpwidget.services import business_hours, presence, sites
from tests.support.fixtures_advisors import make_advisor

WARSAW = {"timezone": "Europe/Warsaw", "days": ["mon", "tue", "wed", "thu", "fri"],
          "open": "08:00", "close": "16:00"}


def _site(**contact):
    """Return a site with Warsaw office hours and these contact settings."""
    return sites.save_site("godziny", name="Godziny", contact={"hours": [WARSAW], **contact})


def test_a_yearly_holiday_closes_that_day_every_year_and_a_dated_one_once(app):
    site = _site(holidays=["12-25", "2026-12-24"])
    # Friday 2026-12-25 and Monday 2028-12-25 at noon in Warsaw: closed; the days around open.
    assert not business_hours.is_open(site, datetime(2026, 12, 25, 11, 0, tzinfo=UTC))
    assert not business_hours.is_open(site, datetime(2028, 12, 25, 11, 0, tzinfo=UTC))
    assert not business_hours.is_open(site, datetime(2026, 12, 24, 11, 0, tzinfo=UTC))
    assert business_hours.is_open(site, datetime(2027, 12, 24, 11, 0, tzinfo=UTC))
    assert business_hours.is_open(site, datetime(2026, 12, 28, 11, 0, tzinfo=UTC))
    # Thursday 2026-12-24 evening: the next opening skips both holidays and the weekend.
    assert business_hours.next_open(site, datetime(2026, 12, 24, 20, 0, tzinfo=UTC)) == \
        datetime(2026, 12, 28, 7, 0, tzinfo=UTC)


def test_chat_out_of_hours_is_offered_only_when_the_site_says_so_and_someone_is_online(app):
    site = _site()
    sunday = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    assert presence.availability(site, sunday)["can_chat"] is False  # nobody online
    marta = make_advisor("marta@support.example.com", "Marta", (site, "advisor"))
    marta.presence = "online"
    db.session.commit()
    presence.connected("sid-marta", marta.id)
    state = presence.availability(site, sunday)
    assert (state["online"], state["within_hours"], state["can_chat"]) == (True, False, False)
    site.chat_out_of_hours = True
    db.session.commit()
    assert presence.availability(site, sunday)["can_chat"] is True
    presence.disconnected("sid-marta")
    assert presence.availability(site, sunday)["can_chat"] is False

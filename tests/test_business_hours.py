"""Support hours decide whether chat is offered: per site, in the site's own time zone."""
from datetime import UTC, datetime

from helpwidget.services import business_hours, presence, sites

BOGOTA = {"timezone": "America/Bogota", "days": ["mon", "tue", "wed", "thu", "fri"],
          "open": "07:00", "close": "19:00"}


def _site(hours):
    """Return a site with these support hours."""
    return sites.save_site("horas", name="Horas", contact={"hours": hours})


def test_open_within_the_hours_of_the_sites_time_zone(app):
    site = _site(BOGOTA)
    # Monday 2026-11-23 12:00 UTC is 07:00 in Bogotá: just open.
    assert business_hours.is_open(site, datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    assert not business_hours.is_open(site, datetime(2026, 11, 23, 11, 59, tzinfo=UTC))
    # 19:00 in Bogotá is closed; so is Saturday.
    assert not business_hours.is_open(site, datetime(2026, 11, 24, 0, 0, tzinfo=UTC))
    assert not business_hours.is_open(site, datetime(2026, 11, 28, 15, 0, tzinfo=UTC))


def test_next_opening_skips_the_weekend(app):
    site = _site(BOGOTA)
    friday_night = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # Friday 20:00 in Bogotá
    assert business_hours.next_open(site, friday_night) == datetime(2026, 11, 30, 12, 0,
                                                                   tzinfo=UTC)
    assert business_hours.next_open(site, datetime(2026, 11, 23, 15, 0, tzinfo=UTC)) is None


def test_split_shifts_and_no_hours_at_all(app):
    morning = {**BOGOTA, "close": "12:00"}
    afternoon = {**BOGOTA, "open": "14:00"}
    site = _site([morning, afternoon])
    lunch = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)  # 13:00 in Bogotá
    assert not business_hours.is_open(site, lunch)
    assert business_hours.next_open(site, lunch) == datetime(2026, 11, 23, 19, 0, tzinfo=UTC)
    assert business_hours.is_open(_site(None), lunch)


def test_outside_hours_chat_is_not_offered_even_with_an_advisor_online(app):
    site = _site(BOGOTA)
    sunday = datetime(2026, 11, 29, 15, 0, tzinfo=UTC)
    state = presence.availability(site, sunday)
    assert (state["within_hours"], state["can_chat"]) == (False, False)
    assert state["next_open"] == datetime(2026, 11, 30, 12, 0, tzinfo=UTC)

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


# --- business-hour sums: what SLA deadlines count (hand-computed, Bogotá is UTC-5 all year) ---

def _bogota(day, hour, minute=0):
    """Return a moment given in Bogotá's wall clock, as UTC."""
    return datetime(2026, 11, day, hour + 5, minute, tzinfo=UTC) if hour + 5 < 24 else \
        datetime(2026, 11, day + 1, hour + 5 - 24, minute, tzinfo=UTC)


def test_hours_counted_over_a_weekend_start_at_the_next_opening(app):
    site = _site(BOGOTA)
    saturday_night = _bogota(28, 2, 24)  # Saturday 02:24 in Bogotá
    # Nothing counts until Monday 07:00; four hours later is 11:00.
    assert business_hours.add_hours(site, saturday_night, 4) == _bogota(30, 11)


def test_an_evening_request_carries_the_rest_to_the_next_morning(app):
    site = _site(BOGOTA)
    # Wednesday 17:30: 1.5 h until 19:00, the other 2.5 h from Thursday 07:00: 09:30.
    assert business_hours.add_hours(site, _bogota(25, 17, 30), 4) == _bogota(26, 9, 30)
    # Exactly at closing time nothing is left today.
    assert business_hours.add_hours(site, _bogota(25, 19), 1) == _bogota(26, 8)
    # Within the day it is plain addition.
    assert business_hours.add_hours(site, _bogota(25, 9), 4) == _bogota(25, 13)


def test_holidays_do_not_count_and_close_support(app):
    hours = dict(BOGOTA)
    site = sites.save_site("horas", name="Horas", contact={
        "hours": hours, "holidays": ["2026-12-25", "2026-12-28", "not a date"]})
    thursday = datetime(2026, 12, 24, 23, 0, tzinfo=UTC)  # Thursday 24 Dec, 18:00 in Bogotá
    # 1 h on Thursday; Friday 25 (holiday), the weekend and Monday 28 (holiday) are skipped;
    # the other 7 h from Tuesday 29 at 07:00: 14:00 (19:00 UTC).
    assert business_hours.add_hours(site, thursday, 8) == datetime(2026, 12, 29, 19, 0,
                                                                   tzinfo=UTC)
    christmas_noon = datetime(2026, 12, 25, 17, 0, tzinfo=UTC)
    assert not business_hours.is_open(site, christmas_noon)
    assert business_hours.next_open(site, christmas_noon) == datetime(2026, 12, 29, 12, 0,
                                                                      tzinfo=UTC)


def test_daylight_saving_time_moves_with_the_sites_zone(app):
    warsaw = {"timezone": "Europe/Warsaw", "days": ["mon", "tue", "wed", "thu", "fri"],
              "open": "08:00", "close": "16:00"}
    site = _site(warsaw)
    friday = datetime(2026, 3, 27, 14, 0, tzinfo=UTC)  # Friday 15:00 CET
    # 1 h on Friday; clocks go forward on Sunday; Monday 08:00 CEST + 7 h = 15:00 = 13:00 UTC.
    assert business_hours.add_hours(site, friday, 8) == datetime(2026, 3, 30, 13, 0, tzinfo=UTC)


def test_split_shifts_overlapping_plans_and_always_open_sites(app):
    morning = {**BOGOTA, "close": "12:00"}
    afternoon = {**BOGOTA, "open": "14:00"}
    site = _site([morning, afternoon])
    # Monday 11:00: 1 h before lunch, 1 h after it: 15:00.
    assert business_hours.add_hours(site, _bogota(23, 11), 2) == _bogota(23, 15)
    # Two plans covering the same hours count them once.
    doubled = _site([BOGOTA, {**BOGOTA, "open": "08:00", "close": "10:00"}])
    assert business_hours.add_hours(doubled, _bogota(23, 7), 3) == _bogota(23, 10)
    # A site without hours counts every hour, and so does one that never opens.
    nights = datetime(2026, 11, 28, 7, 24, tzinfo=UTC)
    assert business_hours.add_hours(_site(None), nights, 4) == datetime(2026, 11, 28, 11, 24,
                                                                        tzinfo=UTC)
    never = _site({**BOGOTA, "days": ["someday"]})  # a typo: the plan never opens
    assert business_hours.add_hours(never, nights, 4) == datetime(2026, 11, 28, 11, 24,
                                                                  tzinfo=UTC)


MADRID = {"timezone": "Europe/Madrid", "days": ["mon", "tue", "wed", "thu", "fri"],
          "open": "09:00", "close": "17:00"}


def test_business_seconds_count_only_open_time(app):
    site = sites.save_site("cuentas", name="Cuentas",
                           contact={"hours": MADRID, "holidays": ["2026-12-08", "12-25"]})
    seconds = business_hours.business_seconds
    # Friday 16:00 to Monday 10:00 in Madrid (UTC+1): one hour on Friday, one on Monday.
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)
    monday = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert seconds(site, friday, monday) == 2 * 3600
    # Monday 7 December 16:00 to Wednesday 9 December 10:00: Tuesday the 8th is a holiday.
    assert seconds(site, datetime(2026, 12, 7, 15, 0, tzinfo=UTC),
                   datetime(2026, 12, 9, 9, 0, tzinfo=UTC)) == 2 * 3600
    # Christmas every year: Thursday 24 December 2026 16:00 to Monday 28th 10:00.
    assert seconds(site, datetime(2026, 12, 24, 15, 0, tzinfo=UTC),
                   datetime(2026, 12, 28, 9, 0, tzinfo=UTC)) == 2 * 3600
    # Evenings count nothing; the end before the start counts nothing.
    assert seconds(site, datetime(2026, 11, 30, 17, 0, tzinfo=UTC),
                   datetime(2026, 11, 30, 22, 0, tzinfo=UTC)) == 0
    assert seconds(site, monday, friday) == 0


def test_business_seconds_follow_the_clock_change(app):
    site = sites.save_site("cuentas", name="Cuentas", contact={"hours": MADRID})
    # Madrid leaves summer time on Sunday 25 October 2026: Friday 16:00 local is 14:00 UTC,
    # Monday 10:00 local is 09:00 UTC; still one open hour each side.
    assert business_hours.business_seconds(
        site, datetime(2026, 10, 23, 14, 0, tzinfo=UTC),
        datetime(2026, 10, 26, 9, 0, tzinfo=UTC)) == 2 * 3600


def test_business_seconds_without_hours_are_wall_clock_seconds(app):
    site = sites.save_site("siempre", name="Siempre")
    start = datetime(2026, 11, 28, 22, 0, tzinfo=UTC)
    assert business_hours.business_seconds(site, start, start.replace(day=29)) == 86400

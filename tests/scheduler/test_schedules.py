"""Campaign schedules: validation, occurrences across DST, keys and catch-up."""

from __future__ import annotations

import time as clock
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.quiet_hours import NaiveDatetimeError, QuietHours
from scheduler.schedules import (
    DEFAULT_TZ,
    ScheduleError,
    catch_up,
    cron_trigger,
    next_occurrence,
    occurrence_key,
    occurrence_today,
    occurrences_between,
    previous_occurrence,
    validate_schedule,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NIGHT = QuietHours.parse("20:00-09:00")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM).astimezone(UTC)


def local_day(day: date) -> tuple[datetime, datetime]:
    """The UTC window (start exclusive, end inclusive) covering one local day."""
    start = datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM).astimezone(UTC)
    end = (datetime(day.year, day.month, day.day, tzinfo=STOCKHOLM) + timedelta(days=1)).astimezone(
        UTC
    )
    return start - timedelta(microseconds=1), end - timedelta(microseconds=1)


def keys(expr: str, start: datetime, end: datetime) -> list[str]:
    return [occurrence_key(m, STOCKHOLM) for m in occurrences_between(expr, STOCKHOLM, start, end)]


# --- validation ------------------------------------------------------------------


def test_default_time_zone_is_stockholm() -> None:
    assert DEFAULT_TZ.key == "Europe/Stockholm"


def test_valid_schedule_is_returned_normalised() -> None:
    assert validate_schedule("  0 10  * * mon,thu ") == "0 10 * * mon,thu"
    assert validate_schedule("0 10 * * */2", STOCKHOLM) == "0 10 * * */2"


@pytest.mark.parametrize(
    ("expr", "problem"),
    [
        ("0 10 * *", "has 4 fields; expected 5"),
        ("@daily", "has 1 fields"),
        ("0 10 * * mon thu", "has 6 fields"),
        ("61 10 * * *", "minute '61' is invalid"),
        ("0 25 * * *", "hour '25' is invalid"),
        ("0 10 32 * *", "day of month '32' is invalid"),
        ("0 10 * 13 *", "month '13' is invalid"),
        ("0 10 * * funday", "day of week 'funday' is invalid"),
        ("0 10 * * 1", "uses numbers"),
        ("0 10 * * 0,6", "uses numbers"),
        ("0 10 * * mon-5", "uses numbers"),
        ("0 10 30 2 *", "never fires"),
    ],
)
def test_bad_schedule_raises_schedule_error_naming_the_problem(expr: str, problem: str) -> None:
    with pytest.raises(ScheduleError, match=problem):
        validate_schedule(expr, STOCKHOLM)


def test_numeric_weekdays_are_refused_because_apscheduler_counts_monday_as_zero() -> None:
    # What we protect against: plain APScheduler reads cron's "0" (Sunday) as Monday.
    plain = CronTrigger.from_crontab("0 10 * * 0", timezone=STOCKHOLM)
    assert plain.get_next_fire_time(None, utc(2026, 1, 1)).strftime("%a") == "Mon"
    with pytest.raises(ScheduleError, match="names"):
        cron_trigger("0 10 * * 0", STOCKHOLM)


def test_day_of_month_and_weekday_together_both_must_match() -> None:
    first_sundays = occurrences_between(
        "0 12 1-7 * sun", STOCKHOLM, utc(2026, 1, 1), utc(2026, 4, 1)
    )
    assert [occurrence_key(m, STOCKHOLM) for m in first_sundays] == [
        "2026-01-04T12:00",
        "2026-02-01T12:00",
        "2026-03-01T12:00",
    ]


# --- occurrences and the interval convention ------------------------------------


def test_occurrences_are_utc_sorted_start_exclusive_end_inclusive() -> None:
    monday = local(2026, 11, 30, 10)
    thursday = local(2026, 12, 3, 10)
    found = occurrences_between("0 10 * * mon,thu", STOCKHOLM, monday, thursday)
    assert found == [thursday]
    assert all(m.tzinfo is UTC for m in found)


def test_next_occurrence_is_strictly_after() -> None:
    thursday = local(2026, 12, 3, 10)
    assert next_occurrence("0 10 * * mon,thu", STOCKHOLM, thursday) == local(2026, 12, 7, 10)
    assert next_occurrence("0 10 * * mon,thu", STOCKHOLM, thursday - timedelta(seconds=1)) == (
        thursday
    )


def test_previous_occurrence_is_at_or_before() -> None:
    thursday = local(2026, 12, 3, 10)
    assert previous_occurrence("0 10 * * mon,thu", STOCKHOLM, thursday) == thursday
    assert previous_occurrence("0 10 * * mon,thu", STOCKHOLM, thursday - timedelta(seconds=1)) == (
        local(2026, 11, 30, 10)
    )


def test_previous_occurrence_of_a_monthly_schedule_looks_back_weeks() -> None:
    assert previous_occurrence("0 10 1 * *", STOCKHOLM, local(2026, 12, 28)) == local(
        2026, 12, 1, 10
    )


def test_previous_occurrence_of_a_leap_day_schedule_looks_back_years() -> None:
    assert previous_occurrence("0 10 29 2 *", STOCKHOLM, local(2027, 6, 1)) == local(
        2024, 2, 29, 10
    )


def test_previous_occurrence_of_a_dense_schedule_is_fast() -> None:
    started = clock.perf_counter()
    for minute in range(50):
        moment = utc(2026, 6, 1, 12, minute) + timedelta(seconds=30)
        assert previous_occurrence("* * * * *", STOCKHOLM, moment) == utc(2026, 6, 1, 12, minute)
    assert clock.perf_counter() - started < 1.0


def test_naive_times_are_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        next_occurrence("0 10 * * *", STOCKHOLM, datetime(2026, 1, 1))


# --- DST -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (date(2026, 3, 28), date(2026, 3, 29)),  # last Sunday of March 2026
        (date(2027, 3, 27), date(2027, 3, 28)),
        (date(2026, 10, 24), date(2026, 10, 25)),  # last Sunday of October 2026
        (date(2027, 10, 30), date(2027, 10, 31)),
    ],
)
def test_ten_o_clock_check_in_stays_at_ten_local_across_dst(before: date, after: date) -> None:
    start, _ = local_day(before)
    _, end = local_day(after + timedelta(days=1))
    found = occurrences_between("0 10 * * *", STOCKHOLM, start, end)
    assert [m.astimezone(STOCKHOLM).strftime("%d %H:%M") for m in found] == [
        f"{d.day:02d} 10:00" for d in (before, after, after + timedelta(days=1))
    ]
    offsets = {m.astimezone(STOCKHOLM).utcoffset() for m in found}
    assert offsets == {timedelta(hours=1), timedelta(hours=2)}  # the UTC hour moved, 10:00 did not


@pytest.mark.parametrize("spring_sunday", [date(2026, 3, 29), date(2027, 3, 28)])
def test_time_in_the_skipped_hour_fires_once_an_hour_later_by_the_clock(
    spring_sunday: date,
) -> None:
    found = occurrences_between("30 2 * * *", STOCKHOLM, *local_day(spring_sunday))
    assert len(found) == 1
    # 02:30 does not exist; APScheduler uses the winter offset: 01:30 UTC = 03:30 CEST.
    assert found[0] == utc(spring_sunday.year, spring_sunday.month, spring_sunday.day, 1, 30)
    assert occurrence_key(found[0], STOCKHOLM) == f"{spring_sunday.isoformat()}T03:30"


@pytest.mark.parametrize("autumn_sunday", [date(2026, 10, 25), date(2027, 10, 31)])
def test_time_in_the_repeated_hour_fires_exactly_once_at_the_first_pass(
    autumn_sunday: date,
) -> None:
    found = occurrences_between("30 2 * * *", STOCKHOLM, *local_day(autumn_sunday))
    assert len(found) == 1
    assert found[0].astimezone(STOCKHOLM).utcoffset() == timedelta(hours=2)  # still summer time
    assert occurrence_key(found[0], STOCKHOLM) == f"{autumn_sunday.isoformat()}T02:30"


def test_plain_apscheduler_would_fire_twice_in_the_repeated_hour() -> None:
    # Documents why WallClockCronTrigger exists; if APScheduler changes this,
    # the wrapper becomes a no-op and this test tells us.
    plain = CronTrigger.from_crontab("30 2 * * *", timezone=STOCKHOLM)
    first = plain.get_next_fire_time(None, utc(2026, 10, 25))
    second = plain.get_next_fire_time(first, first)
    assert (first.astimezone(UTC), second.astimezone(UTC)) == (
        utc(2026, 10, 25, 0, 30),
        utc(2026, 10, 25, 1, 30),
    )
    ours = cron_trigger("30 2 * * *", STOCKHOLM)
    after_first = ours.get_next_fire_time(first, first)
    assert after_first is not None
    assert after_first.astimezone(UTC) == utc(2026, 10, 26, 1, 30)


def test_half_hourly_schedule_has_one_occurrence_per_local_time_on_dst_days() -> None:
    autumn = keys("*/30 * * * *", *local_day(date(2026, 10, 25)))
    assert len(autumn) == 48 == len(set(autumn))  # a 25-hour day, every wall time once
    spring = keys("*/30 * * * *", *local_day(date(2026, 3, 29)))
    assert len(spring) == 46 == len(set(spring))  # a 23-hour day
    assert "2026-03-29T02:00" not in spring
    assert "2026-03-29T02:30" not in spring


def test_occurrence_key_is_local_date_time_without_offset() -> None:
    assert occurrence_key(utc(2026, 12, 3, 9, 0), STOCKHOLM) == "2026-12-03T10:00"
    assert occurrence_key(utc(2026, 7, 3, 8, 0), STOCKHOLM) == "2026-07-03T10:00"


# --- catch-up ----------------------------------------------------------------------

CHECK_IN = "0 10 * * mon,thu"


def test_missed_occurrence_is_caught_up_the_same_morning() -> None:
    last_monday = local(2026, 11, 30, 10)
    now = local(2026, 12, 3, 11, 15)  # back up on Thursday after a crash at 09:50
    assert catch_up(CHECK_IN, STOCKHOLM, last_monday, now, NIGHT) == local(2026, 12, 3, 10)


def test_missed_occurrence_is_skipped_the_next_day() -> None:
    last_monday = local(2026, 11, 30, 10)
    assert catch_up(CHECK_IN, STOCKHOLM, last_monday, local(2026, 12, 4, 10, 0), NIGHT) is None


def test_missed_occurrence_is_skipped_when_now_is_quiet() -> None:
    evening = "30 19 * * *"
    last = local(2026, 12, 2, 19, 30)
    assert catch_up(evening, STOCKHOLM, last, local(2026, 12, 3, 19, 50), NIGHT) == local(
        2026, 12, 3, 19, 30
    )
    assert catch_up(evening, STOCKHOLM, last, local(2026, 12, 3, 20, 5), NIGHT) is None


def test_only_the_most_recent_missed_occurrence_is_caught_up() -> None:
    three_a_day = "0 8,12,16 * * *"
    last = local(2026, 12, 2, 16)
    assert catch_up(three_a_day, STOCKHOLM, last, local(2026, 12, 3, 17), NIGHT) == local(
        2026, 12, 3, 16
    )


def test_occurrence_already_sent_is_not_caught_up() -> None:
    sent = local(2026, 12, 3, 10)
    assert catch_up(CHECK_IN, STOCKHOLM, sent, local(2026, 12, 3, 11), NIGHT) is None


def test_campaign_that_never_ran_has_nothing_to_catch_up() -> None:
    assert catch_up(CHECK_IN, STOCKHOLM, None, local(2026, 12, 3, 11), NIGHT) is None


def test_same_day_means_the_local_day_not_the_utc_day() -> None:
    just_after_midnight = "30 0 * * *"  # 00:30 local is 23:30 UTC the day before
    last = local(2026, 12, 2, 0, 30)
    assert catch_up(
        just_after_midnight, STOCKHOLM, last, local(2026, 12, 3, 10), lambda _: True
    ) == local(2026, 12, 3, 0, 30)


def test_allowed_can_be_any_predicate() -> None:
    last = local(2026, 11, 30, 10)
    now = local(2026, 12, 3, 11)
    assert catch_up(CHECK_IN, STOCKHOLM, last, now, lambda _: False) is None
    assert catch_up(CHECK_IN, STOCKHOLM, last, now, lambda moment: moment == now) == local(
        2026, 12, 3, 10
    )


# --- properties ------------------------------------------------------------------------

SCHEDULES = st.sampled_from(
    [
        "0 10 * * mon,thu",
        "30 2 * * *",
        "*/30 * * * *",
        "15 1-4 * * sun",
        "0 12 1 * *",
        "0 10 29 2 *",
    ]
)
INSTANTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31), timezones=st.just(UTC)
)


@settings(max_examples=60, deadline=None)
@given(expr=SCHEDULES, start=INSTANTS, days=st.integers(1, 40))
def test_occurrence_keys_are_unique_per_occurrence(expr: str, start: datetime, days: int) -> None:
    found = occurrences_between(expr, STOCKHOLM, start, start + timedelta(days=days))
    assert found == sorted(set(found))
    assert all(start < m <= start + timedelta(days=days) for m in found)
    found_keys = [occurrence_key(m, STOCKHOLM) for m in found]
    assert len(found_keys) == len(set(found_keys))


@settings(max_examples=100, deadline=None)
@given(expr=SCHEDULES, moment=INSTANTS)
def test_previous_and_next_occurrence_bracket_any_instant(expr: str, moment: datetime) -> None:
    before = previous_occurrence(expr, STOCKHOLM, moment)
    after = next_occurrence(expr, STOCKHOLM, moment)
    assert before is not None
    assert after is not None
    assert before <= moment < after
    assert next_occurrence(expr, STOCKHOLM, before) == after
    assert occurrences_between(expr, STOCKHOLM, before, after) == [after]


# --- "send now" ------------------------------------------------------------------


def test_send_now_is_todays_occurrence_before_and_after_it() -> None:
    expr = "0 10 * * mon-fri"
    assert occurrence_key(occurrence_today(expr, STOCKHOLM, local(2026, 12, 2, 8)), STOCKHOLM) == (
        "2026-12-02T10:00"
    )
    assert occurrence_key(occurrence_today(expr, STOCKHOLM, local(2026, 12, 2, 15)), STOCKHOLM) == (
        "2026-12-02T10:00"
    )


def test_send_now_takes_the_latest_of_several_occurrences_today() -> None:
    moment = occurrence_today("0 10,16 * * *", STOCKHOLM, local(2026, 12, 2, 17))
    assert occurrence_key(moment, STOCKHOLM) == "2026-12-02T16:00"


def test_send_now_on_a_day_without_occurrence_is_keyed_at_midnight() -> None:
    moment = occurrence_today("0 10 * * mon-fri", STOCKHOLM, local(2026, 12, 5, 11))  # Saturday
    assert occurrence_key(moment, STOCKHOLM) == "2026-12-05T00:00"

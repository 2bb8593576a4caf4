"""Quiet hours: parsing, the wall-clock window, and deferral across DST."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.quiet_hours import (
    NaiveDatetimeError,
    QuietHours,
    QuietHoursError,
    first_instant_at_or_after,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NIGHT = QuietHours.parse("20:00-09:00")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def local(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, *, fold: int = 0
) -> datetime:
    """A Stockholm wall-clock time; fold=1 is the second pass of the repeated hour."""
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM, fold=fold)


# --- parsing -----------------------------------------------------------------


def test_parse_reads_a_window_that_wraps_midnight() -> None:
    night = QuietHours.parse("20:00-09:00")
    assert night == QuietHours(time(20, 0), time(9, 0))
    assert night.wraps_midnight
    assert str(night) == "20:00-09:00"


def test_parse_reads_a_daytime_window() -> None:
    lunch = QuietHours.parse(" 13:00 - 14:30 ")
    assert lunch == QuietHours(time(13, 0), time(14, 30))
    assert not lunch.wraps_midnight


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_text_means_no_quiet_hours(text: str | None) -> None:
    quiet = QuietHours.parse(text)
    assert not quiet.enabled
    assert str(quiet) == ""
    assert not quiet.is_quiet(utc(2026, 1, 1, 3), STOCKHOLM)


@pytest.mark.parametrize(
    "text", ["20-09", "20:00", "20:00-", "kl 20-9", "25:00-09:00", "20:61-09:00", "09:00-09:00"]
)
def test_bad_text_raises_quiet_hours_error_quoting_it(text: str) -> None:
    with pytest.raises(QuietHoursError, match="quiet hours"):
        QuietHours.parse(text)


def test_half_a_window_is_refused() -> None:
    with pytest.raises(QuietHoursError):
        QuietHours(time(20, 0), None)


# --- is_quiet ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        (local(2026, 1, 15, 19, 59), False),
        (local(2026, 1, 15, 20, 0), True),  # start is inclusive
        (local(2026, 1, 15, 23, 30), True),
        (local(2026, 1, 16, 0, 0), True),
        (local(2026, 1, 16, 8, 59), True),
        (local(2026, 1, 16, 9, 0), False),  # end is exclusive
        (local(2026, 7, 16, 8, 30), True),  # summer time: still local wall clock
        (local(2026, 7, 16, 9, 30), False),
    ],
)
def test_is_quiet_uses_local_wall_clock_time(moment: datetime, quiet: bool) -> None:
    assert NIGHT.is_quiet(moment.astimezone(UTC), STOCKHOLM) is quiet


def test_daytime_window_is_quiet_only_inside_it() -> None:
    lunch = QuietHours.parse("13:00-14:00")
    assert not lunch.is_quiet(local(2026, 5, 4, 12, 59), STOCKHOLM)
    assert lunch.is_quiet(local(2026, 5, 4, 13, 0), STOCKHOLM)
    assert not lunch.is_quiet(local(2026, 5, 4, 14, 0), STOCKHOLM)
    assert not lunch.is_quiet(local(2026, 5, 4, 23, 0), STOCKHOLM)


def test_naive_moment_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        NIGHT.is_quiet(datetime(2026, 1, 1, 12), STOCKHOLM)
    with pytest.raises(NaiveDatetimeError):
        NIGHT.next_allowed(datetime(2026, 1, 1, 12), STOCKHOLM)


# --- next_allowed --------------------------------------------------------------


def test_allowed_moment_is_returned_unchanged() -> None:
    moment = local(2026, 5, 4, 12, 0).astimezone(UTC)
    assert NIGHT.next_allowed(moment, STOCKHOLM) == moment


def test_evening_prompt_waits_until_nine_next_morning() -> None:
    deferred = NIGHT.next_allowed(local(2026, 1, 15, 21, 10).astimezone(UTC), STOCKHOLM)
    assert deferred == utc(2026, 1, 16, 8, 0)
    assert deferred.tzinfo is UTC


def test_early_morning_prompt_waits_until_nine_same_morning() -> None:
    deferred = NIGHT.next_allowed(local(2026, 1, 16, 6, 0).astimezone(UTC), STOCKHOLM)
    assert deferred == local(2026, 1, 16, 9, 0)


def test_no_quiet_hours_never_defers() -> None:
    moment = local(2026, 1, 16, 3, 0).astimezone(UTC)
    assert QuietHours().next_allowed(moment, STOCKHOLM) == moment


@pytest.mark.parametrize(
    ("evening", "morning_utc"),
    [
        # spring forward: 9:00 CEST is 07:00 UTC the next morning
        (local(2026, 3, 28, 21, 0), utc(2026, 3, 29, 7, 0)),
        (local(2027, 3, 27, 21, 0), utc(2027, 3, 28, 7, 0)),
        # fall back: 9:00 CET is 08:00 UTC the next morning
        (local(2026, 10, 24, 21, 0), utc(2026, 10, 25, 8, 0)),
        (local(2027, 10, 30, 21, 0), utc(2027, 10, 31, 8, 0)),
    ],
)
def test_deferral_across_the_dst_night_lands_on_nine_local(
    evening: datetime, morning_utc: datetime
) -> None:
    deferred = NIGHT.next_allowed(evening.astimezone(UTC), STOCKHOLM)
    assert deferred == morning_utc
    assert deferred.astimezone(STOCKHOLM).time() == time(9, 0)


def test_end_inside_the_skipped_hour_becomes_three_o_clock() -> None:
    quiet = QuietHours.parse("22:00-02:30")
    deferred = quiet.next_allowed(local(2026, 3, 28, 23, 0).astimezone(UTC), STOCKHOLM)
    assert deferred == local(2026, 3, 29, 3, 0)  # first valid instant after 02:30
    assert deferred == utc(2026, 3, 29, 1, 0)


def test_end_inside_the_repeated_hour_is_the_next_time_the_clock_shows_it() -> None:
    quiet = QuietHours.parse("01:00-02:30")
    first_pass = local(2026, 10, 25, 2, 10).astimezone(UTC)
    second_pass = local(2026, 10, 25, 2, 10, fold=1).astimezone(UTC)
    # Compare in UTC: Python says an ambiguous local time never equals a time
    # in another zone (PEP 495), so local(..., 2, 30) == utc(...) is always False.
    assert quiet.next_allowed(first_pass, STOCKHOLM) == utc(2026, 10, 25, 0, 30)
    assert quiet.next_allowed(second_pass, STOCKHOLM) == utc(2026, 10, 25, 1, 30)


def test_clock_falling_back_out_of_the_window_ends_the_quiet_period() -> None:
    # 02:50 CEST is quiet; at 03:00 CEST the clock shows 02:00 CET, before 02:40.
    quiet = QuietHours.parse("02:40-03:30")
    deferred = quiet.next_allowed(utc(2026, 10, 25, 0, 50), STOCKHOLM)
    assert deferred == utc(2026, 10, 25, 1, 0)


def test_repeated_end_time_after_the_clock_falls_back_is_not_missed() -> None:
    # Quiet from 02:40 (CEST) wraps to 02:20; the clock falls back and shows
    # 02:20 again at 01:20 UTC, which is allowed, long before the next night.
    quiet = QuietHours.parse("02:40-02:20")
    deferred = quiet.next_allowed(utc(2026, 10, 25, 0, 50), STOCKHOLM)
    assert deferred == utc(2026, 10, 25, 1, 20)


def test_wall_time_in_the_gap_resolves_to_the_transition() -> None:
    assert first_instant_at_or_after(datetime(2026, 3, 29, 2, 30), STOCKHOLM) == utc(
        2026, 3, 29, 1, 0
    )


def test_repeated_wall_time_resolves_to_its_first_reading() -> None:
    assert first_instant_at_or_after(datetime(2026, 10, 25, 2, 30), STOCKHOLM) == utc(
        2026, 10, 25, 0, 30
    )


# --- properties ------------------------------------------------------------------

ZONES = st.sampled_from(
    [
        STOCKHOLM,
        ZoneInfo("Europe/London"),
        ZoneInfo("America/New_York"),
        ZoneInfo("Australia/Lord_Howe"),  # a 30-minute DST shift
    ]
)
MINUTES = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59]))
WINDOWS = st.tuples(MINUTES, MINUTES).filter(lambda w: w[0] != w[1]).map(lambda w: QuietHours(*w))
INSTANTS = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2028, 12, 31, 23, 59), timezones=st.just(UTC)
)


@settings(max_examples=400, deadline=None)
@given(quiet=st.one_of(st.just(NIGHT), WINDOWS), moment=INSTANTS, tz=ZONES)
def test_next_allowed_is_never_quiet_nor_earlier_and_nothing_allowed_in_between(
    quiet: QuietHours, moment: datetime, tz: ZoneInfo
) -> None:
    result = quiet.next_allowed(moment, tz)
    assert result >= moment
    assert not quiet.is_quiet(result, tz)
    if result != moment:
        assert quiet.is_quiet(moment, tz)
        # the instant just before the result is still quiet: we did not overshoot
        assert quiet.is_quiet(max(moment, result - timedelta(microseconds=1)), tz)


@settings(max_examples=200, deadline=None)
@given(moment=INSTANTS, tz=ZONES)
def test_stockholm_night_deferral_is_at_most_thirteen_hours(moment: datetime, tz: ZoneInfo) -> None:
    result = NIGHT.next_allowed(moment, tz)
    assert result - moment <= timedelta(hours=14)  # 13 h window, plus a DST hour


TRANSITIONS = [
    utc(2026, 3, 29, 1),
    utc(2026, 10, 25, 1),
    utc(2027, 3, 28, 1),
    utc(2027, 10, 31, 1),
]


@settings(max_examples=150, deadline=None)
@given(
    quiet=WINDOWS,
    transition=st.sampled_from(TRANSITIONS),
    minutes=st.integers(-30 * 60, 6 * 60),
)
def test_next_allowed_matches_a_minute_by_minute_scan_around_dst_changes(
    quiet: QuietHours, transition: datetime, minutes: int
) -> None:
    moment = transition + timedelta(minutes=minutes)
    scan = moment
    while quiet.is_quiet(scan, STOCKHOLM):
        scan += timedelta(minutes=1)
    assert quiet.next_allowed(moment, STOCKHOLM) == scan

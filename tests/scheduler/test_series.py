"""Recurring event dates (soup lunches every other Wednesday)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.series import MAX_SERIES_LENGTH, SeriesError, parse_every, series_dates

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=STOCKHOLM)


def test_every_other_wednesday_keeps_noon_across_spring_dst() -> None:
    dates = series_dates(local(2026, 3, 18, 12), 2, count=3, until=None)
    assert [d.strftime("%a %Y-%m-%d %H:%M") for d in dates] == [
        "Wed 2026-03-18 12:00",
        "Wed 2026-04-01 12:00",
        "Wed 2026-04-15 12:00",
    ]
    assert [d.astimezone(UTC).hour for d in dates] == [11, 10, 10]
    assert all(d.tzinfo is STOCKHOLM for d in dates)


def test_weekly_series_keeps_noon_across_autumn_dst() -> None:
    dates = series_dates(local(2027, 10, 27, 12), 1, count=2, until=None)
    assert [d.time() for d in dates] == [time(12, 0), time(12, 0)]
    assert [d.astimezone(UTC).hour for d in dates] == [10, 11]


def test_until_is_an_inclusive_local_date() -> None:
    dates = series_dates(local(2026, 9, 2, 12), 2, count=None, until=date(2026, 9, 30))
    assert [d.day for d in dates] == [2, 16, 30]


def test_count_and_until_stop_at_whichever_comes_first() -> None:
    first = local(2026, 9, 2, 12)
    assert len(series_dates(first, 1, count=2, until=date(2026, 12, 31))) == 2
    assert len(series_dates(first, 1, count=10, until=date(2026, 9, 16))) == 3


def test_until_before_the_first_date_gives_no_dates() -> None:
    assert series_dates(local(2026, 9, 2, 12), 1, count=None, until=date(2026, 9, 1)) == []


def test_time_in_the_skipped_hour_becomes_three_o_clock() -> None:
    dates = series_dates(local(2026, 3, 15, 2, 30), 2, count=2, until=None)
    assert dates[1].astimezone(UTC) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert dates[1].time() == time(3, 0)


def test_time_in_the_repeated_hour_is_the_first_of_the_two() -> None:
    dates = series_dates(local(2026, 10, 18, 2, 30), 1, count=2, until=None)
    assert dates[1].astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"every_weeks": 0, "count": 3, "until": None}, "every_weeks"),
        ({"every_weeks": 53, "count": 3, "until": None}, "every_weeks"),
        ({"every_weeks": 1, "count": None, "until": None}, "count or an until"),
        ({"every_weeks": 1, "count": -1, "until": None}, "negative"),
        ({"every_weeks": 1, "count": None, "until": date(2099, 1, 1)}, "more than"),
    ],
)
def test_bad_series_raises_series_error(kwargs: dict[str, object], problem: str) -> None:
    with pytest.raises(SeriesError, match=problem):
        series_dates(local(2026, 9, 2, 12), **kwargs)  # type: ignore[arg-type]


def test_naive_first_date_is_refused() -> None:
    with pytest.raises(SeriesError, match="ZoneInfo"):
        series_dates(datetime(2026, 9, 2, 12), 1, count=2, until=None)


def test_longest_allowed_series_is_produced() -> None:
    assert len(series_dates(local(2026, 9, 2, 12), 1, count=MAX_SERIES_LENGTH, until=None)) == (
        MAX_SERIES_LENGTH
    )


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("1w", 1),
        ("2w", 2),
        (" 3 W ", 3),
        ("2 weeks", 2),
        ("weekly", 1),
        ("every week", 1),
        ("every other week", 2),
        ("Every  3 weeks", 3),
        ("varje vecka", 1),
        ("varannan vecka", 2),
        ("var tredje vecka", 3),
    ],
)
def test_parse_every_understands_common_ways_to_say_it(text: str, weeks: int) -> None:
    assert parse_every(text) == weeks


@pytest.mark.parametrize("text", ["", "sometimes", "every other wednesday", "0w", "60w", "2d"])
def test_parse_every_refuses_what_it_does_not_understand(text: str) -> None:
    with pytest.raises(SeriesError):
        parse_every(text)


@settings(max_examples=100, deadline=None)
@given(
    first_day=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    at=st.builds(time, st.integers(8, 20), st.sampled_from([0, 30])),
    every=st.integers(1, 4),
    count=st.integers(1, 30),
)
def test_series_keeps_weekday_and_wall_time(
    first_day: date, at: time, every: int, count: int
) -> None:
    first = datetime.combine(first_day, at, STOCKHOLM)
    dates = series_dates(first, every, count=count, until=None)
    assert len(dates) == count
    assert {d.weekday() for d in dates} == {first.weekday()}
    assert {d.time() for d in dates} == {at}
    assert all(b.date() - a.date() == timedelta(weeks=every) for a, b in pairwise(dates))

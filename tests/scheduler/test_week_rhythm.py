"""Every N weeks: only the chosen weeks fire, across years and DST, in every schedule function."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from scheduler.schedules import (
    DEFAULT_TZ,
    ScheduleError,
    next_occurrence,
    occurrence_today,
    occurrences_between,
    previous_occurrence,
    validate_schedule,
)
from scheduler.week_rhythm import make_rhythm, split_rhythm, week_start

FORTNIGHTLY = "0 10 * * mon,thu every 2 weeks from 2026-11-30"


def _local_days(expr: str, start: datetime, end: datetime) -> list[date]:
    return [
        m.astimezone(DEFAULT_TZ).date() for m in occurrences_between(expr, DEFAULT_TZ, start, end)
    ]


def test_every_other_week_skips_the_week_between() -> None:
    days = _local_days(
        FORTNIGHTLY, datetime(2026, 11, 29, tzinfo=UTC), datetime(2026, 12, 20, tzinfo=UTC)
    )
    assert days == [date(2026, 11, 30), date(2026, 12, 3), date(2026, 12, 14), date(2026, 12, 17)]


def test_the_rhythm_runs_across_new_year_and_the_spring_clock_change() -> None:
    expr = "0 10 * * mon every 4 weeks from 2026-11-30"
    days = _local_days(expr, datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 4, 30, tzinfo=UTC))
    assert days == [
        date(2026, 12, 28),
        date(2027, 1, 25),
        date(2027, 2, 22),
        date(2027, 3, 22),
        date(2027, 4, 19),
    ]
    summer = next_occurrence(expr, DEFAULT_TZ, datetime(2027, 4, 1, tzinfo=UTC))
    assert summer is not None
    assert summer.astimezone(DEFAULT_TZ).hour == 10  # still 10:00 local in summer time


def test_the_anchor_may_be_any_day_of_its_week() -> None:
    assert make_rhythm(3, date(2026, 12, 6)).anchor == date(2026, 11, 30)
    assert week_start(date(2026, 12, 6)) == date(2026, 11, 30)


def test_previous_next_and_send_now_agree_with_the_rhythm() -> None:
    off_week = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)  # Tuesday of a skipped week
    previous = previous_occurrence(FORTNIGHTLY, DEFAULT_TZ, off_week)
    following = next_occurrence(FORTNIGHTLY, DEFAULT_TZ, off_week)
    assert previous is not None
    assert following is not None
    assert previous.astimezone(DEFAULT_TZ).date() == date(2026, 12, 3)
    assert following.astimezone(DEFAULT_TZ).date() == date(2026, 12, 14)
    monday_off = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    today = occurrence_today(FORTNIGHTLY, DEFAULT_TZ, monday_off)
    assert today.astimezone(DEFAULT_TZ).hour == 0  # no occurrence that Monday: a day's own key


@pytest.mark.parametrize(
    ("expr", "problem"),
    [
        ("0 10 * * mon every 1 weeks from 2026-11-30", "2 to 12"),
        ("0 10 * * mon every 13 weeks from 2026-11-30", "2 to 12"),
        ("0 10 * * mon every 2 weeks from 2026-02-30", "not a date"),
        ("0 10 * * mon every other week", "every N weeks from"),
        ("0 10 * * 1 every 2 weeks from 2026-11-30", "names"),
    ],
)
def test_bad_rhythms_are_refused_with_the_reason(expr: str, problem: str) -> None:
    with pytest.raises(ScheduleError, match=problem):
        validate_schedule(expr)


def test_a_plain_cron_line_has_no_rhythm() -> None:
    assert split_rhythm("0 10 * * mon") == ("0 10 * * mon", None)
    assert validate_schedule("0  10 * * mon   every 2 weeks from 2026-11-30") == (
        "0 10 * * mon every 2 weeks from 2026-11-30"
    )

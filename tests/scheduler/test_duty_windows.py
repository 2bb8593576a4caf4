"""Volunteers' duty windows, without a database."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from scheduler.duty_windows import AvailabilityError, next_start, on_duty, parse_availability

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(day: int, hour: int, minute: int = 0) -> datetime:
    """December 2026: day 7 is a Monday."""
    return datetime(2026, 12, day, hour, minute, tzinfo=STOCKHOLM)


def test_weekday_office_hours() -> None:
    windows = parse_availability("mon-fri 09:00-17:00")
    assert on_duty(windows, local(9, 9, 0))
    assert on_duty(windows, local(9, 16, 59))
    assert not on_duty(windows, local(9, 17, 0))
    assert not on_duty(windows, local(12, 12, 0))  # Saturday


def test_swedish_days_several_windows_and_overnight() -> None:
    windows = parse_availability("lör-sön 10-14; fre 22.00-06.00")
    assert on_duty(windows, local(12, 10))  # Saturday
    assert on_duty(windows, local(11, 23))  # Friday night
    assert on_duty(windows, local(12, 5, 30))  # early Saturday, still Friday's shift
    assert not on_duty(windows, local(9, 12))  # Wednesday


def test_empty_availability_is_any_time_and_nonsense_is_an_error() -> None:
    assert parse_availability("") is None
    assert on_duty(None, local(12, 3))
    with pytest.raises(AvailabilityError, match="blursday"):
        parse_availability("blursday 9-17")


def test_next_shift_is_found_across_the_weekend() -> None:
    windows = parse_availability("mon-fri 09:00-17:00")
    assert windows is not None
    assert next_start(windows, local(11, 18)) == local(14, 9)  # Friday evening -> Monday
    assert next_start(windows, local(9, 7)) == local(9, 9)

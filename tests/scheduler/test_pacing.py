"""Pacing: at most a few proactive texts a day, never two close together,
a reminder a day after its invitation; deferred, never dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scheduler.pacing import Pacing, PacingError
from scheduler.quiet_hours import NaiveDatetimeError, QuietHours

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NIGHT = QuietHours.parse("20:00-09:00")
NONE = QuietHours.parse("")
PACING = Pacing()


def local(month: int, day: int, hour: int, minute: int = 0, *, fold: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=STOCKHOLM, fold=fold)


def slot(
    others: list[datetime],
    due: datetime,
    *,
    pacing: Pacing = PACING,
    quiet: QuietHours = NIGHT,
    not_before: datetime | None = None,
) -> datetime:
    found = pacing.next_slot(others, due, STOCKHOLM, quiet, not_before=not_before)
    return found.astimezone(STOCKHOLM)


def test_a_first_text_goes_when_it_is_due() -> None:
    assert slot([], local(12, 1, 10)) == local(12, 1, 10)


def test_a_second_text_within_half_an_hour_waits_for_the_gap() -> None:
    # The check-in went at 10:00; the lunch invitation due at 10:00 goes 10:30.
    assert slot([local(12, 1, 10)], local(12, 1, 10)) == local(12, 1, 10, 30)


def test_a_text_planned_for_later_counts_too() -> None:
    # A reminder is already planned for 10:15: a text due at 10:00 goes after it.
    assert slot([local(12, 1, 10, 15)], local(12, 1, 10)) == local(12, 1, 10, 45)


def test_a_third_text_the_same_day_waits_for_the_next_morning() -> None:
    sent = [local(12, 1, 10), local(12, 1, 11)]
    assert slot(sent, local(12, 1, 14)) == local(12, 2, 9)


def test_the_cap_is_per_local_day_not_per_24_hours() -> None:
    sent = [local(12, 1, 18), local(12, 1, 19)]
    # Quiet from 20:00; the next day starts fresh at 09:00.
    assert slot(sent, local(12, 1, 19, 45)) == local(12, 2, 9)


def test_a_text_due_in_quiet_hours_waits_for_the_morning_and_the_gap() -> None:
    planned = [local(12, 2, 9)]  # something already waits for 09:00
    assert slot(planned, local(12, 1, 22)) == local(12, 2, 9, 30)


def test_a_reminder_never_comes_less_than_a_day_after_its_invitation() -> None:
    invited = local(12, 1, 10)
    # The lunch is soon: the reminder is due at 10:00:04, but waits a day.
    reminder = slot(
        [invited], invited + timedelta(seconds=4), not_before=PACING.reminder_not_before(invited)
    )
    assert reminder == local(12, 2, 10)


def test_a_reminder_a_day_later_still_respects_the_cap() -> None:
    invited = local(12, 1, 10)
    sent = [invited, local(12, 2, 9, 30), local(12, 2, 9, 45)]
    not_before = PACING.reminder_not_before(invited)
    assert slot(sent, invited, not_before=not_before) == local(12, 3, 9)


def test_cap_and_gap_are_settings() -> None:
    relaxed = Pacing(daily_cap=3, min_gap=timedelta(minutes=10))
    sent = [local(12, 1, 10), local(12, 1, 11)]
    assert slot(sent, local(12, 1, 10, 5), pacing=relaxed) == local(12, 1, 10, 10)


def test_no_quiet_hours_means_the_next_day_starts_at_midnight() -> None:
    sent = [local(12, 1, 10), local(12, 1, 11)]
    assert slot(sent, local(12, 1, 23), quiet=NONE) == local(12, 2, 0)


def test_the_day_after_the_spring_change_starts_at_its_midnight() -> None:
    # 29 March 2026: clocks go 02:00 -> 03:00; the day still starts at 00:00.
    sent = [local(3, 28, 10), local(3, 28, 11)]
    assert slot(sent, local(3, 28, 12), quiet=NONE) == local(3, 29, 0)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(PacingError):
        Pacing(daily_cap=0)
    with pytest.raises(PacingError):
        Pacing(min_gap=timedelta(minutes=-1))


def test_naive_times_are_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        PACING.next_slot([], datetime(2026, 12, 1, 10), STOCKHOLM, NIGHT)
    with pytest.raises(NaiveDatetimeError):
        PACING.next_slot([datetime(2026, 12, 1, 10)], local(12, 1, 10), STOCKHOLM, NIGHT)


# --- properties --------------------------------------------------------------

BASE = datetime(2026, 10, 23, 22, 0, tzinfo=UTC)  # spans the October DST change
minutes = st.integers(min_value=0, max_value=4 * 24 * 60)
quiet_hours = st.sampled_from([NIGHT, NONE, QuietHours.parse("22:00-07:30")])
pacings = st.builds(
    Pacing,
    daily_cap=st.integers(min_value=1, max_value=4),
    min_gap=st.sampled_from([timedelta(0), timedelta(minutes=30), timedelta(hours=2)]),
)


def allowed(moment: datetime, others: list[datetime], pacing: Pacing, quiet: QuietHours) -> bool:
    """Every rule, checked directly (the definition `next_slot` must meet)."""
    day = moment.astimezone(STOCKHOLM).date()
    same_day = sum(1 for t in others if t.astimezone(STOCKHOLM).date() == day)
    return (
        not quiet.is_quiet(moment, STOCKHOLM)
        and all(abs(t - moment) >= pacing.min_gap for t in others)
        and same_day < pacing.daily_cap
    )


@settings(max_examples=200, deadline=None)
@given(
    others=st.lists(minutes, max_size=8),
    due=minutes,
    not_before=st.one_of(st.none(), minutes),
    pacing=pacings,
    quiet=quiet_hours,
)
def test_next_slot_is_the_first_minute_every_rule_allows(
    others: list[int], due: int, not_before: int | None, pacing: Pacing, quiet: QuietHours
) -> None:
    times = [BASE + timedelta(minutes=m) for m in others]
    start = BASE + timedelta(minutes=max(due, not_before or 0))
    found = pacing.next_slot(
        times,
        BASE + timedelta(minutes=due),
        STOCKHOLM,
        quiet,
        not_before=None if not_before is None else BASE + timedelta(minutes=not_before),
    )
    assert found >= start
    assert allowed(found, times, pacing, quiet)
    # Nothing earlier would do: every minute from `start` up to it breaks a rule.
    moment = start
    while moment < found:
        assert not allowed(moment, times, pacing, quiet), (moment, found)
        moment += timedelta(minutes=1)


@settings(max_examples=100, deadline=None)
@given(count=st.integers(min_value=1, max_value=12), due=minutes, pacing=pacings)
def test_planning_texts_one_after_another_keeps_every_rule_and_drops_none(
    count: int, due: int, pacing: Pacing
) -> None:
    planned: list[datetime] = []
    for _ in range(count):
        planned.append(pacing.next_slot(planned, BASE + timedelta(minutes=due), STOCKHOLM, NIGHT))
    assert len(planned) == count
    for index, moment in enumerate(planned):
        others = planned[:index] + planned[index + 1 :]
        assert allowed(moment, others, pacing, NIGHT)

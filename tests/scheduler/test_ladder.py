"""The escalation ladder's order and timing, without a database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from scheduler.ladder import (
    VOLUNTEER_LEVELS,
    ClaimTimeouts,
    coordinators_next,
    next_level,
    next_step_at,
    volunteers_next,
)

NOW = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_an_urgent_case_waits_less_for_a_claim() -> None:
    timeouts = ClaimTimeouts.from_minutes(10, 3)
    assert timeouts.for_case(urgent=False) == timedelta(minutes=10)
    assert timeouts.for_case(urgent=True) == timedelta(minutes=3)


def test_levels_start_at_zero_and_climb_one_at_a_time() -> None:
    assert next_level(5, first=True) == 0
    assert next_level(0, first=False) == 1
    assert next_level(1, first=False) == 2


def test_volunteers_are_alerted_on_the_volunteer_levels_only_while_coordinators_wait() -> None:
    for level in range(VOLUNTEER_LEVELS):
        assert volunteers_next(level, coordinators_alerted=False, has_coordinators=True)
    assert not volunteers_next(VOLUNTEER_LEVELS, coordinators_alerted=False, has_coordinators=True)
    # After the coordinators were told, or with none configured, keep asking volunteers.
    assert volunteers_next(VOLUNTEER_LEVELS, coordinators_alerted=True, has_coordinators=True)
    assert volunteers_next(VOLUNTEER_LEVELS + 3, coordinators_alerted=False, has_coordinators=False)


def test_coordinators_are_alerted_once_when_no_volunteer_is_found() -> None:
    assert coordinators_next(
        coordinators_alerted=False, volunteers_found=False, first=False, urgent=False
    )
    assert not coordinators_next(
        coordinators_alerted=True, volunteers_found=False, first=False, urgent=False
    )
    assert not coordinators_next(
        coordinators_alerted=False, volunteers_found=True, first=False, urgent=False
    )


def test_an_urgent_case_alerts_the_coordinators_at_once_beside_the_volunteers() -> None:
    assert coordinators_next(
        coordinators_alerted=False, volunteers_found=True, first=True, urgent=True
    )
    # Only when the case opens; later levels follow the normal order.
    assert not coordinators_next(
        coordinators_alerted=False, volunteers_found=True, first=False, urgent=True
    )


def test_after_alerts_the_ladder_looks_again_when_the_timeout_runs_out() -> None:
    due = next_step_at(
        NOW, alerted=True, timeout=timedelta(minutes=10), help_available=False, help_next=None
    )
    assert due == NOW + timedelta(minutes=10)


def test_nobody_on_duty_waits_for_the_next_shift_in_utc() -> None:
    stockholm_winter = timezone(timedelta(hours=1))
    shift = datetime(2026, 12, 2, 17, 0, tzinfo=stockholm_winter)
    due = next_step_at(
        NOW, alerted=False, timeout=timedelta(minutes=10), help_available=False, help_next=shift
    )
    assert due == datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    assert due is not None
    assert due.tzinfo is UTC


def test_nobody_left_to_alert_while_someone_is_on_duty_stops_the_ladder() -> None:
    assert (
        next_step_at(
            NOW, alerted=False, timeout=timedelta(minutes=10), help_available=True, help_next=None
        )
        is None
    )

"""Retry delays after a failed send."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduler.backoff import MAX_ATTEMPTS, retry_delay, should_give_up

WRITTEN = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


def test_delays_grow_with_attempts_and_stay_under_fifteen_minutes() -> None:
    for attempts in range(1, 20):
        ceiling = min(2 * 2**attempts, 15 * 60)
        for _ in range(20):
            delay = retry_delay(attempts)
            assert timedelta(0) <= delay <= timedelta(seconds=ceiling)


def test_a_late_attempt_can_wait_longer_than_any_early_one() -> None:
    early = max(retry_delay(1) for _ in range(50))
    late = max(retry_delay(8) for _ in range(50))
    assert early <= timedelta(seconds=4)
    assert late > early


def test_the_providers_retry_after_wins_when_longer() -> None:
    assert retry_delay(1, retry_after=120) == timedelta(seconds=120)


def test_give_up_after_the_last_attempt_only() -> None:
    later = WRITTEN + timedelta(days=1)
    assert not should_give_up(MAX_ATTEMPTS - 1, "reply", WRITTEN, later)
    assert should_give_up(MAX_ATTEMPTS, "reply", WRITTEN, later)


def test_an_outage_of_minutes_never_gives_a_campaign_text_up() -> None:
    assert not should_give_up(
        MAX_ATTEMPTS + 5, "proactive", WRITTEN, WRITTEN + timedelta(minutes=5)
    )
    assert should_give_up(MAX_ATTEMPTS, "proactive", WRITTEN, WRITTEN + timedelta(hours=5))

"""The system clock: the one real time Hejsan reads, always UTC and aware."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.clock import system_clock
from bot.core.config import load_config
from bot.web.runtime import build_runtime


def test_the_system_clock_is_now_in_utc_and_aware() -> None:
    """Times are stored in UTC and compared with aware times: a naive or local
    clock would shift every check-in by an hour or two, or fail to compare."""
    before = datetime.now(UTC)
    now = system_clock()
    after = datetime.now(UTC)
    assert now.tzinfo is not None
    assert now.utcoffset() == timedelta(0)
    assert before <= now <= after


def test_the_system_clock_moves_with_real_time() -> None:
    first = system_clock()
    second = system_clock()
    assert second >= first
    assert second - first < timedelta(seconds=5)


async def test_a_service_started_without_a_clock_runs_on_the_system_clock() -> None:
    """The shell's decisions and the rows it stamps read one and the same clock."""
    runtime = build_runtime(load_config(None, {"HEJSAN_DATABASE_URL": "sqlite:///:memory:"}))
    try:
        assert runtime.shell.clock is system_clock
        assert runtime.database.clock is system_clock
        assert abs(runtime.shell.now() - datetime.now(UTC)) < timedelta(seconds=5)
    finally:
        await runtime.database.close()

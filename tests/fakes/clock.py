"""The one test clock: a time the test sets and moves by hand, never a sleep."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# Wednesday 2 December 2026, 11:00 in Stockholm: inside allowed hours.
WEDNESDAY_11 = datetime(2026, 12, 2, 10, 0, tzinfo=UTC)


@dataclass
class Clock:
    """Pass it wherever the shell takes a clock (`build_shell(config, clock)`)."""

    now: datetime = WEDNESDAY_11

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

"""The one clock Hejsan reads: the system's in production, a fake in tests.

Every time Hejsan records or compares comes from a clock passed in (the
shell's, the database's), so a test that fixes the clock fixes them all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, in UTC; only the wiring at start passes this one in."""
    return datetime.now(UTC)

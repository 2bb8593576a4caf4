"""Quiet hours: when Hejsan does not start a conversation with a senior.

Policy
------
Quiet hours are a local wall-clock window, for example ``20:00-09:00`` (it may
wrap midnight) in the configured time zone. A moment is quiet when its local
time is in ``[start, end)``.

* Proactive messages to seniors (campaign prompts, reminders, missed check-in
  follow-ups) that fall due in quiet hours are deferred to `next_allowed`:
  the end of the quiet period. They are never dropped.
* Replies to something the senior just wrote, and alerts to volunteers and
  coordinators, are not subject to quiet hours. A senior who writes at 23:00
  gets an answer at 23:00, and an urgent alert never waits for the morning.

The caller decides which kind a message is; this module only answers "is this
moment quiet?" and "when may we send instead?".

Daylight saving time: the end of a quiet period is a local wall-clock time on
a local date. When that wall-clock time does not exist (the spring-forward
gap, last Sunday of March 02:00-03:00 in Europe/Stockholm) the first valid
instant after it is used (03:00 CEST). When it exists twice (the repeated
autumn hour) the first instant after the deferred moment is used.

All functions take the time as an argument (aware datetimes) and never read
the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "NaiveDatetimeError",
    "QuietHours",
    "QuietHoursError",
    "first_instant_at_or_after",
    "require_aware",
]

_WINDOW = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


class QuietHoursError(ValueError):
    """Quiet hours text or values that cannot be understood (a caller or config mistake)."""


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone was passed where an aware one is required."""


def require_aware(moment: datetime, name: str = "moment") -> datetime:
    """Return `moment` converted to UTC; raise `NaiveDatetimeError` if it has no zone.

    Naive datetimes are refused rather than guessed: a guess would be wrong by
    one or two hours in Sweden, and that is the difference between 08:00 and
    10:00 for someone who sleeps late.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise NaiveDatetimeError(f"{name} must be an aware datetime, got naive {moment!r}")
    return moment.astimezone(UTC)


def _instants(local_naive: datetime, tz: ZoneInfo) -> list[datetime]:
    """The UTC instants at which the local wall clock shows `local_naive`.

    One for ordinary times, two in the repeated autumn hour, none in the
    spring gap (returned as an empty list).
    """
    candidates = {local_naive.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1)}
    return sorted(
        u for u in candidates if u.astimezone(tz).replace(tzinfo=None, fold=0) == local_naive
    )


def _gap_end(local_naive: datetime, tz: ZoneInfo) -> datetime:
    """The first instant (UTC) whose local time is at or after a non-existent wall time.

    That is the transition instant itself (03:00 CEST for any time between
    02:00 and 03:00 on the spring-forward night). Found by bisection between
    the two readings of the wall time, to the microsecond.
    """
    readings = sorted(local_naive.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1))
    lo, hi = readings[0], readings[1]  # wall(lo) < local_naive <= wall(hi)
    while hi - lo > timedelta(microseconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).replace(tzinfo=None) >= local_naive:
            hi = mid
        else:
            lo = mid
    return hi


def first_instant_at_or_after(
    local_naive: datetime, tz: ZoneInfo, not_before: datetime | None = None
) -> datetime:
    """The first instant (UTC) at which local wall time `local_naive` occurs.

    `not_before` (aware) skips readings earlier than it: in the repeated
    autumn hour a wall time occurs twice and the caller may already be past
    the first. A wall time in the spring gap becomes the first valid instant
    after it (the transition). If every reading is before `not_before`, the
    last reading is returned and the caller must move on to another day.
    """
    readings = _instants(local_naive, tz) or [_gap_end(local_naive, tz)]
    if not_before is not None:
        floor = require_aware(not_before, "not_before")
        for reading in readings:
            if reading >= floor:
                return reading
    return readings[-1] if not_before is not None else readings[0]


def _parse_clock(hours: str, minutes: str, text: str) -> time:
    h, m = int(hours), int(minutes)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise QuietHoursError(f"quiet hours {text!r}: {hours}:{minutes} is not a time of day")
    return time(h, m)


@dataclass(frozen=True)
class QuietHours:
    """A daily local wall-clock window in which seniors are not contacted.

    `start` and `end` are both None (no quiet hours) or both set and
    different. `start > end` means the window wraps midnight.
    """

    start: time | None = None
    end: time | None = None

    def __post_init__(self) -> None:
        if (self.start is None) != (self.end is None):
            raise QuietHoursError("quiet hours need both a start and an end, or neither")
        if self.start is not None and self.start == self.end:
            raise QuietHoursError(
                f"quiet hours start and end are both {self.start:%H:%M}; "
                "leave quiet hours empty to allow every hour"
            )
        for value in (self.start, self.end):
            if value is not None and value.tzinfo is not None:
                raise QuietHoursError("quiet hours are local wall-clock times, without a zone")

    @classmethod
    def parse(cls, text: str | None) -> QuietHours:
        """Parse ``"HH:MM-HH:MM"`` (e.g. ``"20:00-09:00"``); ``""`` or None: no quiet hours."""
        if text is None or not text.strip():
            return cls()
        match = _WINDOW.match(text)
        if match is None:
            raise QuietHoursError(
                f"quiet hours {text!r} must look like '20:00-09:00' (start-end, 24-hour clock)"
            )
        start = _parse_clock(match[1], match[2], text)
        end = _parse_clock(match[3], match[4], text)
        if start == end:
            raise QuietHoursError(
                f"quiet hours {text!r} start and end at the same time; "
                "leave it empty to allow every hour"
            )
        return cls(start, end)

    @property
    def enabled(self) -> bool:
        """True when there is a quiet window at all."""
        return self.start is not None

    @property
    def wraps_midnight(self) -> bool:
        """True for windows like 20:00-09:00."""
        return self.start is not None and self.end is not None and self.start > self.end

    def __str__(self) -> str:
        if self.start is None or self.end is None:
            return ""
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def is_quiet(self, moment_utc: datetime, tz: ZoneInfo) -> bool:
        """True when the local wall-clock time of `moment_utc` is in ``[start, end)``."""
        moment = require_aware(moment_utc, "moment_utc")
        if self.start is None or self.end is None:
            return False
        local = moment.astimezone(tz).time().replace(tzinfo=None, fold=0)
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def next_allowed(self, moment_utc: datetime, tz: ZoneInfo) -> datetime:
        """The first instant (UTC) at or after `moment_utc` outside quiet hours.

        The moment itself when it is allowed; otherwise the end of its quiet
        period, a local wall-clock time converted to UTC (DST-safe, see the
        module docstring).
        """
        moment = require_aware(moment_utc, "moment_utc")
        if self.end is None or self.start is None:
            return moment
        # Normally one step. A second is needed only in odd cases, e.g. when
        # the end falls in the spring gap and the transition instant is
        # already inside the next (wrapping) quiet period.
        for _ in range(4):
            if not self.is_quiet(moment, tz):
                return moment
            local = moment.astimezone(tz)
            end_date = local.date()
            if self.wraps_midnight and local.time().replace(fold=0) >= self.start:
                end_date += timedelta(days=1)
            candidate = first_instant_at_or_after(
                datetime.combine(end_date, self.end), tz, not_before=moment
            )
            if candidate <= moment:  # every reading of that end is behind us
                candidate = first_instant_at_or_after(
                    datetime.combine(end_date + timedelta(days=1), self.end), tz, moment
                )
            moment = candidate
        raise AssertionError(f"no allowed time found after {moment_utc!r} for {self}")

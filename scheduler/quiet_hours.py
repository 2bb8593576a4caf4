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

Daylight saving time: a quiet period ends the next time the local wall clock
shows its end time. When that time does not exist (the spring-forward gap,
last Sunday of March 02:00-03:00 in Europe/Stockholm) the first valid instant
after it is used (03:00 CEST). When it exists twice (the repeated autumn hour)
the next reading after the deferred moment is used; and if the clock falling
back from 03:00 to 02:00 jumps out of the window, the period ends right there.
In short, `next_allowed` is the first instant that is not quiet.

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


def _readings(local_naive: datetime, tz: ZoneInfo) -> list[datetime]:
    """The instants (UTC, sorted) at which the wall clock shows `local_naive`, or
    the first instant after it when it falls in the spring gap."""
    return _instants(local_naive, tz) or [_gap_end(local_naive, tz)]


def first_instant_at_or_after(local_naive: datetime, tz: ZoneInfo) -> datetime:
    """The first instant (UTC) at which local wall time `local_naive` occurs.

    In the repeated autumn hour that is the first of its two readings; in the
    spring gap, the first valid instant after it (the transition).
    """
    return _readings(local_naive, tz)[0]


def _offset_change(after: datetime, until: datetime, tz: ZoneInfo) -> datetime | None:
    """The instant in ``(after, until]`` where the zone's UTC offset changes, if any.

    Assumes at most one change in the span (true for the day or two searched
    here in every real zone). Found by bisection, to the microsecond.
    """
    before_offset = after.astimezone(tz).utcoffset()
    if until.astimezone(tz).utcoffset() == before_offset:
        return None
    lo, hi = after, until
    while hi - lo > timedelta(microseconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).utcoffset() == before_offset:
            lo = mid
        else:
            hi = mid
    return hi


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

    @staticmethod
    def _quiet_period_exit(moment: datetime, tz: ZoneInfo, end: time) -> datetime:
        """The next instant after quiet `moment` that may end its quiet period.

        That is the next time the wall clock shows `end`, unless a DST change
        comes first: the clock may jump out of the window (falling back from
        03:00 to 02:00 can leave a window that started at 02:40). The caller
        checks the result and calls again if it is still quiet.
        """
        today = moment.astimezone(tz).date()
        candidate = min(
            reading
            for day in (today, today + timedelta(days=1))
            for reading in _readings(datetime.combine(day, end), tz)
            if reading > moment
        )
        change = _offset_change(moment, candidate, tz)
        return candidate if change is None else min(change, candidate)

    def next_allowed(self, moment_utc: datetime, tz: ZoneInfo) -> datetime:
        """The first instant (UTC) at or after `moment_utc` outside quiet hours.

        The moment itself when it is allowed; otherwise the end of its quiet
        period, a local wall-clock time converted to UTC (DST-safe, see the
        module docstring).
        """
        moment = require_aware(moment_utc, "moment_utc")
        if self.end is None or self.start is None:
            return moment
        # Normally one step; more only in odd cases, e.g. when the end falls
        # in the spring gap and the transition is already inside the next
        # (wrapping) quiet period.
        for _ in range(8):
            if not self.is_quiet(moment, tz):
                return moment
            moment = self._quiet_period_exit(moment, tz, self.end)
        raise AssertionError(f"no allowed time found after {moment_utc!r} for {self}")

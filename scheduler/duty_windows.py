"""Volunteers' duty windows ("mon-fri 09:00-17:00") as pure rules: reading
them, whether a moment is inside one, and when the next one begins.

Days are English or Swedish names; times are local to the service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


class AvailabilityError(ValueError):
    """A volunteer's availability text cannot be read."""


_DAY_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "mon monday må mån man måndag mandag",
        "tue tues tuesday ti tis tisdag",
        "wed wednesday on ons onsdag",
        "thu thur thurs thursday to tor tors torsdag",
        "fri friday fr fre fredag",
        "sat saturday lö lör lor lördag lordag",
        "sun sunday sö sön son söndag sondag",
    )
):
    for _name in _names.split():
        _DAY_NAMES[_name] = _number
_DAY_GROUPS: dict[str, frozenset[int]] = {
    "weekdays": frozenset(range(5)),
    "vardagar": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
    "helger": frozenset({5, 6}),
    "daily": frozenset(range(7)),
    "alla": frozenset(range(7)),
}
_TIME_RANGE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?-(\d{1,2})(?:[:.](\d{2}))?$")
_ALL_DAY = (0, 24 * 60)


@dataclass(frozen=True, slots=True)
class Window:
    """On duty on `days` (0 = Monday) from `start` to `end` minutes after
    midnight; an `end` at or before `start` runs past midnight."""

    days: frozenset[int]
    start: int
    end: int

    def covers(self, moment: datetime) -> bool:
        minute = moment.hour * 60 + moment.minute
        weekday = moment.weekday()
        if self.start < self.end:
            return weekday in self.days and self.start <= minute < self.end
        return (weekday in self.days and minute >= self.start) or (
            (weekday - 1) % 7 in self.days and minute < self.end
        )


def _days(token: str) -> frozenset[int]:
    token = token.casefold()
    if token in _DAY_GROUPS:
        return _DAY_GROUPS[token]
    first, _, last = token.partition("-")
    if first not in _DAY_NAMES or (last and last not in _DAY_NAMES):
        raise AvailabilityError(f"unknown day {token!r} (e.g. mon-fri, lör, weekends)")
    start = _DAY_NAMES[first]
    stop = _DAY_NAMES[last] if last else start
    return frozenset((start + i) % 7 for i in range((stop - start) % 7 + 1))


def _minutes(hour: str, minute: str | None) -> int:
    value = int(hour) * 60 + int(minute or 0)
    if value > 24 * 60 or int(minute or 0) > 59:
        raise AvailabilityError(f"no such time {hour}:{minute or '00'}")
    return value


def parse_availability(text: str) -> tuple[Window, ...] | None:
    """ "mon-fri 09:00-17:00; lör 10-14" -> windows; "" -> None (any time).

    Parts are separated by ";" or ","; a part is day names or ranges
    (English or Swedish, "weekdays"/"vardagar") and/or a time range. Raises
    AvailabilityError naming what it could not read.
    """
    if not text.strip():
        return None
    windows = []
    for part in re.split(r"[;,]", text):
        tokens = part.split()
        if not tokens:
            continue
        span = _ALL_DAY
        match = _TIME_RANGE.match(tokens[-1])
        if match:
            span = (_minutes(match[1], match[2]), _minutes(match[3], match[4]) % (24 * 60))
            if span == (0, 0):
                span = _ALL_DAY
            tokens = tokens[:-1]
        days: frozenset[int] = frozenset(range(7)) if not tokens else frozenset()
        for token in tokens:
            days |= _days(token)
        windows.append(Window(days, *span))
    return tuple(windows)


def on_duty(windows: tuple[Window, ...] | None, local: datetime) -> bool:
    return windows is None or any(window.covers(local) for window in windows)


def next_start(windows: tuple[Window, ...], local: datetime) -> datetime | None:
    """When the next window after `local` begins, in `local`'s time zone."""
    tz = local.tzinfo
    best: datetime | None = None
    for offset in range(8):
        day: date = local.date() + timedelta(days=offset)
        for window in windows:
            if day.weekday() not in window.days:
                continue
            begins = datetime.combine(day, time(window.start // 60, window.start % 60), tz)
            if begins > local and (best is None or begins < best):
                best = begins
        if best is not None:
            return best
    return best

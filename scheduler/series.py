"""Recurring event dates: "every other Wednesday at 12:00" for soup lunches.

A series is a first date and time in local time plus "every N weeks". Each
later date keeps the local wall-clock time of the first (12:00 stays 12:00 in
summer and winter). A wall-clock time that does not exist on a date (the
spring-forward gap) becomes the first valid instant after it; one that exists
twice (the repeated autumn hour) is the first of the two. The times are taken
as arguments; nothing here reads the clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from scheduler.quiet_hours import first_instant_at_or_after

__all__ = ["MAX_SERIES_LENGTH", "SeriesError", "parse_every", "series_dates"]

# Ten years of weekly events: more is a typo in `until`, not a plan.
MAX_SERIES_LENGTH = 520
MAX_EVERY_WEEKS = 52

_WEEKS = re.compile(r"^(\d+)\s*(?:w|v|wk|wks|week|weeks|vecka|veckor)$")
_EVERY_N = re.compile(r"^(?:every|var)\s+(\d+)(?:st|nd|rd|th|:e|e)?\s+(?:weeks?|veckor|vecka)$")
_PHRASES = {
    "weekly": 1,
    "every week": 1,
    "varje vecka": 1,
    "biweekly": 2,
    "fortnightly": 2,
    "every other week": 2,
    "every second week": 2,
    "varannan vecka": 2,
    "var tredje vecka": 3,
    "var fjärde vecka": 4,
}


class SeriesError(ValueError):
    """A series definition that cannot be used; the message says which part."""


def parse_every(text: str) -> int:
    """How many weeks between events, N in 1..52.

    Accepts ``"1w"``, ``"2w"``, ``"3 weeks"``, ``"weekly"``, ``"every other
    week"``, ``"every 3 weeks"``, ``"varje vecka"``, ``"varannan vecka"``.
    The weekday and time come from the first date, so "every other
    Wednesday" is written as the first Wednesday plus ``"2w"``.
    """
    cleaned = " ".join(text.strip().lower().split())
    weeks: int | None = _PHRASES.get(cleaned)
    if weeks is None:
        match = _WEEKS.match(cleaned) or _EVERY_N.match(cleaned)
        if match is not None:
            weeks = int(match[1])
    if weeks is None:
        raise SeriesError(
            f"repeat {text!r} is not understood; write e.g. '1w', '2w' or 'every other week'"
        )
    if not 1 <= weeks <= MAX_EVERY_WEEKS:
        raise SeriesError(f"repeat {text!r}: every 1 to {MAX_EVERY_WEEKS} weeks is allowed")
    return weeks


def series_dates(
    first_local: datetime,
    every_weeks: int,
    count: int | None = None,
    until: date | None = None,
) -> list[datetime]:
    """The event times of a series, in local time (aware, in `first_local`'s zone).

    Dates are the first date plus multiples of `every_weeks` weeks, at the
    first's wall-clock time. The series stops after `count` events or after
    the local date `until` (inclusive), whichever comes first; at least one of
    them is required, and at most `MAX_SERIES_LENGTH` events are produced.
    """
    tz = first_local.tzinfo
    if not isinstance(tz, ZoneInfo):
        raise SeriesError(
            f"first_local must be aware with a ZoneInfo zone (e.g. Europe/Stockholm), "
            f"got {first_local!r}"
        )
    if isinstance(every_weeks, bool) or not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise SeriesError(f"every_weeks must be 1 to {MAX_EVERY_WEEKS}, got {every_weeks!r}")
    if count is None and until is None:
        raise SeriesError("a series needs a count or an until date (or both)")
    if count is not None and count < 0:
        raise SeriesError(f"count must not be negative, got {count}")

    wall = first_local.replace(tzinfo=None, fold=0)
    step = timedelta(weeks=every_weeks)
    limit = count if count is not None else MAX_SERIES_LENGTH + 1
    result: list[datetime] = []
    while len(result) < limit:
        if until is not None and wall.date() > until:
            break
        if len(result) == MAX_SERIES_LENGTH:
            raise SeriesError(
                f"series would have more than {MAX_SERIES_LENGTH} events; check count/until"
            )
        result.append(first_instant_at_or_after(wall, tz).astimezone(tz))
        wall += step
    return result

"""Every N weeks: a schedule that fires only in every N-th week.

Cron has no "every other week", yet coordinators ask for it (a check-in
every second Monday, a lunch invitation every fourth week). A schedule may
end in ``every N weeks from YYYY-MM-DD``::

    "0 10 * * mon every 2 weeks from 2026-11-30"

The cron part picks days and times as usual; the suffix keeps only those in
the week (Monday to Sunday, local time) of the date given, and every N-th week
before and after it. Pure rules: the caller passes the dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MAX_EVERY_WEEKS = 12
_SUFFIX = re.compile(
    r"^(?P<cron>.*\S)\s+every\s+(?P<every>\d{1,3})\s+weeks?\s+from\s+(?P<anchor>\d{4}-\d{2}-\d{2})$"
)


class WeekRhythmError(ValueError):
    """An "every N weeks" suffix that cannot be used; the message says why."""


def week_start(day: date) -> date:
    """The Monday of `day`'s week (Swedish calendars start on Monday)."""
    return day - timedelta(days=day.weekday())


@dataclass(frozen=True, slots=True)
class WeekRhythm:
    """Every `every`-th week, counted from the week of `anchor` (always a Monday)."""

    every: int
    anchor: date

    def on(self, day: date) -> bool:
        """True when `day` lies in one of the chosen weeks."""
        weeks = (week_start(day) - self.anchor).days // 7
        return weeks % self.every == 0

    def next_week_start(self, day: date) -> date:
        """The Monday of the first chosen week after `day`'s week."""
        weeks = (week_start(day) - self.anchor).days // 7
        ahead = self.every - weeks % self.every
        return week_start(day) + timedelta(weeks=ahead)

    def suffix(self) -> str:
        return f"every {self.every} weeks from {self.anchor.isoformat()}"


def make_rhythm(every: int, anchor: date) -> WeekRhythm:
    """A rhythm of `every` weeks in step with `anchor`'s week; refuse nonsense."""
    if not 2 <= every <= MAX_EVERY_WEEKS:
        raise WeekRhythmError(
            f"every N weeks: N must be 2 to {MAX_EVERY_WEEKS} (1 is an ordinary weekly schedule)"
        )
    return WeekRhythm(every, week_start(anchor))


def split_rhythm(expr: str) -> tuple[str, WeekRhythm | None]:
    """The cron part of a schedule and its rhythm (None for a plain cron line)."""
    match = _SUFFIX.match(expr.strip())
    if match is None:
        if re.search(r"\bevery\b", expr):
            raise WeekRhythmError(
                f"schedule {expr!r}: write the rhythm as 'every N weeks from YYYY-MM-DD' "
                "after the five cron fields"
            )
        return expr, None
    try:
        anchor = date.fromisoformat(match["anchor"])
    except ValueError:
        raise WeekRhythmError(f"schedule {expr!r}: {match['anchor']!r} is not a date") from None
    return match["cron"], make_rhythm(int(match["every"]), anchor)


def with_rhythm(cron: str, rhythm: WeekRhythm | None) -> str:
    """A schedule string from its cron part and an optional rhythm."""
    return cron if rhythm is None else f"{cron} {rhythm.suffix()}"

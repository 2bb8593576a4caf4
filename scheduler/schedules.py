"""Campaign schedules: 5-field cron expressions in local wall-clock time.

A campaign schedule is a crontab line in the configured time zone (Europe/
Stockholm by default), for example ``"0 10 * * mon,thu"``: minute, hour,
day of month, month, day of week. Parsing and iteration are APScheduler 3.11's
`CronTrigger.from_crontab`; this module adds validation with clear errors, the
DST rules below, occurrence keys and the catch-up policy. Every function takes
the time as an argument and returns UTC datetimes.

Day of week
-----------
Write weekdays as names (``mon``-``sun``, ranges like ``mon-fri``). Numbers
are refused: APScheduler 3 counts 0 as Monday where ordinary cron counts 0 as
Sunday, and a check-in silently moving from Sunday to Monday is worse than an
error. When both day of month and day of week are restricted, both must match
(APScheduler's rule, unlike classic cron's "either"): ``"0 12 1-7 * sun"`` is
the first Sunday of the month.

Daylight saving time
--------------------
Occurrences follow the local wall clock: a 10:00 check-in is at 10:00 local
time in winter and in summer (09:00 UTC, then 08:00 UTC). Each local day-time
is sent at most once:

* Spring forward (last Sunday of March, 02:00 -> 03:00): a time inside the
  skipped hour, e.g. 02:30, does not exist. APScheduler then fires once, one
  hour later by the clock (03:30 CEST, the instant 02:30 CET would have been).
  Its occurrence key is the wall time it actually fires at ("...T03:30").
* Fall back (last Sunday of October, 03:00 -> 02:00): a time inside the
  repeated hour happens twice. APScheduler alone would fire twice; here the
  second pass is skipped, so there is exactly one occurrence, at the first.

Both rules are built into `WallClockCronTrigger`, which the APScheduler jobs
use too, so the live scheduler and these functions agree.

Every N weeks
-------------
A schedule may end in ``every N weeks from YYYY-MM-DD`` (scheduler.week_rhythm):
the trigger then skips the weeks in between, so every function here (and the
live jobs) sees only the chosen weeks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

from scheduler.quiet_hours import QuietHours, require_aware
from scheduler.week_rhythm import WeekRhythm, WeekRhythmError, split_rhythm

__all__ = [
    "DEFAULT_TZ",
    "ScheduleError",
    "WallClockCronTrigger",
    "catch_up",
    "cron_trigger",
    "next_occurrence",
    "occurrence_key",
    "occurrence_today",
    "occurrences_between",
    "previous_occurrence",
    "validate_schedule",
]

DEFAULT_TZ = ZoneInfo("Europe/Stockholm")

_FIELD_NAMES = ("minute", "hour", "day of month", "month", "day of week")
_TRIGGER_FIELDS = ("minute", "hour", "day", "month", "day_of_week")
_DIGITS = re.compile(r"\d")

# Look-back windows for `previous_occurrence`, smallest first: a dense schedule
# is found in the first, a weekly one within 8 days, a monthly or yearly one
# within a year, 29 February within 9 years (2096 -> 2104 skips 2100).
_LOOK_BACK = (
    timedelta(hours=1),
    timedelta(days=1),
    timedelta(days=8),
    timedelta(days=32),
    timedelta(days=367),
    timedelta(days=9 * 366),
)

# A fixed starting point for "does this schedule ever fire?": cron has no
# year field, so anything that fires at all fires within a few years of it.
_REFERENCE = datetime(2000, 1, 1, tzinfo=UTC)


class ScheduleError(ValueError):
    """A campaign schedule that cannot be used; the message names the problem."""


def _is_second_pass(moment: datetime, tz: Any) -> bool:
    """True when `moment` is the second time its local wall-clock time occurs (autumn)."""
    local = moment.astimezone(tz)
    return bool(local.fold == 1 and local.replace(fold=0).utcoffset() != local.utcoffset())


class WallClockCronTrigger(CronTrigger):  # type: ignore[misc]  # APScheduler 3 is untyped
    """APScheduler's `CronTrigger`, firing once per local day-time across DST.

    APScheduler 3.11 fires a job in the repeated autumn hour twice (once per
    UTC instant that shows that wall-clock time); this trigger skips the second
    pass. Times in the spring gap are left to APScheduler, which fires them
    once, an hour later by the clock. With a `rhythm` (every N weeks), times in
    the weeks between are skipped too.
    """

    rhythm: WeekRhythm | None = None

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        candidate: datetime | None = super().get_next_fire_time(previous_fire_time, now)
        while candidate is not None:
            if _is_second_pass(candidate, self.timezone):
                candidate = super().get_next_fire_time(candidate, candidate)
                continue
            day = candidate.astimezone(self.timezone).date()
            if self.rhythm is None or self.rhythm.on(day):
                break
            monday = datetime.combine(self.rhythm.next_week_start(day), time(0), self.timezone)
            candidate = super().get_next_fire_time(None, monday)
        return candidate


def _check_day_of_week(expr: str, field: str) -> None:
    for part in field.split(","):
        base = part.split("/", 1)[0]
        if _DIGITS.search(base):
            raise ScheduleError(
                f"schedule {expr!r}: day of week {field!r} uses numbers; write names "
                "(mon, tue, wed, thu, fri, sat, sun, or ranges like mon-fri), because "
                "APScheduler counts 0 as Monday and cron counts 0 as Sunday"
            )


@functools.lru_cache(maxsize=512)
def cron_trigger(expr: str, tz: ZoneInfo = DEFAULT_TZ) -> WallClockCronTrigger:
    """Parse and validate a schedule; raise `ScheduleError` naming the problem.

    The trigger is stateless, so parsed triggers are cached and shared.
    """
    if not isinstance(expr, str):
        raise ScheduleError(f"schedule must be text like '0 10 * * mon,thu', got {expr!r}")
    if not isinstance(tz, ZoneInfo):
        raise ScheduleError(f"schedule time zone must be a ZoneInfo, got {tz!r}")
    try:
        cron, rhythm = split_rhythm(expr)
    except WeekRhythmError as exc:
        raise ScheduleError(str(exc)) from None
    fields = cron.split()
    if len(fields) != 5:
        raise ScheduleError(
            f"schedule {expr!r} has {len(fields)} fields; expected 5 "
            "(minute hour day-of-month month day-of-week), e.g. '0 10 * * mon,thu'"
        )
    _check_day_of_week(expr, fields[4])
    try:
        trigger: WallClockCronTrigger = WallClockCronTrigger.from_crontab(
            " ".join(fields), timezone=tz
        )
    except ValueError as exc:
        for label, name, value in zip(_FIELD_NAMES, _TRIGGER_FIELDS, fields, strict=True):
            try:
                CronTrigger(**{name: value}, timezone=tz)
            except ValueError as field_exc:
                raise ScheduleError(
                    f"schedule {expr!r}: {label} {value!r} is invalid: {field_exc}"
                ) from exc
        raise ScheduleError(f"schedule {expr!r} is invalid: {exc}") from exc
    trigger.rhythm = rhythm
    if trigger.get_next_fire_time(None, _REFERENCE) is None:
        raise ScheduleError(
            f"schedule {expr!r} never fires (no such day, e.g. 30 February or 31 April)"
        )
    return trigger


def validate_schedule(expr: str, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """Check a schedule and return it normalised (single spaces); raise `ScheduleError`."""
    cron_trigger(expr, tz)
    return " ".join(expr.split())


def _as_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def next_occurrence(expr: str, tz: ZoneInfo, after_utc: datetime) -> datetime | None:
    """The first occurrence strictly after `after_utc`, in UTC (None if there is none)."""
    after = require_aware(after_utc, "after_utc")
    fired = cron_trigger(expr, tz).get_next_fire_time(None, after + timedelta(microseconds=1))
    return None if fired is None else _as_utc(fired)


def occurrences_between(
    expr: str, tz: ZoneInfo, start_utc: datetime, end_utc: datetime
) -> list[datetime]:
    """All occurrences in the half-open interval ``(start_utc, end_utc]``, sorted, in UTC.

    Start exclusive, end inclusive: consecutive windows ``(a, b]``, ``(b, c]``
    cover every occurrence exactly once, and "what is due by now?" is
    ``(last_checked, now]``.
    """
    start = require_aware(start_utc, "start_utc")
    end = require_aware(end_utc, "end_utc")
    trigger = cron_trigger(expr, tz)
    result: list[datetime] = []
    fired = trigger.get_next_fire_time(None, start + timedelta(microseconds=1))
    while fired is not None:
        moment = _as_utc(fired)
        if moment > end:
            break
        if not result or moment > result[-1]:  # a gap time and a real time can coincide
            result.append(moment)
        fired = trigger.get_next_fire_time(fired, fired)
    return result


def previous_occurrence(expr: str, tz: ZoneInfo, at_or_before_utc: datetime) -> datetime | None:
    """The latest occurrence at or before `at_or_before_utc`, in UTC (None if none).

    Iterates forward through growing look-back windows (an hour, a day, 8 days,
    a month, a year, 9 years) and stops at the first that holds an occurrence,
    so a dense schedule costs a few steps and a yearly one a handful.
    """
    at = require_aware(at_or_before_utc, "at_or_before_utc")
    for window in _LOOK_BACK:
        found = occurrences_between(expr, tz, at - window, at)
        if found:
            return found[-1]
    return None


def occurrence_key(moment_utc: datetime, tz: ZoneInfo) -> str:
    """A stable id for an occurrence: its local date and time, e.g. ``"2026-12-03T10:00"``.

    Used in outbox idempotency keys (campaign, occurrence, person), so a double
    fire, a restart or a second instance never sends twice. Unique per
    occurrence because each local day-time occurs at most once (see DST).
    """
    local = require_aware(moment_utc, "moment_utc").astimezone(tz)
    return local.strftime("%Y-%m-%dT%H:%M")


def occurrence_today(expr: str, tz: ZoneInfo, now_utc: datetime) -> datetime:
    """The occurrence "send now" stands for: today's, so it shares its key.

    The latest occurrence today at or before `now_utc`, else today's first one
    after it (run early, the scheduled fire and the start-up catch-up then find
    it done). On a day the schedule does not fire, local midnight: a day's one
    extra occurrence, which no scheduled run can share.
    """
    now = require_aware(now_utc, "now_utc")
    today = now.astimezone(tz).date()
    midnight = datetime.combine(today, datetime.min.time(), tzinfo=tz)
    start = midnight.astimezone(UTC) - timedelta(microseconds=1)
    end = (midnight + timedelta(days=1)).astimezone(UTC) - timedelta(microseconds=1)
    found = occurrences_between(expr, tz, start, end)
    earlier = [moment for moment in found if moment <= now]
    if earlier:
        return earlier[-1]
    return found[0] if found else midnight.astimezone(UTC)


def catch_up(
    expr: str,
    tz: ZoneInfo,
    last_run_utc: datetime | None,
    now_utc: datetime,
    allowed: Callable[[datetime], bool] | QuietHours,
) -> datetime | None:
    """The missed occurrence to send now, at start-up, or None to skip.

    Catch-up policy: an occurrence missed while the service was down is sent
    once when the service starts, but only if it is still the same local day
    as the occurrence and the current time is outside quiet hours; otherwise
    it is skipped (and logged by the caller). Only the most recent missed
    occurrence is caught up, never a burst of several. A campaign that has
    never run (`last_run_utc` is None) has missed nothing; pass the time the
    campaign was created to catch up its first occurrence.

    `last_run_utc` is the latest occurrence already sent (from the database);
    occurrences after it and at or before `now_utc` count as missed. The
    returned value is the occurrence itself (use it for `occurrence_key`), not
    the time of sending. `allowed` is a predicate on the current time, or a
    `QuietHours` (allowed when not quiet in `tz`).
    """
    now = require_aware(now_utc, "now_utc")
    if last_run_utc is None:
        return None
    last_run = require_aware(last_run_utc, "last_run_utc")
    missed = previous_occurrence(expr, tz, now)
    if missed is None or missed <= last_run:
        return None
    if missed.astimezone(tz).date() != now.astimezone(tz).date():
        return None
    is_allowed = (
        (lambda moment: not allowed.is_quiet(moment, tz))
        if isinstance(allowed, QuietHours)
        else allowed
    )
    return missed if is_allowed(now) else None

"""A senior's daily safety check as a coordinator sets it: the time, the
reminders, on or off. Its own module, below the engine, so `hejsan seniors
edit --safety-check 09:30` and the console change it without loading the
conversation engine; `bot.turns.safety_checks` fires it.

The check's timer is one row per senior ("senior:N", kind "safety_daily")
due at the chosen local time: setting the time moves it, turning the check
off deletes it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from functools import lru_cache
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.errors import HejsanError
from bot.db.models import AuditEntry, Senior
from bot.db.timers import cancel_timer, senior_subject, set_timer

SAFETY_DAILY = "safety_daily"
DEFAULT_REMINDERS = "30,60"
OFF_WORDS = frozenset({"off", "av", "nej", "no", "none", ""})


class SafetyCheckError(HejsanError, ValueError):
    """A safety check time or reminder list cannot be used."""


def parse_time(text: str) -> time:
    """ "09:30" or "9.30" -> 09:30."""
    cleaned = text.strip().replace(".", ":")
    try:
        hour, minute = (int(part) for part in cleaned.split(":"))
        return time(hour, minute)
    except ValueError as exc:
        raise SafetyCheckError(
            f"inte ett klockslag / not a time of day: {text!r} (skriv / write e.g. 09:30)"
        ) from exc


def parse_reminders(text: str) -> tuple[timedelta, ...]:
    """ "30,60" -> reminders 30 and 60 minutes after the check, in order."""
    try:
        minutes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise SafetyCheckError(
            f"påminnelser är minuter / reminders are minutes, e.g. 30,60: {text!r}"
        ) from exc
    rising = all(a < b for a, b in pairwise(minutes))
    if not rising or any(m <= 0 or m > 240 for m in minutes):
        raise SafetyCheckError(
            "påminnelserna ska stiga, 1 till 240 minuter / reminders must rise, "
            f"between 1 and 240 minutes: {text!r}"
        )
    return tuple(timedelta(minutes=m) for m in minutes)


def clean_reminders(text: str) -> str:
    """The stored form of a reminder list: "30, 60 " -> "30,60"."""
    return ",".join(str(int(r.total_seconds() // 60)) for r in parse_reminders(text))


@lru_cache(maxsize=64)
def reminders_of(stored: str | None) -> tuple[timedelta, ...]:
    """The senior's stored reminders; the default when unreadable (a bad
    value never silences a safety check)."""
    try:
        return parse_reminders(stored if stored is not None else DEFAULT_REMINDERS)
    except SafetyCheckError:
        return parse_reminders(DEFAULT_REMINDERS)


def next_check_at(at: time, now: datetime, tz: ZoneInfo) -> datetime:
    """The next local `at` after `now`."""
    local = now.astimezone(tz)
    candidate = datetime.combine(local.date(), at, tzinfo=tz)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=tz)
    return candidate


def is_off(text: str) -> bool:
    """ "off", "av", "nej": the coordinator turns the check off."""
    return text.strip().casefold() in OFF_WORDS


async def change_safety_check(
    session: AsyncSession,
    senior: Senior,
    *,
    at: str | None,
    reminders: str | None = None,
    now: datetime,
    tz: ZoneInfo,
    actor: str | None,
) -> datetime | None:
    """Set the senior's daily safety check to `at` ("09:30"; None turns it
    off) and, when given, the reminders ("30,60"; kept when the check is
    off, for the next time and for "KOLLA MIG OM"). Returns when it is next
    asked. Raises SafetyCheckError before changing anything. Audited as
    `actor` (None: the caller writes its own audit row, as the console does)."""
    chosen = parse_time(at) if at is not None else None
    stored = clean_reminders(reminders) if reminders is not None else None
    subject = senior_subject(senior.id)
    if stored is not None:
        senior.safety_reminders = stored
    due: datetime | None = None
    if chosen is None:
        senior.safety_check_at = None
        await cancel_timer(session, subject, SAFETY_DAILY)
    else:
        senior.safety_check_at = chosen.strftime("%H:%M")
        due = next_check_at(chosen, now, tz)
        await set_timer(session, subject, SAFETY_DAILY, due, now)
    if actor is None:
        return due
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action="senior.safety_check_changed",
            subject_type="senior",
            subject_id=senior.id,
            senior_id=senior.id,
            details={"at": senior.safety_check_at, "reminders": senior.safety_reminders},
        )
    )
    return due

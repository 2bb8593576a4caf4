"""The daily safety check's own timer: one row per senior ("senior:N",
kind "safety_daily") due at the senior's chosen local time, moved to the next
day each time it fires, so a restart loses nothing.

When it fires the senior's turn asks the check (the engine starts its
reminders as timer rows too); a pause or STOPP keeps it silent.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.shell import Shell
from bot.db.models import Senior, Timer
from bot.db.timers import cancel_timer, senior_subject, set_timer, subject_id
from bot.people.close_contacts import first_tier_contacts
from bot.people.directory import first_name
from bot.turns.turn import run_turn
from conversations.inputs import SafetyCheckPrompt

SAFETY_DAILY = "safety_daily"
DEFAULT_REMINDERS = "30,60"


class SafetyCheckError(ValueError):
    """A safety check time or reminder list cannot be used."""


def parse_time(text: str) -> time:
    """ "09:30" or "9.30" -> 09:30."""
    cleaned = text.strip().replace(".", ":")
    try:
        hour, minute = (int(part) for part in cleaned.split(":"))
        return time(hour, minute)
    except ValueError as exc:
        raise SafetyCheckError(f"not a time of day: {text!r} (write e.g. 09:30)") from exc


def parse_reminders(text: str) -> tuple[timedelta, ...]:
    """ "30,60" -> reminders 30 and 60 minutes after the check, in order."""
    try:
        minutes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError as exc:
        raise SafetyCheckError(f"reminders are minutes, e.g. 30,60: {text!r}") from exc
    if minutes != sorted(minutes) or any(m <= 0 or m > 240 for m in minutes):
        raise SafetyCheckError(f"reminders must rise, between 1 and 240 minutes: {text!r}")
    return tuple(timedelta(minutes=m) for m in minutes)


def next_check_at(at: time, now: datetime, shell: Shell) -> datetime:
    """The next local `at` after `now`."""
    local = now.astimezone(shell.tz)
    candidate = datetime.combine(local.date(), at, tzinfo=shell.tz)
    if candidate <= local:
        candidate = datetime.combine(local.date() + timedelta(days=1), at, tzinfo=shell.tz)
    return candidate


async def set_safety_check(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    at: str | None,
    reminders: str | None = None,
) -> datetime | None:
    """Turn the senior's daily safety check on at `at` (None: off). Returns
    when it is next asked."""
    subject = senior_subject(senior.id)
    if at is None:
        senior.safety_check_at = None
        await cancel_timer(session, subject, SAFETY_DAILY)
        return None
    chosen = parse_time(at)
    if reminders is not None:
        parse_reminders(reminders)
        senior.safety_reminders = reminders
    senior.safety_check_at = chosen.strftime("%H:%M")
    now = shell.now()
    due = next_check_at(chosen, now, shell)
    await set_timer(session, subject, SAFETY_DAILY, due, now)
    return due


async def fire_safety_check(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """The senior's time has come: ask, and set tomorrow's timer."""
    senior = await session.get(Senior, subject_id(timer))
    if senior is None or senior.safety_check_at is None:
        return 0
    now = shell.now()
    chosen = parse_time(senior.safety_check_at)
    await set_timer(
        session, senior_subject(senior.id), SAFETY_DAILY, next_check_at(chosen, now, shell), now
    )
    reminders = parse_reminders(senior.safety_reminders or DEFAULT_REMINDERS)
    gap = reminders[0] if reminders else timedelta(minutes=30)
    deadline = (reminders[-1] if reminders else timedelta(0)) + gap
    contacts = await first_tier_contacts(session, senior.id)
    prompt = SafetyCheckPrompt(
        label=senior.safety_check_at,
        occurrence=now.astimezone(shell.tz).date().isoformat(),
        reminders=reminders,
        deadline=deadline,
        contact=first_name(contacts[0][0].name) if contacts else "",
    )
    result = await run_turn(session, shell, senior, prompt)
    return len(result.queued)

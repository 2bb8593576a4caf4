"""The daily safety check's own timer: one row per senior ("senior:N",
kind "safety_daily") due at the senior's chosen local time, moved to the next
day each time it fires, so a restart loses nothing.

When it fires the senior's turn asks the check (the engine starts its
reminders as timer rows too); a pause or STOPP keeps it silent.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.shell import Shell
from bot.db.models import Senior, Timer
from bot.db.timers import senior_subject, set_timer, subject_id
from bot.people.close_contacts import first_tier_contacts
from bot.people.directory import first_name
from bot.people.safety_settings import (
    SAFETY_DAILY,
    change_safety_check,
    next_check_at,
    parse_time,
    reminders_of,
)
from bot.turns.turn import run_turn
from conversations.flows.safety import deadline_after
from conversations.inputs import SafetyCheckPrompt


async def set_safety_check(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    at: str | None,
    reminders: str | None = None,
    *,
    actor: str = "coordinator:cli",
) -> datetime | None:
    """Turn the senior's daily safety check on at `at` (None: off). Returns
    when it is next asked."""
    return await change_safety_check(
        session, senior, at=at, reminders=reminders, now=shell.now(), tz=shell.tz, actor=actor
    )


async def fire_safety_check(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """The senior's time has come: ask, and set tomorrow's timer."""
    senior = await session.get(Senior, subject_id(timer))
    if senior is None or senior.safety_check_at is None:
        return 0
    now = shell.now()
    chosen = parse_time(senior.safety_check_at)
    await set_timer(
        session,
        senior_subject(senior.id),
        SAFETY_DAILY,
        next_check_at(chosen, now, shell.tz),
        now,
    )
    reminders = reminders_of(senior.safety_reminders)
    contacts = await first_tier_contacts(session, senior.id)
    prompt = SafetyCheckPrompt(
        label=senior.safety_check_at,
        occurrence=now.astimezone(shell.tz).date().isoformat(),
        reminders=reminders,
        deadline=deadline_after(reminders),
        contact=first_name(contacts[0][0].name) if contacts else "",
    )
    result = await run_turn(session, shell, senior, prompt)
    return len(result.queued)

"""Noticing what no single message says: silence, and a run of bad days.

After N missed check-ins in a row on N different days (default 2), counting
only check-ins the senior received, a "no reply" case is opened, as
telephone reassurance services do; after M bad moods in a row (default 3,
counted by the engine: its `MoodStreak` fact), a "low mood" case. Never a
second one while one is still open.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.shell import Shell
from bot.db.models import CheckInResult, Escalation, Senior
from bot.db.outbox import received_at
from bot.escalations.cases import ACTIVE, CaseStatus, Reason, Urgency
from bot.escalations.ladder import open_escalation

# The check-in "campaign" of a mood nobody asked for (the senior just wrote).
UNPROMPTED = "unprompted"
_OPEN = (*ACTIVE, CaseStatus.CLAIMED)


async def _has_open_case(session: AsyncSession, senior_id: int, reason: Reason) -> bool:
    found = await session.scalar(
        select(Escalation.id).where(
            Escalation.senior_id == senior_id,
            Escalation.reason == reason,
            Escalation.status.in_(_OPEN),
        )
    )
    return found is not None


async def _open(
    session: AsyncSession, shell: Shell, senior: Senior, reason: Reason, count: int
) -> None:
    if await _has_open_case(session, senior.id, reason):
        return
    key = "wellbeing.no_reply_quote" if reason == Reason.NO_REPLY else "wellbeing.low_mood_quote"
    lang = shell.config.service.default_lang
    quote = shell.settings.templates_for(lang).render(key, {"count": count})
    await open_escalation(
        session,
        shell,
        senior,
        reason=reason,
        urgency=Urgency.NORMAL,
        quote=quote,
        message=None,
        event_id=None,
    )


# How many of the latest check-ins are looked at for a run of missed ones.
_LOOK_BACK = 30


async def after_checkin_closed(session: AsyncSession, shell: Shell, senior: Senior) -> None:
    """A check-in closed without an answer (the engine's `CheckInMissed`): is
    this the N-th missed in a row, on N different days?

    Only check-ins the senior actually received count (their text sent or
    delivered): one still queued, deferred past quiet hours or pacing, or
    failed says nothing about the senior. Two missed the same day are one
    day's silence. An answered check-in ends the run.
    """
    needed = shell.config.checkin.missed_before_escalation
    recent = await session.scalars(
        select(CheckInResult)
        .where(CheckInResult.senior_id == senior.id, CheckInResult.campaign != UNPROMPTED)
        .order_by(CheckInResult.asked_at.desc(), CheckInResult.id.desc())
        .limit(_LOOK_BACK)
    )
    silent_days: set[date] = set()
    for result in list(recent):
        if result.answered_at is not None:
            break
        sent = await received_at(session, result.campaign, result.occurrence, senior.id)
        if sent is not None:
            silent_days.add(sent.astimezone(shell.tz).date())
        if len(silent_days) >= needed:
            await _open(session, shell, senior, Reason.NO_REPLY, needed)
            return


async def low_mood(session: AsyncSession, shell: Shell, senior: Senior, count: int) -> None:
    """The engine counted `count` bad moods in a row (its `MoodStreak` fact)."""
    await _open(session, shell, senior, Reason.LOW_MOOD, count)

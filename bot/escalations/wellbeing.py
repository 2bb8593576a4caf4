"""Noticing what no single message says: silence, and a run of bad days.

After N missed check-ins in a row (default 2) a "no reply" case is opened, as
telephone reassurance services do; after M bad moods in a row (default 3), a
"low mood" case. Never a second one while one is still open.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.shell import Shell
from bot.db.models import CheckInResult, Escalation, Senior
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


async def after_checkin_closed(session: AsyncSession, shell: Shell, senior: Senior) -> None:
    """A check-in closed without an answer: is this the N-th in a row?"""
    needed = shell.config.checkin.missed_before_escalation
    recent = list(
        await session.scalars(
            select(CheckInResult)
            .where(CheckInResult.senior_id == senior.id, CheckInResult.campaign != UNPROMPTED)
            .order_by(CheckInResult.asked_at.desc(), CheckInResult.id.desc())
            .limit(needed)
        )
    )
    if len(recent) == needed and all(r.answered_at is None for r in recent):
        await _open(session, shell, senior, Reason.NO_REPLY, needed)


async def after_mood(session: AsyncSession, shell: Shell, senior: Senior) -> None:
    """A mood was recorded: is this the M-th bad one in a row?"""
    needed = shell.config.checkin.bad_moods_before_escalation
    recent = list(
        await session.scalars(
            select(CheckInResult.mood)
            .where(CheckInResult.senior_id == senior.id, CheckInResult.mood.is_not(None))
            .order_by(CheckInResult.answered_at.desc(), CheckInResult.id.desc())
            .limit(needed)
        )
    )
    if len(recent) == needed and all(mood == "bad" for mood in recent):
        await _open(session, shell, senior, Reason.LOW_MOOD, needed)

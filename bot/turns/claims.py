"""After a volunteer's command on a case: the senior's side of it.

`bot.escalations.commands` decides who holds a case; when a claim wins, the
senior is told who will get in touch, and that is a turn of their
conversation, run here in the same transaction.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.shell import Shell
from bot.db.models import Address, Message, Senior, Volunteer
from bot.escalations.cases import CaseResult
from bot.escalations.commands import CaseOutcome, claim, handle_volunteer_message
from bot.turns.turn import run_turn
from conversations.events import EscalationClaimed


async def tell_senior(session: AsyncSession, shell: Shell, outcome: CaseOutcome | None) -> int:
    """A claim won: the senior hears who will get in touch. Returns rows queued."""
    if outcome is None or outcome.result != CaseResult.CLAIMED or outcome.escalation is None:
        return 0
    senior = await session.get(Senior, outcome.escalation.senior_id)
    if senior is None:
        return 0
    result = await run_turn(session, shell, senior, EscalationClaimed(outcome.claimer))
    return len(result.queued)


async def claim_case(
    session: AsyncSession,
    shell: Shell,
    escalation_id: int,
    volunteer: Volunteer,
    *,
    actor: str | None = None,
    require_alert: bool = True,
) -> CaseOutcome:
    """`volunteer` takes the case if nobody has; the senior is told (CLI, tests)."""
    outcome = await claim(
        session, shell, escalation_id, volunteer, actor=actor, require_alert=require_alert
    )
    told = await tell_senior(session, shell, outcome)
    return replace(outcome, queued=outcome.queued + told)


async def answer_volunteer(
    session: AsyncSession, shell: Shell, volunteer: Volunteer, address: Address, message: Message
) -> int:
    """A volunteer wrote: their command, its answer and the senior's turn. Rows queued."""
    answer = await handle_volunteer_message(session, shell, volunteer, address, message)
    return answer.queued + await tell_senior(session, shell, answer.outcome)

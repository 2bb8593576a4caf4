"""What a coordinator does to a case from the console: a note, or reopening it.

Claiming (assigning to a volunteer) and resolving are the escalations'
own `claim` and `resolve`; these two complete the set.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import AuditEntry, Escalation
from bot.escalations.cases import CLOSED, CaseStatus
from bot.escalations.ladder import ladder_step

log = logging.getLogger("hejsan.escalations")

NOTE_CHARS = 2_000


def add_note(
    session: AsyncSession, escalation: Escalation, note: str, *, actor: str, now: datetime
) -> None:
    """A coordinator's note on the case's timeline (what was done, who called whom)."""
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action="escalation.noted",
            subject_type="escalation",
            subject_id=escalation.id,
            senior_id=escalation.senior_id,
            details={"note": note.strip()[:NOTE_CHARS]},
        )
    )
    escalation.updated_at = now


async def reopen(session: AsyncSession, shell: Shell, escalation: Escalation, *, actor: str) -> int:
    """A closed case needs someone again: open it and start the ladder from the top.

    Returns the alerts queued; 0 when the case was not closed (nothing changes).
    """
    if escalation.status not in CLOSED:
        return 0
    now = shell.now()
    escalation.status = CaseStatus.OPEN
    escalation.claimed_by_id = None
    escalation.claimed_at = None
    escalation.resolved_at = None
    escalation.level = 0
    escalation.updated_at = now
    session.add(
        AuditEntry(
            at=now,
            actor=actor,
            action="escalation.reopened",
            subject_type="escalation",
            subject_id=escalation.id,
            senior_id=escalation.senior_id,
            details={},
        )
    )
    await session.flush()
    log_event(log, "escalation.reopened", escalation_id=escalation.id)
    return await ladder_step(session, shell, escalation, first=True)

"""Escalations: a human must reach this senior. Opening a case and who is on duty.

The case is created in the same transaction as the message that caused it,
so a crash never loses one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Address, AuditEntry, Escalation, Message, Senior, Volunteer
from bot.logs import log_event
from bot.outbox import enqueue
from bot.shell import Shell

log = logging.getLogger("hejsan.escalations")

OPEN = "open"


async def help_availability(
    session: AsyncSession, shell: Shell, now: datetime
) -> tuple[bool, datetime | None]:
    """Is a volunteer on duty now, and if not, when is the next one?"""
    return True, None


async def open_escalation(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    *,
    reason: str,
    urgency: str,
    quote: str,
    message: Message | None,
    event_id: int | None,
) -> Escalation:
    now = shell.now()
    escalation = Escalation(
        senior_id=senior.id,
        message_id=message.id if message else None,
        event_id=event_id,
        reason=reason,
        urgency=urgency,
        quote=quote[:300],
        status=OPEN,
        created_at=now,
        updated_at=now,
    )
    session.add(escalation)
    await session.flush()
    session.add(
        AuditEntry(
            at=now,
            actor="system",
            action="escalation.opened",
            subject_type="escalation",
            subject_id=escalation.id,
            details={"reason": reason, "urgency": urgency, "senior_id": senior.id},
        )
    )
    log_event(log, "escalation.opened", escalation_id=escalation.id, reason=reason, urgency=urgency)
    return escalation


async def handle_volunteer_message(
    session: AsyncSession, shell: Shell, volunteer: Volunteer, address: Address, message: Message
) -> int:
    """A volunteer wrote: act on "OK 17" / "KLAR 17" / "NEJ 17", else explain them."""
    templates = shell.settings.templates_for(volunteer.lang)
    first_name = volunteer.name.split()[0] if volunteer.name else ""
    text = templates.render("volunteer.help", {"name": first_name})
    await enqueue(session, address, text, template="volunteer.help", now=shell.now())
    return 1

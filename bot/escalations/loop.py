"""Closing the loop: what the senior writes after a case opened reaches the
people on it.

Every reply of a senior with a case still open (or taken) is attached to the
case (an audit entry naming the message), and for a "no answer" or urgent
case passed on to whoever is on it. A "no answer" case, and a normal case
nobody has taken yet, is closed when she says all is well, and everyone
alerted is told at once. An urgent case is never closed by the
senior alone: whoever holds it (or everyone alerted, while nobody does) is
told what she wrote and decides.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import Address, Escalation, EscalationAlert, Message, Senior, Volunteer
from bot.db.outbox import enqueue
from bot.escalations.alerts import case_text, quote_text, templates_for
from bot.escalations.cases import ACTIVE, AlertResponse, CaseStatus, Reason, Urgency, audit
from bot.escalations.ladder import set_ladder_timer

log = logging.getLogger("hejsan.escalations")


def _closes(escalation: Escalation) -> bool:
    """May the senior's own "all is well" close this case?"""
    if escalation.reason == Reason.NO_ANSWER:
        return True
    return escalation.urgency != Urgency.URGENT and escalation.status in ACTIVE


def _forwards(escalation: Escalation) -> bool:
    """Is every later word of the senior passed on? For a "no answer" or an
    urgent case: whoever is on the way needs to know."""
    return escalation.reason == Reason.NO_ANSWER or escalation.urgency == Urgency.URGENT


_OPEN_CASES = (
    select(Escalation)
    .where(
        Escalation.senior_id == bindparam("senior_id"),
        Escalation.status.in_((*ACTIVE, CaseStatus.CLAIMED)),
    )
    .order_by(Escalation.id)
)


async def after_senior_reply(
    session: AsyncSession,
    shell: Shell,
    senior: Senior,
    message: Message,
    *,
    all_clear: bool,
    opened_now: Iterable[int],
) -> int:
    """Attach `message` to the senior's cases that are not closed (except
    those it opened itself) and tell their people. Returns rows queued."""
    skip = set(opened_now)
    cases = await session.scalars(_OPEN_CASES, {"senior_id": senior.id})
    now = shell.now()
    queued = 0
    for escalation in list(cases):
        if escalation.id in skip:
            continue
        audit(
            session,
            now,
            "system",
            "escalation.senior_replied",
            escalation.id,
            message_id=message.id,
        )
        if all_clear and _closes(escalation):
            queued += await _close(session, shell, escalation, now)
        elif all_clear or _forwards(escalation):
            key = "loop.urgent_all_ok" if all_clear else "loop.reply"
            queued += await _tell(
                session, shell, escalation, key, message.body, now, claimer_only=True
            )
    return queued


async def _close(session: AsyncSession, shell: Shell, escalation: Escalation, now: datetime) -> int:
    escalation.status = CaseStatus.RESOLVED
    escalation.resolved_at = now
    escalation.resolution_note = "Seniorn svarade: allt är bra."
    escalation.updated_at = now
    await set_ladder_timer(session, escalation, None, now)
    audit(session, now, "system", "escalation.closed_by_senior", escalation.id)
    log_event(log, "escalation.closed_by_senior", escalation_id=escalation.id)
    return await _tell(session, shell, escalation, "loop.all_clear", "", now, claimer_only=False)


async def _tell(
    session: AsyncSession,
    shell: Shell,
    escalation: Escalation,
    key: str,
    quote: str,
    now: datetime,
    *,
    claimer_only: bool,
) -> int:
    """Text everyone alerted about `escalation` (only the claimer once it is
    taken, when `claimer_only`), each in their own language."""
    alerts = list(
        await session.scalars(
            select(EscalationAlert).where(EscalationAlert.escalation_id == escalation.id)
        )
    )
    claimer = escalation.claimed_by_id
    case = await case_text(session, escalation)
    told: set[int] = set()
    queued = 0
    for alert in alerts:
        if alert.address_id in told or alert.response == AlertResponse.PASSED:
            continue
        if claimer_only and claimer is not None and alert.volunteer_id != claimer:
            continue
        address = await session.get(Address, alert.address_id)
        if address is None or address.unusable_at is not None:
            continue
        told.add(alert.address_id)
        someone = await session.get(Volunteer, alert.volunteer_id) if alert.volunteer_id else None
        templates = templates_for(shell, someone)
        values = {**case.values(templates), "quote": quote_text(quote)}
        text = templates.render(key, values)
        await enqueue(session, address, text, kind="alert", template=key, now=now)
        queued += 1
    return queued

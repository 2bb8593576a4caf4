"""Opening a case and the ladder: who is alerted, and who next when nobody answers.

A case is opened in the same transaction as the message that caused it, and
its first alerts (outbox rows plus `EscalationAlert` rows) go with it, so a
crash never loses a case or its alerts. Every later step of the ladder is a
`Timer` row ("escalation:17", kind "ladder"), so a restart continues where it
stopped.

Not claimed in time: the next volunteers; after the last volunteer level the
coordinators from the config. Urgent cases alert the coordinators at once, and
so does a case opened when no volunteer is on duty.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import Address, Escalation, EscalationAlert, Message, Senior, Timer, Volunteer
from bot.db.timers import escalation_subject, find_timer, set_timer, subject_id
from bot.escalations.alerts import case_text, send_alert
from bot.escalations.cases import ACTIVE, ALERTED, OPEN, URGENT, audit
from bot.escalations.routing import coordinator_addresses, pick_volunteers
from bot.people.availability import help_availability

log = logging.getLogger("hejsan.escalations")

LADDER = "ladder"  # the timer kind of the ladder's next step
# Volunteer waves before the coordinators are alerted (wave 0 is the first).
VOLUNTEER_LEVELS = 2


async def set_ladder_timer(
    session: AsyncSession, escalation: Escalation, due_at: datetime | None, now: datetime
) -> None:
    """Schedule the ladder's next step (None: no next step, the case is taken or closed)."""
    subject = escalation_subject(escalation.id)
    if due_at is None:
        row = await find_timer(session, subject, LADDER)
        if row is not None:
            await session.delete(row)
        return
    await set_timer(session, subject, LADDER, due_at, now, payload={"level": escalation.level})


def _timeout(shell: Shell, escalation: Escalation) -> timedelta:
    config = shell.config.escalation
    minutes = (
        config.urgent_claim_timeout_minutes
        if escalation.urgency == URGENT
        else config.claim_timeout_minutes
    )
    return timedelta(minutes=minutes)


async def ladder_step(
    session: AsyncSession, shell: Shell, escalation: Escalation, *, first: bool = False
) -> int:
    """Alert the next level: volunteers not yet alerted, then the coordinators.

    Returns how many alerts were queued. Schedules the next step (a timer
    row) when someone was alerted, or for the next shift when nobody is on
    duty now.
    """
    if escalation.status not in ACTIVE:
        return 0
    now = shell.now()
    level = 0 if first else escalation.level + 1
    alerts = list(
        await session.scalars(
            select(EscalationAlert).where(EscalationAlert.escalation_id == escalation.id)
        )
    )
    alerted_addresses = {a.address_id for a in alerts}
    alerted_volunteers = {a.volunteer_id for a in alerts if a.volunteer_id is not None}
    coordinators = await coordinator_addresses(session, shell)
    coordinators_done = any(c.id in alerted_addresses for c in coordinators)
    senior = await session.get(Senior, escalation.senior_id)
    if senior is None:
        return 0
    picks: list[tuple[Volunteer, Address]] = []
    if level < VOLUNTEER_LEVELS or coordinators_done or not coordinators:
        picks = await pick_volunteers(
            session,
            shell,
            senior,
            now,
            shell.config.escalation.alert_count,
            exclude=alerted_volunteers,
        )
    call_coordinators = not coordinators_done and (
        not picks or (first and escalation.urgency == URGENT)
    )
    case = await case_text(session, escalation)
    queued = 0
    for volunteer, address in picks:
        if address.id in alerted_addresses:
            continue
        await send_alert(
            session, shell, case, address, volunteer, level=level, coordinator=False, now=now
        )
        alerted_addresses.add(address.id)
        volunteer.last_alerted_at = now
        queued += 1
    if call_coordinators:
        for address in coordinators:
            if address.id in alerted_addresses:
                continue
            holder = None
            if address.volunteer_id is not None:
                holder = await session.get(Volunteer, address.volunteer_id)
            await send_alert(
                session, shell, case, address, holder, level=level, coordinator=True, now=now
            )
            alerted_addresses.add(address.id)
            queued += 1
    escalation.level = level
    escalation.updated_at = now
    due: datetime | None = None
    if queued:
        escalation.status = ALERTED
        due = now + _timeout(shell, escalation)
    else:
        available, next_at = await help_availability(session, shell, now)
        if not available and next_at is not None:
            due = next_at.astimezone(UTC)
        audit(session, now, "system", "escalation.nobody_new_to_alert", escalation.id, level=level)
        log_event(
            log,
            "escalation.nobody_new_to_alert",
            logging.WARNING,
            escalation_id=escalation.id,
            ladder_level=level,
            retry_at=due.isoformat() if due else None,
        )
    await set_ladder_timer(session, escalation, due, now)
    return queued


async def fire_ladder_timer(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """Nobody took the case in time (or a shift began): the ladder's next step."""
    escalation = await session.get(Escalation, subject_id(timer))
    if escalation is None or escalation.status not in ACTIVE:
        return 0
    if timer.kind != LADDER or timer.payload.get("level") != escalation.level:
        return 0  # replaced by a newer step
    return await ladder_step(session, shell, escalation)


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
    """Open a case and send its first alerts, in the caller's transaction."""
    now = shell.now()
    escalation = Escalation(
        senior_id=senior.id,
        message_id=message.id if message else None,
        event_id=event_id,
        reason=reason,
        urgency=urgency,
        quote=quote[:300],
        status=OPEN,
        level=0,
        created_at=now,
        updated_at=now,
    )
    session.add(escalation)
    await session.flush()
    audit(
        session,
        now,
        "system",
        "escalation.opened",
        escalation.id,
        reason=reason,
        urgency=urgency,
        senior_id=senior.id,
    )
    log_event(log, "escalation.opened", escalation_id=escalation.id, reason=reason, urgency=urgency)
    await ladder_step(session, shell, escalation, first=True)
    return escalation

"""Opening a case and the ladder: who is alerted, and who next when nobody answers.

A case is opened in the same transaction as the message that caused it, and
its first alerts (outbox rows plus `EscalationAlert` rows) go with it, so a
crash never loses a case or its alerts. Every later step of the ladder is a
`Timer` row ("escalation:17", kind "ladder"), so a restart continues where it
stopped.

Not claimed in time: the next volunteers; after the last volunteer level the
coordinators from the config. A "no answer" case asks the senior's
first-tier close contacts first, and her other close contacts together with
the first volunteers. Urgent cases alert the coordinators at once, and
so does a case opened when no volunteer is on duty.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.logs import log_event
from bot.core.shell import Shell
from bot.db.models import Address, Escalation, EscalationAlert, Message, Senior, Timer, Volunteer
from bot.db.outbox import enqueue
from bot.db.timers import escalation_subject, find_timer, set_timer, subject_id
from bot.escalations.alerts import CaseText, case_text, send_alert, templates_for
from bot.escalations.cases import (
    ACTIVE,
    CaseStatus,
    Reason,
    Urgency,
    audit,
)
from bot.escalations.routing import coordinator_addresses, pick_volunteers, volunteer_addresses
from bot.people.availability import help_availability
from bot.people.close_contacts import contact_volunteers
from conversations.actions import QUOTE_LIMIT
from scheduler.ladder import (
    ClaimTimeouts,
    coordinators_next,
    next_level,
    next_step_at,
    volunteers_next,
)

log = logging.getLogger("hejsan.escalations")

LADDER = "ladder"  # the timer kind of the ladder's next step
NOBODY_REACHED = "nobody_reached"  # the coordinators' reminder after the ladder ran out
NOBODY_REACHED_REPEAT = timedelta(minutes=15)


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
    timeouts = ClaimTimeouts.from_minutes(
        config.claim_timeout_minutes, config.urgent_claim_timeout_minutes
    )
    return timeouts.for_case(urgent=escalation.urgency == Urgency.URGENT)


@dataclass
class _Step:
    """One step of the ladder: the level it alerts and what was alerted before."""

    escalation: Escalation
    level: int
    now: datetime
    alerted_addresses: set[int]
    alerted_volunteers: set[int]
    queued: int = 0


async def _step(session: AsyncSession, escalation: Escalation, level: int, now: datetime) -> _Step:
    alerts = list(
        await session.scalars(
            select(EscalationAlert).where(EscalationAlert.escalation_id == escalation.id)
        )
    )
    return _Step(
        escalation,
        level,
        now,
        alerted_addresses={a.address_id for a in alerts},
        alerted_volunteers={a.volunteer_id for a in alerts if a.volunteer_id is not None},
    )


async def _alert(
    session: AsyncSession,
    shell: Shell,
    step: _Step,
    case: CaseText,
    targets: list[tuple[Volunteer | None, Address]],
    *,
    coordinator: bool,
) -> None:
    """Alert each target not alerted about this case yet."""
    for volunteer, address in targets:
        if address.id in step.alerted_addresses:
            continue
        await send_alert(
            session,
            shell,
            case,
            address,
            volunteer,
            level=step.level,
            coordinator=coordinator,
            now=step.now,
        )
        step.alerted_addresses.add(address.id)
        if volunteer is not None and not coordinator:
            volunteer.last_alerted_at = step.now
        step.queued += 1


async def _coordinator_targets(
    session: AsyncSession, coordinators: list[Address]
) -> list[tuple[Volunteer | None, Address]]:
    """Each coordinator address, with the volunteer who holds it (if one does)."""
    targets: list[tuple[Volunteer | None, Address]] = []
    for address in coordinators:
        holder = None
        if address.volunteer_id is not None:
            holder = await session.get(Volunteer, address.volunteer_id)
        targets.append((holder, address))
    return targets


async def _schedule_next(session: AsyncSession, shell: Shell, step: _Step) -> None:
    """Record the level reached and when the ladder looks again."""
    escalation, now = step.escalation, step.now
    escalation.level = step.level
    escalation.updated_at = now
    available, next_at = (True, None)
    if step.queued:
        escalation.status = CaseStatus.ALERTED
    else:
        available, next_at = await help_availability(session, shell, now)
    due = next_step_at(
        now,
        alerted=bool(step.queued),
        timeout=_timeout(shell, escalation),
        help_available=available,
        help_next=next_at,
    )
    if not step.queued:
        audit(
            session,
            now,
            "system",
            "escalation.nobody_new_to_alert",
            escalation.id,
            level=step.level,
        )
        log_event(
            log,
            "escalation.nobody_new_to_alert",
            logging.WARNING,
            escalation_id=escalation.id,
            ladder_level=step.level,
            retry_at=due.isoformat() if due else None,
        )
    if due is None:
        # The ladder ran out: never silently. The case stays "nobody
        # reached" and the coordinators are told again until someone acts.
        due = now + NOBODY_REACHED_REPEAT
        audit(session, now, "system", "escalation.nobody_reached", escalation.id)
        await set_timer(
            session, escalation_subject(escalation.id), NOBODY_REACHED, due, now, payload={}
        )
        return
    await set_ladder_timer(session, escalation, due, now)


async def _close_contacts(
    session: AsyncSession, shell: Shell, senior: Senior, step: _Step, *, first_tier_only: bool
) -> list[tuple[Volunteer, Address]]:
    """The senior's close contacts not alerted about this case yet, each
    where they are reached (as a volunteer is)."""
    contacts = [
        contact
        for contact in await contact_volunteers(session, senior.id, first_tier_only=first_tier_only)
        if contact.id not in step.alerted_volunteers
    ]
    addresses = await volunteer_addresses(session, shell, [c.id for c in contacts])
    return [(c, addresses[c.id]) for c in contacts if c.id in addresses]


async def remind_coordinators(session: AsyncSession, shell: Shell, escalation: Escalation) -> int:
    """Nobody has taken the case and the ladder has nobody left: every
    coordinator channel is told again, and again in 15 minutes."""
    now = shell.now()
    case = await case_text(session, escalation)
    queued = 0
    for address in await coordinator_addresses(session, shell):
        templates = templates_for(shell, None)
        text = templates.render("loop.nobody_reached", case.values(templates))
        await enqueue(session, address, text, kind="alert", template="loop.nobody_reached", now=now)
        queued += 1
    log_event(log, "escalation.nobody_reached", logging.WARNING, escalation_id=escalation.id)
    await set_timer(
        session,
        escalation_subject(escalation.id),
        NOBODY_REACHED,
        now + NOBODY_REACHED_REPEAT,
        now,
        payload={},
    )
    return queued


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
    step = await _step(session, escalation, next_level(escalation.level, first=first), shell.now())
    coordinators = await coordinator_addresses(session, shell)
    coordinators_alerted = any(c.id in step.alerted_addresses for c in coordinators)
    senior = await session.get(Senior, escalation.senior_id)
    if senior is None:
        return 0
    picks: list[tuple[Volunteer, Address]] = []
    no_answer = escalation.reason == Reason.NO_ANSWER
    if first and no_answer:
        # The senior's first-tier close contacts (a key, nearby) come before volunteers.
        picks = await _close_contacts(session, shell, senior, step, first_tier_only=True)
    if not picks and volunteers_next(
        step.level, coordinators_alerted=coordinators_alerted, has_coordinators=bool(coordinators)
    ):
        count = shell.config.escalation.alert_count
        picks = await pick_volunteers(
            session, shell, senior, step.now, count, exclude=step.alerted_volunteers
        )
        if no_answer:
            # The other close contacts are asked together with the volunteers.
            picks += await _close_contacts(session, shell, senior, step, first_tier_only=False)
    call_coordinators = coordinators_next(
        coordinators_alerted=coordinators_alerted,
        volunteers_found=bool(picks),
        first=first,
        urgent=escalation.urgency == Urgency.URGENT,
    )
    case = await case_text(session, escalation)
    await _alert(session, shell, step, case, list(picks), coordinator=False)
    if call_coordinators:
        targets = await _coordinator_targets(session, coordinators)
        await _alert(session, shell, step, case, targets, coordinator=True)
    await _schedule_next(session, shell, step)
    return step.queued


async def fire_ladder_timer(session: AsyncSession, shell: Shell, timer: Timer) -> int:
    """Nobody took the case in time (or a shift began): the ladder's next step."""
    escalation = await session.get(Escalation, subject_id(timer))
    if escalation is None or escalation.status not in ACTIVE:
        return 0
    if timer.kind == NOBODY_REACHED:
        return await remind_coordinators(session, shell, escalation)
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
        quote=quote[:QUOTE_LIMIT],
        status=CaseStatus.OPEN,
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
